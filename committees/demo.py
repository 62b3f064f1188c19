"""Demo data for committees: called by `seed_demo`, built through the services."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from committees import services
from committees.factories import CaretakerMessageFactory, NewsPageFactory
from committees.models import CommitteeKind, MemberRole, MessageCategory, MessageStatus, NewsKind

NEWS = [
    (NewsKind.NEWS, "Nieuwe bankjes in de tuin", "Er staan sinds vorige week drie nieuwe bankjes in de tuin."),
    (NewsKind.NEWS, "Koffieochtend gaat door in de zomer", "Ook in juli en augustus is er elke dinsdag koffie."),
    (NewsKind.MINUTES, "Verslag bewonersvergadering", "Het verslag van de vergadering van vorige maand."),
    (NewsKind.HOUSE_RULES, "Huisregels", "Zo houden we het samen prettig in het gebouw."),
]
BODY = (
    "<p>Beste bewoners,</p><p>Hier leest u het laatste nieuws. Heeft u vragen? "
    "Spreek ons aan in de ontmoetingsruimte of bel de commissie.</p>"
)
HOUSE_RULES = (
    "<h2>Samen prettig wonen</h2><ul><li>Zet geen spullen in de gang: de brandweer moet erdoor.</li>"
    "<li>Na 22:00 uur is het stil in het gebouw.</li><li>Rollators mogen in de hal bij de lift.</li></ul>"
)


def seed_committees(*, home, buildings, residents_by_building, accounts, rng: random.Random) -> dict:
    platform = services.committee_create(
        parent=home,
        title="Huurdersplatform",
        kind=CommitteeKind.PLATFORM,
        description="Het huurdersplatform is de vereniging van alle huurders van de corporatie.",
        slug="huurdersplatform",
        contact_email="huurdersplatform@example.org",
        meeting_times="Elke derde donderdag van de maand, 10:00, op het kantoor van de corporatie.",
    )
    services.committee_member_add(
        committee=platform, user=accounts["platform"], role=MemberRole.CHAIR, show_publicly=True
    )
    _news(platform, rng, kinds=[NewsKind.NEWS, NewsKind.MINUTES])

    committees = []
    for n, building in enumerate(buildings):
        if n % 6 == 5:
            continue  # as in life: some buildings have no committee
        kinds = [CommitteeKind.RESIDENTS] if n % 3 else [CommitteeKind.RESIDENTS, CommitteeKind.ACTIVITY]
        for kind in kinds:
            title = (
                "Bewonerscommissie " if kind == CommitteeKind.RESIDENTS else "Activiteitencommissie "
            ) + building.title
            committee = services.committee_create(
                parent=building,
                title=title,
                kind=kind,
                description=(
                    "Wij spreken namens de bewoners met de corporatie."
                    if kind == CommitteeKind.RESIDENTS
                    else "Wij organiseren de koffieochtenden, spelmiddagen en uitstapjes."
                ),
                contact_email=f"{kind}-{building.slug}@example.org",
                meeting_times="Elke eerste maandag van de maand om 14:00",
            )
            committees.append(committee)
            residents = residents_by_building[building.pk]
            member = accounts["committee"] if not committees[:-1] else residents[-1]
            services.committee_member_add(committee=committee, user=member, role=MemberRole.CHAIR)
            _news(
                committee,
                rng,
                kinds=[NewsKind.NEWS, NewsKind.HOUSE_RULES] if kind == CommitteeKind.RESIDENTS else [NewsKind.NEWS],
            )

    from activities.demo import seed_activities

    seed_activities(committees=committees, residents_by_building=residents_by_building, accounts=accounts, rng=rng)
    _pending_submission(committees[0], accounts["committee"])
    _messages(buildings, residents_by_building, accounts, rng)
    return {"platform": platform, "committees": committees}


def _news(committee, rng, *, kinds):
    today = timezone.localdate()
    for kind in kinds:
        for title, intro in [(t, i) for k, t, i in NEWS if k == kind]:
            NewsPageFactory(
                parent=committee,
                title=title,
                slug=None,
                kind=kind,
                intro=intro,
                body=HOUSE_RULES if kind == NewsKind.HOUSE_RULES else BODY,
                date=today - timedelta(days=rng.randint(0, 60)),
            )


def _pending_submission(committee, member):
    """One draft waiting for a moderator, so the moderation queue is not empty in the demo."""
    draft = committee.add_child(
        instance=NewsPageFactory.build(
            title="Bingo-middag in de ontmoetingsruimte",
            intro="Op vrijdag is er bingo met mooie prijzen.",
            body=BODY,
            live=False,
            owner=member,
        )
    )
    revision = draft.save_revision(user=member)
    workflow = draft.get_workflow()
    if workflow is not None:
        workflow.start(draft, member)
    return revision


def _messages(buildings, residents_by_building, accounts, rng):
    statuses = [MessageStatus.NEW, MessageStatus.IN_PROGRESS, MessageStatus.DONE]
    for n, building in enumerate(b for b in buildings if b.caretaker_id):
        sender = accounts["resident"] if n == 0 else residents_by_building[building.pk][0]
        for m, status in enumerate(statuses):
            message = CaretakerMessageFactory(
                building=building,
                sender=sender,
                category=list(MessageCategory)[(n + m) % len(MessageCategory)],
            )
            if status != MessageStatus.NEW:
                caretaker_user = building.caretaker.user
                services.message_update(
                    message=message,
                    by=caretaker_user,
                    status=status,
                    reply="Dank u voor uw bericht. Ik kom het dinsdag bekijken."
                    if status == MessageStatus.DONE
                    else "",
                    notify=False,
                )
