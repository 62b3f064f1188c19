"""Counting a consultation: one answer per home, online or on paper; the draagvlakmeting's 70 % over ALL homes;
nothing shown while open, and no detail below five homes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations import selectors, services
from consultations.codes import ballot_code
from consultations.models import (
    Ballot,
    BallotChannel,
    ConsultationKind,
    ConsultationPage,
    ConsultationQuestion,
    QuestionKind,
)
from portal.factories import HomeFactory, ResidencyFactory, UserFactory
from portal.permissions import verified_home_of

pytestmark = pytest.mark.django_db


def consultation_make(committee, *, kind, questions, opens_on=None, closes_on=None):
    today = timezone.localdate()
    page = committee.add_child(
        instance=ConsultationPage(
            title="Wat vindt u ervan?",
            kind=kind,
            intro="Uitleg.",
            opens_on=opens_on or today - datetime.timedelta(days=7),
            closes_on=closes_on or today + datetime.timedelta(days=7),
        )
    )
    for order, (text, question_kind, choices) in enumerate(questions):
        ConsultationQuestion.objects.create(page=page, sort_order=order, text=text, kind=question_kind, choices=choices)
    return page


def homes(building, count, start=100):
    return [HomeFactory(building=building, number=str(start + n)) for n in range(count)]


def close(page):
    page.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    page.save()


@pytest.fixture
def renovation(committee):
    return consultation_make(
        committee,
        kind=ConsultationKind.RENOVATION,
        questions=[
            ("Bent u voor het renovatievoorstel?", QuestionKind.FOR_AGAINST, ""),
            ("Moeten wij straks met u of met uw situatie rekening houden?", QuestionKind.READINESS, ""),
        ],
    )


def answer(page, home, values, *, by, channel=BallotChannel.ONLINE):
    questions = list(page.questions.all())
    return services.ballot_submit(
        consultation=page,
        home=home,
        answers={question.pk: [value] for question, value in zip(questions, values, strict=False) if value},
        channel=channel,
        by=by,
    )


def test_the_threshold_counts_over_all_homes_not_over_those_who_answered(renovation, building, member):
    """10 homes; 6 answer, all for: 100 % of the answers, but 6 of 10 homes (60 %) — not reached."""
    all_homes = homes(building, 10)
    for home in all_homes[:6]:
        answer(renovation, home, ["voor", "nee"], by=member, channel=BallotChannel.PAPER)
    close(renovation)

    (result,) = selectors.consultation_results(consultation=renovation)

    assert (result.homes_total, result.homes_answered, result.response_percent) == (10, 6, 60)
    assert (result.threshold.homes_for, result.threshold.homes_total, result.threshold.percent) == (6, 10, 60)
    assert not result.threshold.reached


def test_seven_of_ten_homes_for_reaches_the_threshold_and_69_6_percent_does_not(renovation, building, member):
    all_homes = homes(building, 10)
    for home in all_homes[:7]:
        answer(renovation, home, ["voor", "nee"], by=member, channel=BallotChannel.PAPER)
    for home in all_homes[7:]:
        answer(renovation, home, ["tegen", "nee"], by=member, channel=BallotChannel.PAPER)
    close(renovation)
    (reached,) = selectors.consultation_results(consultation=renovation)

    homes(building, 13, start=500)  # thirteen more homes, who did not answer
    (short,) = selectors.consultation_results(consultation=renovation)

    assert reached.threshold.reached
    assert reached.threshold.percent == 70
    assert (short.threshold.homes_for, short.threshold.homes_total) == (7, 23)
    assert not short.threshold.reached


def test_the_exact_boundary_is_compared_without_rounding(renovation, building, member):
    all_homes = homes(building, 23)
    for home in all_homes[:16]:  # 16 / 23 = 69.57 %
        answer(renovation, home, ["voor", "nee"], by=member, channel=BallotChannel.PAPER)
    close(renovation)

    (result,) = selectors.consultation_results(consultation=renovation)

    assert result.threshold.percent == 70, "shown rounded"
    assert not result.threshold.reached, "but 69.57 % is not 70 %"


def test_a_home_counts_once_the_last_answer_counts_and_the_conflict_is_listed(renovation, building, member, resident):
    home = verified_home_of(resident)
    others = homes(building, 5)
    for other in others:
        answer(renovation, other, ["tegen", "nee"], by=member, channel=BallotChannel.PAPER)
    answer(renovation, home, ["tegen", "nee"], by=resident)
    answer(renovation, home, ["voor", "ja_bellen"], by=member, channel=BallotChannel.PAPER)
    close(renovation)

    (result,) = selectors.consultation_results(consultation=renovation)
    (conflict,) = selectors.ballot_conflicts(consultation=renovation)

    assert result.homes_answered == 6, "the home counts once"
    assert result.threshold.homes_for == 1, "the paper ballot, handed in last, counts"
    assert (conflict.home, conflict.earlier_channel, conflict.later_channel) == (home, "online", "papier")
    assert not conflict.same_answers


def test_changing_ones_own_online_answer_is_no_conflict(renovation, resident):
    home = verified_home_of(resident)
    answer(renovation, home, ["tegen", "nee"], by=resident)
    answer(renovation, home, ["voor", "nee"], by=resident)

    assert Ballot.objects.get(home=home).choices.filter(value="voor").exists()
    assert not selectors.ballot_conflicts(consultation=renovation).exists()


def test_a_second_resident_of_the_same_home_is_listed(renovation, resident):
    home = verified_home_of(resident)
    partner = UserFactory(email="partner@example.org")
    ResidencyFactory(user=partner, home=home)
    answer(renovation, home, ["tegen", "nee"], by=resident)
    answer(renovation, home, ["tegen", "nee"], by=partner)

    (conflict,) = selectors.ballot_conflicts(consultation=renovation)
    assert conflict.same_answers
    assert Ballot.objects.filter(home=home).count() == 1


def test_nothing_but_the_response_rate_is_shown_while_open(renovation, building, member):
    for home in homes(building, 8):
        answer(renovation, home, ["voor", "nee"], by=member, channel=BallotChannel.PAPER)

    (result,) = selectors.consultation_results(consultation=renovation)

    assert result.withheld == "open"
    assert result.homes_answered == 8
    assert result.questions == []
    assert result.threshold is None


def test_detail_is_withheld_below_five_homes(committee, building, member):
    poll = consultation_make(
        committee, kind=ConsultationKind.POLL, questions=[("Een bankje bij de ingang?", QuestionKind.YES_NO, "")]
    )
    for home in homes(building, 4):
        answer(poll, home, ["ja"], by=member, channel=BallotChannel.PAPER)
    close(poll)

    (result,) = selectors.consultation_results(consultation=poll)

    assert result.withheld == "few"
    assert result.questions == []


def test_a_poll_and_house_rules_count_per_option(committee, building, member):
    rules = consultation_make(
        committee,
        kind=ConsultationKind.HOUSE_RULES,
        questions=[
            ("Geen fietsen in de hal.", QuestionKind.AGREE, ""),
            ("Rust na 22.00 uur.", QuestionKind.AGREE, ""),
            ("Welke dagen is de ontmoetingsruimte open?", QuestionKind.SEVERAL, "maandag\ndinsdag\nwoensdag"),
        ],
    )
    for n, home in enumerate(homes(building, 6)):
        services.ballot_submit(
            consultation=rules,
            home=home,
            answers={
                rules.questions.all()[0].pk: ["eens" if n < 5 else "oneens"],
                rules.questions.all()[1].pk: ["eens"],
                rules.questions.all()[2].pk: ["maandag", "woensdag"] if n % 2 else [],
            },
            channel=BallotChannel.PAPER,
            by=member,
        )
    close(rules)

    (result,) = selectors.consultation_results(consultation=rules)
    first, second, days = result.questions

    assert [(o.value, o.homes, o.percent) for o in first.options] == [("eens", 5, 83), ("oneens", 1, 17)]
    assert [(o.value, o.homes) for o in second.options] == [("eens", 6), ("oneens", 0)]
    assert [(o.value, o.homes) for o in days.options] == [("maandag", 3), ("dinsdag", 0), ("woensdag", 3)]
    assert days.answered == 6, "ticking nothing is an answer too"
    assert [o.percent for o in days.options] == [50, 0, 50]


def test_an_answer_is_refused_with_a_dutch_message(renovation, building, member, other_building):
    home = homes(building, 1)[0]
    question = renovation.questions.first()

    with pytest.raises(services.BallotError, match="Vul ‘Moeten wij straks"):
        services.ballot_submit(
            consultation=renovation, home=home, answers={question.pk: ["voor"]}, channel="papier", by=member
        )
    with pytest.raises(services.BallotError, match="antwoord dat niet kan"):
        answer(renovation, home, ["misschien", "nee"], by=member, channel="papier")
    with pytest.raises(services.BallotError, match="hoort niet bij de gebouwen"):
        answer(renovation, HomeFactory(building=other_building, number="1"), ["voor", "nee"], by=member)
    close(renovation)
    with pytest.raises(services.BallotError, match="gesloten"):
        answer(renovation, home, ["voor", "nee"], by=member, channel="papier")
    assert not Ballot.objects.exists()


def test_the_readiness_question_gives_staff_homes_and_how_to_contact_them(renovation, building, member):
    one, two, three = homes(building, 3)
    answer(renovation, one, ["voor", "ja_bellen"], by=member, channel="papier")
    answer(renovation, two, ["tegen", "nee"], by=member, channel="papier")
    answer(renovation, three, ["tegen", "ja_brief"], by=member, channel="papier")

    listed = selectors.readiness_homes(consultation=renovation)

    assert [(row.home, row.how) for row in listed] == [(one, "Ja, bel mij"), (three, "Ja, stuur mij een brief")]


def test_the_paper_code_finds_its_home_only_in_its_own_consultation(renovation, committee, building):
    target, *_ = homes(building, 5)
    other = consultation_make(committee, kind=ConsultationKind.POLL, questions=[("?", QuestionKind.YES_NO, "")])
    code = ballot_code(consultation_id=renovation.pk, home_id=target.pk)

    assert selectors.home_for_code(consultation=renovation, typed=code.lower().replace("-", " ")) == target
    assert selectors.home_for_code(consultation=other, typed=code) != target
    assert selectors.home_for_code(consultation=renovation, typed="AAAA-AAAA") is None


def test_results_take_the_same_queries_for_10_and_200_homes(renovation, building, member):
    def queries_after(number):
        renovation.closes_on = timezone.localdate()
        renovation.save()
        for home in homes(building, number, start=1000 * number):
            answer(renovation, home, ["voor", "ja_bellen"], by=member, channel="papier")
        close(renovation)
        with CaptureQueriesContext(connection) as queries:
            (result,) = selectors.consultation_results(consultation=renovation)
        return len(queries), result.homes_answered

    small, answered_small = queries_after(10)
    large, answered_large = queries_after(190)

    assert (answered_small, answered_large) == (10, 200)
    assert small == large
    assert small <= 6
