"""What the consultation pages read: who is asked, the results per building, the conflicts, readiness."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from consultations.codes import ballot_code_matches
from consultations.models import (
    MIN_HOMES_FOR_DETAIL,
    READINESS_YES,
    RENOVATION_THRESHOLD_PERCENT,
    Ballot,
    BallotChoice,
    BallotConflict,
    ConsultationKind,
    ConsultationPage,
    QuestionKind,
)
from portal.models import BuildingPage, Home


def consultation_buildings(*, consultation: ConsultationPage) -> list[BuildingPage]:
    """The buildings asked: the chosen ones, else the committee's building, else (the platform) all.

    Kept with the pages (`portal.page_cache.kept_with_pages`: the choice changes only when the page is
    published, which clears them) and on the page object for the rest of the request. Worked out, it is two
    look-ups by key: the chosen keys, then their buildings. (One query asking for "chosen or the committee's"
    made PostgreSQL test every building: 4 ms a page at 1,200 buildings.)"""
    from portal.page_cache import kept_with_pages

    cached = getattr(consultation, "_buildings_cache", None)
    if cached is not None:
        return cached

    def compute() -> list[BuildingPage]:
        chosen = list(
            ConsultationPage.buildings.through.objects.filter(consultationpage_id=consultation.pk).values_list(
                "buildingpage_id", flat=True
            )
        )
        keys = chosen or ([consultation.building_id] if consultation.building_id else [])
        buildings = list(BuildingPage.objects.filter(pk__in=keys).order_by("title")) if keys else []
        return buildings or list(BuildingPage.objects.live().order_by("title"))

    buildings = kept_with_pages(f"consultation-buildings:{consultation.pk}", compute)
    consultation._buildings_cache = buildings
    return buildings


def consultation_homes(*, consultation: ConsultationPage):
    return Home.objects.filter(building__in=consultation_buildings(consultation=consultation))


def consultation_is_open(*, consultation: ConsultationPage, today=None) -> bool:
    today = today or timezone.localdate()
    return consultation.opens_on <= today <= consultation.closes_on


def consultation_is_closed(*, consultation: ConsultationPage, today=None) -> bool:
    today = today or timezone.localdate()
    return today > consultation.closes_on


def home_for_code(*, consultation: ConsultationPage, typed: str) -> Home | None:
    """The home whose paper ballot carries this code, among the homes asked; None for a wrong code."""
    for home in consultation_homes(consultation=consultation).only("pk", "building_id", "number"):
        if ballot_code_matches(typed, consultation_id=consultation.pk, home_id=home.pk):
            return home
    return None


@dataclass
class OptionCount:
    value: str
    label: str
    homes: int
    percent: int  # of the homes that answered this question


@dataclass
class QuestionResult:
    question_id: int
    text: str
    kind: str
    answered: int
    options: list[OptionCount]


@dataclass
class Threshold:
    """The draagvlakmeting's outcome: homes for, over ALL homes of the building(s)."""

    homes_for: int
    homes_total: int
    percent: int
    reached: bool
    required_percent: int = RENOVATION_THRESHOLD_PERCENT


