"""Demo data for committees, built through the services; `seed_demo` calls it through `registry.DEMO_DATA`."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Collection, Workflow

from committees import services
from committees.factories import CaretakerMessageFactory, NewsPageFactory
from committees.models import CaretakerMessage, CommitteeKind, MemberRole, MessageStatus, NewsKind

NEWS = [
    (NewsKind.NEWS, "Nieuwe bankjes in de tuin", "Er staan sinds vorige week drie nieuwe bankjes in de tuin."),
    (NewsKind.NEWS, None, None),  # the season's item (SEASONAL), so December has no summer news
    (NewsKind.MINUTES, "Verslag bewonersvergadering", "Het verslag van de vergadering van vorige maand."),
    (NewsKind.HOUSE_RULES, "Huisregels", "Zo houden we het samen prettig in het gebouw."),
]
# Per month of the year: the news item that fits the season.
SEASONAL = {
    "winter": (
        "Kerstdiner in de ontmoetingsruimte",
        "Op de donderdag voor Kerst eten we samen. Geef u op bij de commissie.",
    ),
    "lente": (
        "Plantjesmarkt in de tuin",
        "Zaterdag is er een plantjesmarkt; de opbrengst gaat naar nieuwe tuinbakken.",
    ),
    "zomer": ("Koffieochtend gaat door in de zomer", "Ook in juli en augustus is er elke dinsdag koffie."),
    "herfst": ("Bladeren op het pad", "De tuinman komt elke maandag. Loop voorzichtig: natte bladeren zijn glad."),
}
SEASONS = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "lente",
    4: "lente",
    5: "lente",
    6: "zomer",
    7: "zomer",
    8: "zomer",
}
BODY = (
    "<p>Beste bewoners,</p><p>Hier leest u het laatste nieuws. Heeft u vragen? "
    "Spreek ons aan in de ontmoetingsruimte of stuur ons een bericht via de website.</p>"
)
HOUSE_RULES = (
    "<h2>Samen prettig wonen</h2><ul><li>Zet geen spullen in de gang: de brandweer moet erdoor.</li>"
    "<li>Na 22:00 uur is het stil in het gebouw.</li><li>Rollators mogen in de hal bij de lift.</li></ul>"
)


def seed_committees(context: dict) -> None:
    """The tenants' platform and the committees of the buildings, with a chair and news each.

    Adds `context["committees"]` (the buildings' committees, which the activities use) and `context["platform"]`.
    """
    home, buildings, accounts = context["home"], context["buildings"], context["accounts"]
    residents_by_building = context["residents_by_building"]
    rng = context["random"]()
    today = timezone.localdate()
    platform = services.committee_create(
        parent=home,
        title="Huurdersplatform",
        kind=CommitteeKind.PLATFORM,
        description="Het huurdersplatform is de vereniging van alle huurders van de corporatie.",
        slug="huurdersplatform",
        contact_email="huurdersplatform@example.org",
        meeting_times="Elke derde donderdag van de maand, 10:00, op het kantoor van de corporatie.",
    )
    chair = services.committee_member_add(
        committee=platform, user=accounts["platform"], role=MemberRole.CHAIR, show_publicly=True
    )
    chair.since = today - timedelta(days=365 * 6 + 40)
    chair.save(update_fields=["since"])
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
            membership = services.committee_member_add(committee=committee, user=member, role=MemberRole.CHAIR)
            # Chairs have been at it for years, each for their own number of them.
            membership.since = today - timedelta(days=365 * rng.randint(2, 8) + rng.randint(0, 300))
            membership.save(update_fields=["since"])
            _news(
                committee,
                rng,
                kinds=[NewsKind.NEWS, NewsKind.HOUSE_RULES] if kind == CommitteeKind.RESIDENTS else [NewsKind.NEWS],
            )

    context["platform"] = platform
    context["committees"] = committees


def seed_submission_and_messages(context: dict) -> None:
    """After the activities: a draft waiting for moderation, and messages to the caretakers in every state."""
    _pending_submission(context["committees"][0], context["accounts"]["committee"])
    _messages(context["buildings"], context["residents_by_building"], context["accounts"])


def remove_demo_data() -> None:
    """What deleting the page tree and the demo accounts leaves: messages, committee groups, the workflow."""
    CaretakerMessage.objects.all().delete()
    Group.objects.filter(name__startswith="Commissie ").delete()
    Collection.objects.filter(name__startswith="Commissie ").delete()
    Workflow.objects.filter(name=services.MODERATION_WORKFLOW).delete()


def _news(committee, rng, *, kinds):
    today = timezone.localdate()
    seasonal = SEASONAL[SEASONS.get(today.month, "herfst")]
    for kind in kinds:
        for title, intro in [(t, i) if t else seasonal for k, t, i in NEWS if k == kind]:
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


# What residents write to their caretaker: (category, subject, what they write). No health details.
MESSAGES = [
    ("klusje", "Lamp bij de lift doet het niet", "De lamp bij de lift op de tweede verdieping doet het niet."),
    ("schoon_heel_veilig", "Voordeur sluit niet goed", "De voordeur valt niet meer vanzelf in het slot."),
    ("vraag", "Wanneer worden de ramen gewassen?", "Weet u wanneer de glazenwasser weer komt?"),
    (
        "zorg",
        "Fietsen in de gang",
        "Er staan steeds fietsen in de gang bij de trap. Ik kan er met mijn rollator niet langs.",
    ),
    ("klusje", "Bankje in de tuin is los", "Het bankje bij de vijver wiebelt; de poot zit los."),
    ("schoon_heel_veilig", "Glas bij de containers", "Bij de containers ligt gebroken glas."),
    (
        "vraag",
        "Mag ik een plantenbak op de galerij?",
        "Ik wil graag een plantenbak naast mijn voordeur zetten. Mag dat?",
    ),
    ("klusje", "Brievenbus klemt", "Mijn brievenbus in de hal gaat moeilijk open."),
    ("zorg", "Lift staat vaak stil", "De lift stond deze week twee keer stil. Ik woon op de vijfde."),
]


def _messages(buildings, residents_by_building, accounts):
    """Messages in every building, in every state, different per building and of different ages. Each reaches a
    person (`selectors.message_readers`): the caretaker when they have an account, else the staff team, who
    answer them too. One conversation goes back and forth."""
    from committees import selectors

    statuses = [MessageStatus.NEW, MessageStatus.IN_PROGRESS, MessageStatus.DONE]
    now = timezone.now()
    staff = accounts.get("moderator")
    for n, building in enumerate(buildings):
        sender = accounts["resident"] if n == 0 else residents_by_building[building.pk][0]
        readers = selectors.message_readers(building=building)
        reader = readers.caretaker.user if readers.caretaker else staff
        for m, status in enumerate(statuses):
            category, subject, body = MESSAGES[(3 * n + m) % len(MESSAGES)]
            message = CaretakerMessageFactory(
                building=building,
                sender=sender,
                category=category,
                subject=subject,
                body=body,
                caretaker=readers.caretaker,
                to_staff=readers.to_staff,
            )
            # New ones from the last days; done ones from weeks ago.
            CaretakerMessage.objects.filter(pk=message.pk).update(
                created_at=now - timedelta(days=[1, 6, 24][m] + n % 3, hours=n)
            )
            if status != MessageStatus.NEW and reader is not None:
                services.message_update(
                    message=message,
                    by=reader,
                    status=status,
                    reply="Dank u voor uw bericht. Ik kom het dinsdag bekijken."
                    if status == MessageStatus.DONE
                    else "",
                    notify=False,
                )
                if status == MessageStatus.DONE and n == 0:
                    services.message_reply_create(
                        message=message, by=sender, body="Dank u wel! Om welke tijd komt u?", notify=False
                    )
                    services.message_reply_create(
                        message=message, by=reader, body="Rond tien uur. Tot dinsdag!", notify=False
                    )
