"""The consultation's editor in the admin: questions must fit the kind, and stay as they are once homes answered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from consultations import services
from consultations.models import ConsultationPage, ConsultationQuestion
from portal.permissions import verified_home_of

pytestmark = pytest.mark.django_db


def form(kind, questions, **extra):
    today = timezone.localdate()
    return nested_form_data(
        {
            "title": "Renovatie",
            "slug": "renovatie",
            "kind": kind,
            "intro": "Uitleg.",
            "opens_on": (today + datetime.timedelta(days=1)).strftime("%d-%m-%Y"),
            "closes_on": (today + datetime.timedelta(days=20)).strftime("%d-%m-%Y"),
            "questions": inline_formset(
                [
                    {"text": text, "kind": question_kind, "choices": choices}
                    for text, question_kind, choices in questions
                ]
            ),
            **extra,
        }
    )


def add(client, committee, data):
    return client.post(f"/admin/pages/add/consultations/consultationpage/{committee.pk}/", data)


@pytest.mark.parametrize(
    ("kind", "questions", "message"),
    [
        ("draagvlakmeting", [("Wat vindt u?", "ja_nee", "")], "precies één vraag ‘Voor of tegen"),
        ("peiling", [("Voor?", "voor_tegen", "")], "horen alleen bij een draagvlakmeting"),
        ("huisregels", [("Rust na tienen.", "ja_nee", "")], "kies ‘Eens of oneens’"),
        ("peiling", [("Welke dag?", "een_keuze", "maandag")], "ten minste twee keuzes"),
    ],
)
def test_questions_that_do_not_fit_the_kind_are_refused_in_dutch(client, committee, member, kind, questions, message):
    client.force_login(member)

    response = add(client, committee, form(kind, questions))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConsultationPage.objects.exists()


def test_a_fitting_draagvlakmeting_is_saved(client, committee, member):
    client.force_login(member)

    response = add(
        client,
        committee,
        form("draagvlakmeting", [("Bent u voor?", "voor_tegen", ""), ("Rekening houden?", "rekening_houden", "")]),
    )

    assert response.status_code == 302
    assert ConsultationPage.objects.get().questions.count() == 2


def test_questions_stay_as_they_are_once_homes_answered(committee, resident):
    today = timezone.localdate()
    page = committee.add_child(
        instance=ConsultationPage(
            title="Bankje", kind="peiling", intro="?", opens_on=today, closes_on=today + datetime.timedelta(days=5)
        )
    )
    ConsultationQuestion.objects.create(page=page, text="Een bankje?", kind="ja_nee")
    services.ballot_submit(
        consultation=page,
        home=verified_home_of(resident),
        answers={page.questions.get().pk: ["ja"]},
        channel="online",
        by=resident,
    )

    with pytest.raises(ValidationError) as error:
        services.questions_validate(
            kind="peiling", questions=[("een_keuze", "a\nb")], answered=True, before=[("ja_nee", "")]
        )
    assert "Er zijn al antwoorden gegeven" in str(error.value)
    services.questions_validate(kind="peiling", questions=[("ja_nee", "")], answered=True, before=[("ja_nee", "")])


def test_a_buildings_committee_asks_only_its_own_building(client, committee, member, building, other_building):
    client.force_login(member)
    data = form("peiling", [("Een bankje?", "ja_nee", "")])
    data["buildings"] = [other_building.pk]

    response = add(client, committee, data)

    assert "Een commissie van een gebouw vraagt alleen het eigen gebouw" in response.content.decode()
    assert not ConsultationPage.objects.exists()
