"""Demo data of the consultations (seed_demo): in De Linde an open poll answered online and on paper, a closed
draagvlakmeting with its outcome against the 70 % threshold, and a house-rules consultation that is open."""

from __future__ import annotations

import datetime
import math

from django.utils import timezone

from committees.models import CommitteeKind
from consultations import services
from consultations.models import (
    BallotChannel,
    ConsultationKind,
    ConsultationPage,
    ConsultationQuestion,
    QuestionKind,
)
from portal.models import Home, Residency


def _consultation(committee, *, title, slug, kind, intro, opens_on, closes_on, questions) -> ConsultationPage:
    page = committee.add_child(
        instance=ConsultationPage(
            title=title, slug=slug, kind=kind, intro=intro, opens_on=opens_on, closes_on=closes_on
        )
    )
    for order, (text, question_kind, choices) in enumerate(questions):
        ConsultationQuestion.objects.create(page=page, sort_order=order, text=text, kind=question_kind, choices=choices)
    page.save_revision().publish()
    return page


def _answers(page, values: list[str]) -> dict[int, list[str]]:
    return {
        question.pk: ([value] if isinstance(value, str) else value)
        for question, value in zip(page.questions.all(), values, strict=True)
        if value
    }


def seed_consultations(context: dict) -> None:
    buildings = context["buildings"]
    building = next((b for b in buildings if b.title == "De Linde"), buildings[0])
    committee = next(
        c for c in context["committees"] if c.building_id == building.pk and c.kind == CommitteeKind.RESIDENTS
    )
    entered_by = context["accounts"]["committee"]
    rng = context["random"]()
    today = timezone.localdate()
    homes = list(Home.objects.filter(building=building).order_by("pk"))
    online = {
        residency.home_id: residency.user
        for residency in Residency.objects.filter(home__building=building, ended_at__isnull=True).select_related("user")
    }

    # The draagvlakmeting, held last month: answered while open, then closed.
    renovation = _consultation(
        committee,
        title="Renovatie 2027: nieuwe badkamers en isolatie",
        slug="renovatie-2027",
        kind=ConsultationKind.RENOVATION,
        intro=(
            "De corporatie wil in 2027 alle badkamers vernieuwen en de gevels isoleren. De huur gaat met € 18 per "
            "maand omhoog; de energierekening gaat naar verwachting met € 25 per maand omlaag. Het voorstel gaat "
            "door als ten minste 70 % van de woningen voor is."
        ),
        opens_on=today - datetime.timedelta(days=40),
        closes_on=today + datetime.timedelta(days=1),
        questions=[
            ("Bent u voor het renovatievoorstel?", QuestionKind.FOR_AGAINST, ""),
            (
                "Moeten wij straks met u of met uw situatie rekening houden tijdens de uitvoering?",
                QuestionKind.READINESS,
                "",
            ),
        ],
    )
    answering = homes[: math.ceil(len(homes) * 0.86)]
    homes_for = math.ceil(len(homes) * 0.72)
    for n, home in enumerate(answering):
        readiness = rng.choice(["nee", "nee", "nee", "ja_bellen", "ja_langskomen", "ja_brief"])
        services.ballot_submit(
            consultation=renovation,
            home=home,
            answers=_answers(renovation, ["voor" if n < homes_for else "tegen", readiness]),
            channel=BallotChannel.ONLINE if home.pk in online else BallotChannel.PAPER,
            by=online.get(home.pk, entered_by),
        )
    ConsultationPage.objects.filter(pk=renovation.pk).update(closes_on=today - datetime.timedelta(days=10))

    # The open poll: some homes answered online, the committee typed in some paper ballots.
    poll = _consultation(
        committee,
        title="Nieuwe bankjes in de tuin?",
        slug="peiling-bankjes-in-de-tuin",
        kind=ConsultationKind.POLL,
        intro=(
            "De commissie wil de tuin opknappen. Wat vindt u ervan? Uw antwoord helpt ons bij het gesprek met "
            "de corporatie."
        ),
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=16),
        questions=[
            ("Wilt u bankjes bij de ingang van de tuin?", QuestionKind.YES_NO, ""),
            ("Welke planten wilt u in de tuin?", QuestionKind.SEVERAL, "Rozen\nLavendel\nKruiden\nEen moestuinbak"),
        ],
    )
    demo_resident = context["accounts"]["resident"]
    for home in homes[:24]:
        user = online.get(home.pk)
        if user == demo_resident:
            continue  # the README's resident answers it themselves
        services.ballot_submit(
            consultation=poll,
            home=home,
            answers=_answers(poll, [rng.choice(["ja", "ja", "nee"]), rng.sample(["Rozen", "Lavendel", "Kruiden"], 2)]),
            channel=BallotChannel.ONLINE if user else BallotChannel.PAPER,
            by=user or entered_by,
        )

    # House rules, open: agree or disagree per rule.
    _consultation(
        committee,
        title="Nieuwe huisregels voor de ontmoetingsruimte",
        slug="huisregels-ontmoetingsruimte",
        kind=ConsultationKind.HOUSE_RULES,
        intro="De commissie stelt drie huisregels voor. Bent u het ermee eens?",
        opens_on=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=26),
        questions=[
            ("De ontmoetingsruimte is open van 9.00 tot 21.00 uur.", QuestionKind.AGREE, ""),
            ("Wie de ruimte gebruikt, ruimt zelf op en zet de stoelen terug.", QuestionKind.AGREE, ""),
            ("Honden mogen niet in de ontmoetingsruimte, behalve hulphonden.", QuestionKind.AGREE, ""),
        ],
    )