@dataclass
class BuildingResult:
    building: BuildingPage
    homes_total: int
    homes_answered: int
    response_percent: int
    # Counts are shown only after closing, and only where enough homes answered (`withheld` says why not).
    withheld: str = ""  # "" | "open" | "few"
    questions: list[QuestionResult] = field(default_factory=list)
    threshold: Threshold | None = None


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def consultation_results(*, consultation: ConsultationPage, today=None) -> list[BuildingResult]:
    """The results per building asked. While open: only how many homes answered. After closing: counts per
    option (none below MIN_HOMES_FOR_DETAIL homes), and for a draagvlakmeting the 70 % threshold over all homes.
    Four queries whatever the number of homes, buildings or answers."""
    buildings = consultation_buildings(consultation=consultation)
    answered_here = Ballot.objects.filter(consultation=consultation, home=OuterRef("pk"))
    homes = (
        Home.objects.filter(building__in=buildings)
        .values("building")
        .annotate(total=Count("pk"), answered=Count("pk", filter=Exists(answered_here)))
    )
    totals = {row["building"]: row["total"] for row in homes}
    answered = {row["building"]: row["answered"] for row in homes}
    closed = consultation_is_closed(consultation=consultation, today=today)
    questions = list(consultation.questions.all())
    counts: dict[tuple[int, int, str], int] = Counter()
    answered_per_question: dict[tuple[int, int], int] = Counter()
    if closed:
        rows = (
            BallotChoice.objects.filter(ballot__consultation=consultation, ballot__home__building__in=buildings)
            .values("ballot__home__building", "question", "value")
            .annotate(n=Count("ballot", distinct=True))
        )
        for row in rows:
            counts[(row["ballot__home__building"], row["question"], row["value"])] = row["n"]
            # A question with one answer: the homes that answered it are the sum of its options.
            answered_per_question[(row["ballot__home__building"], row["question"])] += row["n"]

    results = []
    for building in buildings:
        total, homes_answered = totals.get(building.pk, 0), answered.get(building.pk, 0)
        result = BuildingResult(
            building=building,
            homes_total=total,
            homes_answered=homes_answered,
            response_percent=_percent(homes_answered, total),
        )
        if not closed:
            result.withheld = "open"
        elif homes_answered < MIN_HOMES_FOR_DETAIL:
            result.withheld = "few"
        else:
            for question in questions:
                if question.kind == QuestionKind.READINESS:
                    continue  # for staff only: `readiness_homes`
                # Several choices: every home that answered counts (ticking nothing is an answer too).
                n = homes_answered if question.allows_several else answered_per_question[(building.pk, question.pk)]
                result.questions.append(
                    QuestionResult(
                        question_id=question.pk,
                        text=question.text,
                        kind=question.kind,
                        answered=n,
                        options=[
                            OptionCount(
                                value=value,
                                label=label,
                                homes=counts[(building.pk, question.pk, value)],
                                percent=_percent(counts[(building.pk, question.pk, value)], n),
                            )
                            for value, label in question.options()
                        ],
                    )
                )
        if closed and consultation.kind == ConsultationKind.RENOVATION:
            main = next((q for q in questions if q.kind == QuestionKind.FOR_AGAINST), None)
            homes_for = counts[(building.pk, main.pk, "voor")] if main else 0
            percent = _percent(homes_for, total)
            result.threshold = Threshold(
                homes_for=homes_for,
                homes_total=total,
                percent=percent,
                # Compared exactly, not on the rounded percentage: 69.6 % is not 70 %.
                reached=bool(total) and homes_for * 100 >= RENOVATION_THRESHOLD_PERCENT * total,
            )
        results.append(result)
    return results


@dataclass
class ReadinessHome:
    home: Home
    how: str  # the label of the contact choice


def readiness_homes(*, consultation: ConsultationPage) -> list[ReadinessHome]:
    """For staff preparing a renovation: which homes want to be taken into account, and how to contact them.
    Never why: the question has no free text."""
    labels = {}
    question_ids = []
    for question in consultation.questions.filter(kind=QuestionKind.READINESS):
        question_ids.append(question.pk)
        labels.update(dict(question.options()))
    rows = (
        BallotChoice.objects.filter(question_id__in=question_ids, value__in=READINESS_YES)
        .select_related("ballot__home__building")
        .order_by("ballot__home__building__title", "ballot__home__number")
    )
    return [ReadinessHome(home=row.ballot.home, how=labels[row.value]) for row in rows]


def ballot_conflicts(*, consultation: ConsultationPage):
    return BallotConflict.objects.filter(consultation=consultation).select_related("home__building")


def ballot_of_home(*, consultation: ConsultationPage, home: Home) -> Ballot | None:
    return Ballot.objects.filter(consultation=consultation, home=home).prefetch_related("choices").first()


OPEN_CACHE_KEY = "consultations:open:{day}"


@dataclass(frozen=True)
class OpenConsultation:
    """What the building page, the home page and /mijn/ show of an open consultation."""

    pk: int
    title: str
    url: str
    closes_on: date
    building_id: int | None  # its committee's building; None for the tenants' platform
    chosen: frozenset[int]  # the buildings chosen for it; empty: its committee's building, or all

    def asks(self, building_id: int) -> bool:
        if self.chosen:
            return building_id in self.chosen
        return self.building_id in (None, building_id)


def _open_today(today) -> list[OpenConsultation]:
    """Every live consultation open today, from the cache: the pages that show them cost no query. The cache is
    per day (a consultation opens and closes at midnight) and is emptied when a consultation changes
    (`consultations.signals`)."""
    from django.core.cache import cache

    key = OPEN_CACHE_KEY.format(day=today.isoformat())
    found = cache.get(key)
    if found is None:
        pages = (
            ConsultationPage.objects.live()
            .filter(opens_on__lte=today, closes_on__gte=today)
            .prefetch_related("buildings")
            .order_by("closes_on", "pk")
        )
        found = [
            OpenConsultation(
                pk=page.pk,
                title=page.title,
                url=page.url,
                closes_on=page.closes_on,
                building_id=page.building_id,
                chosen=frozenset(building.pk for building in page.buildings.all()),
            )
            for page in pages
        ]
        cache.set(key, found, 60 * 60 * 24)
    return found


def open_consultations_forget(**kwargs) -> None:
    from django.core.cache import cache

    today = timezone.localdate()
    cache.delete_many([OPEN_CACHE_KEY.format(day=(today + timedelta(days=n)).isoformat()) for n in (-1, 0, 1)])


def open_consultations(*, building: BuildingPage, today=None) -> list[OpenConsultation]:
    """The live consultations open today that ask `building`: chosen for it, or (none chosen) of its own
    committees or of the tenants' platform (which has no building: it asks them all). No query (the cache)."""
    today = today or timezone.localdate()
    return [consultation for consultation in _open_today(today) if consultation.asks(building.pk)]


@dataclass
class MyConsultation:
    consultation: OpenConsultation
    answered: bool


def open_consultations_for_home(*, home: Home, today=None) -> list[MyConsultation]:
    consultations = open_consultations(building=home.building, today=today)
    answered = set(
        Ballot.objects.filter(home=home, consultation_id__in=[c.pk for c in consultations]).values_list(
            "consultation_id", flat=True
        )
    )
    return [MyConsultation(consultation=c, answered=c.pk in answered) for c in consultations]


# How many days before closing the homes that have not answered get a reminder.
REMINDER_DAYS_BEFORE_CLOSING = 3


def consultations_open_on(*, today) -> list[ConsultationPage]:
    return list(ConsultationPage.objects.live().filter(opens_on__lte=today, closes_on__gte=today).order_by("pk"))


def mail_recipients(*, consultation: ConsultationPage, kind: str, today) -> list:
    """Who gets the invitation (every verified resident of a building asked, with an e-mail address, who did not
    say no to these e-mails) or, from three days before closing, the reminder (the same, for homes that have not
    answered yet). Nobody twice: who already got this e-mail is left out. Residencies: (user, home) pairs."""
    from consultations.models import ConsultationMailing, InvitationOptOut, MailingKind
    from portal.models import Residency

    if kind == MailingKind.REMINDER and (consultation.closes_on - today).days > REMINDER_DAYS_BEFORE_CLOSING:
        return []
    residencies = (
        Residency.objects.filter(
            ended_at__isnull=True, home__building__in=consultation_buildings(consultation=consultation)
        )
        .exclude(user__email="")
        .exclude(user__in=InvitationOptOut.objects.values("user"))
        .exclude(user__in=ConsultationMailing.objects.filter(consultation=consultation, kind=kind).values("user"))
        .select_related("user__resident_profile", "home__building")
        .order_by("pk")
    )
    if kind == MailingKind.REMINDER:
        residencies = residencies.exclude(home__in=Ballot.objects.filter(consultation=consultation).values("home"))
    return list(residencies)


def consultations_in_month(*, building: BuildingPage, month: date) -> list[ConsultationPage]:
    """The live consultations that ask `building` and are open on some day of `month` (its printed programme)."""
    import calendar

    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    asked = (
        Q(buildings=building) | Q(buildings__isnull=True, building=building) | Q(buildings__isnull=True, building=None)
    )
    return list(
        ConsultationPage.objects.live()
        .filter(opens_on__lte=last, closes_on__gte=month)
        .filter(asked)
        .distinct()
        .order_by("closes_on", "pk")
    )
