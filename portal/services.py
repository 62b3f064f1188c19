"""Everything in the portal core that changes state, and the rules it keeps.

Views, forms, the Wagtail admin and management commands call these; none of
them repeats a rule.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal import home_codes, page_cache, registry
from portal.context_processors import corporation_contact
from portal.models import (
    BuildingPage,
    Caretaker,
    CaretakerAbsence,
    CaretakersMeeting,
    Home,
    PresenceSlot,
    Residency,
    ResidencyMethod,
    ResidentProfile,
    StandIn,
    User,
)

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------
# Caretaker rules
# --------------------------------------------------------------------------


def caretaker_capacity_validate(*, caretaker: Caretaker, building: BuildingPage) -> None:
    """A caretaker serves at most PORTAL_CARETAKER_MAX_BUILDINGS buildings."""
    limit = settings.PORTAL_CARETAKER_MAX_BUILDINGS
    others = list(
        BuildingPage.objects.filter(caretaker=caretaker)
        .exclude(pk=building.pk)
        .order_by("title")
        .values_list("title", flat=True)
    )
    if len(others) >= limit:
        raise ValidationError(
            _(
                "%(name)s is al huismeester van %(count)s gebouwen (%(buildings)s). "
                "Een huismeester heeft er hoogstens %(limit)s. Kies een andere huismeester "
                "of haal eerst een gebouw bij %(name)s weg."
            )
            % {
                "name": caretaker.name,
                "count": len(others),
                "buildings": ", ".join(others),
                "limit": limit,
            },
            code="caretaker_full",
        )


def _describe(slot: PresenceSlot, building_titles: dict[int, str]) -> str:
    return "{day} {start}–{end} ({building})".format(
        day=slot.get_weekday_display(),
        start=time_format(slot.start, "H:i"),
        end=time_format(slot.end, "H:i"),
        building=building_titles.get(slot.building_id, "?"),
    )


def _hours(value: Decimal) -> str:
    return number_format(value.quantize(Decimal("0.1")), decimal_pos=1)


def presence_slots_validate(
    *, caretaker: Caretaker, slots: Iterable[PresenceSlot], contract_hours: Decimal | None = None
) -> None:
    """Presence slots of one caretaker never overlap, fall between PORTAL_PRESENCE_EARLIEST and
    PORTAL_PRESENCE_LATEST, add up to no more than the contract hours (`contract_hours`, else the caretaker's),
    and lie in the caretaker's own buildings (or where they stand in for an absent colleague).

    `slots` is the complete new set (saved or not); errors name the slots in
    words a caretaker recognises.
    """
    from portal import selectors

    slots = [slot for slot in slots if slot.weekday is not None and slot.start and slot.end]
    building_ids = {slot.building_id for slot in slots}
    titles = dict(BuildingPage.objects.filter(pk__in=building_ids).values_list("pk", "title"))
    served = set()
    if caretaker.pk is not None:
        served = set(selectors.buildings_plannable_by(caretaker=caretaker).values_list("pk", flat=True))
    earliest, latest = settings.PORTAL_PRESENCE_EARLIEST, settings.PORTAL_PRESENCE_LATEST
    errors: list[str] = []
    for slot in slots:
        if slot.start >= slot.end:
            errors.append(_("%(slot)s: de eindtijd moet na de begintijd liggen.") % {"slot": _describe(slot, titles)})
        elif slot.start < earliest or slot.end > latest:
            errors.append(
                _("%(slot)s: een huismeester is alleen tussen %(earliest)s en %(latest)s uur in een gebouw.")
                % {
                    "slot": _describe(slot, titles),
                    "earliest": time_format(earliest, "H:i"),
                    "latest": time_format(latest, "H:i"),
                }
            )
        if slot.building_id not in served:
            errors.append(
                _("%(building)s heeft een andere huismeester; %(name)s kan daar geen uren plannen.")
                % {"building": titles.get(slot.building_id, "?"), "name": caretaker.name}
            )
    for first, second in combinations(sorted(slots, key=lambda s: (s.weekday, s.start)), 2):
        if first.weekday == second.weekday and first.start < second.end and second.start < first.end:
            errors.append(
                _("%(first)s overlapt met %(second)s. Een huismeester kan niet op twee plaatsen tegelijk zijn.")
                % {"first": _describe(first, titles), "second": _describe(second, titles)}
            )
    contract = caretaker.contract_hours if contract_hours is None else contract_hours
    total = sum((slot.hours for slot in slots if slot.start < slot.end), Decimal(0))
    if contract is not None and total > contract:
        errors.append(
            _(
                "Samen zijn dit %(total)s uur per week; %(name)s heeft een contract voor %(contract)s uur. "
                "Haal %(over)s uur weg, of vraag de woonconsulent de contracturen aan te passen."
            )
            % {
                "total": _hours(total),
                "name": caretaker.name,
                "contract": _hours(Decimal(contract)),
                "over": _hours(total - Decimal(contract)),
            }
        )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)), code="presence_invalid")


def presence_shortfall_warnings(*, caretaker: Caretaker, slots: Iterable[PresenceSlot]) -> list[str]:
    """Not an error: the buildings of `caretaker` that get fewer hours than the rule of thumb asks
    (one hour a week for every PORTAL_HOMES_PER_CARETAKER_HOUR homes)."""
    from portal import selectors

    planned: dict[int, Decimal] = {}
    for slot in slots:
        planned[slot.building_id] = planned.get(slot.building_id, Decimal(0)) + slot.hours
    warnings = []
    for building in BuildingPage.objects.filter(caretaker=caretaker).order_by("title").only("pk", "title", "homes"):
        recommended = selectors.recommended_caretaker_hours(homes=building.homes)
        hours = planned.get(building.pk, Decimal(0))
        if hours < recommended:
            warnings.append(
                _(
                    "%(building)s krijgt %(planned)s uur per week; de richtlijn is %(recommended)s uur "
                    "(één uur per %(homes)s woningen). Opgeslagen, maar kijk of het past."
                )
                % {
                    "building": building.title,
                    "planned": _hours(hours),
                    "recommended": _hours(recommended),
                    "homes": settings.PORTAL_HOMES_PER_CARETAKER_HOUR,
                }
            )
    return warnings


@transaction.atomic
def building_assign_caretaker(
    *, building: BuildingPage, caretaker: Caretaker | None, user: User | None = None
) -> BuildingPage:
    """Make `caretaker` the caretaker of `building`, publishing the change.

    The same rules as the page editor's: the limit of buildings per caretaker (`caretaker_capacity_validate`,
    here under a lock on the caretaker), and on publishing `building_caretaker_apply` ends the hours of the
    previous caretaker in this building.
    """
    if caretaker is not None:
        # Lock the caretaker so two assignments at once cannot both pass the limit.
        Caretaker.objects.select_for_update().get(pk=caretaker.pk)
        caretaker_capacity_validate(caretaker=caretaker, building=building)
    building.caretaker = caretaker
    building.full_clean()
    revision = building.save_revision(user=user, log_action=True)
    revision.publish(user=user)  # page_published → building_caretaker_apply (portal.signals)
    building_caretaker_apply(building=building, user=user)  # already done by the signal; says so here
    logger.info("Caretaker of %s set to %s", building.title, caretaker)
    return building


@transaction.atomic
def building_caretaker_apply(*, building: BuildingPage, user: User | None = None) -> int:
    """The building's caretaker as stored on the page takes effect: anyone else's hours there end.

    When it applies: a building's caretaker is a field of its page, and the page row changes only when
    the page is *published* — by "Publiceer" in the page editor, a moderator approving in a workflow,
    scheduled publishing, publishing an older revision, or `building_assign_caretaker`. A draft only
    writes a revision: the old caretaker stays, with their hours, until the draft is published.
    `portal.signals` calls this on Wagtail's `page_published`, the one signal every way of publishing
    sends. (A new building's row is written on its first save, draft or not, so its caretaker counts from
    then on — for the limit of buildings too; it has no hours yet to end.)

    The limit of buildings per caretaker is checked before that: in the page form (`BuildingPage.clean`
    calls `caretaker_capacity_validate`), and again when the page is saved on publishing.

    Converges on the same state when called again; returns how many weekly hours ended.
    """
    stale = PresenceSlot.objects.filter(building=building).exclude(caretaker_id=building.caretaker_id)
    previous = sorted(set(stale.values_list("caretaker__name", flat=True)))
    removed, _per_model = stale.delete()
    if removed:
        log(
            instance=building,
            action="portal.caretaker_hours_ended",
            user=user,
            data={"caretakers": previous, "slots": removed, "caretaker": str(building.caretaker or "")},
        )
        logger.info(
            "Caretaker of %s is %s: %d presence slots of %s ended",
            building.title,
            building.caretaker,
            removed,
            previous,
        )
    return removed


@transaction.atomic
def presence_slots_replace(
    *,
    caretaker: Caretaker,
    slots: Iterable[PresenceSlot],
    user: User | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[PresenceSlot]:
    """Replace the whole weekly presence schedule of a caretaker (`presence_slots_validate` says what is refused).
    A building that gets less than the rule of thumb is no error: `warn` gets a message for it."""
    caretaker = Caretaker.objects.select_for_update().get(pk=caretaker.pk)
    slots = list(slots)
    for slot in slots:
        slot.pk = None
        slot.caretaker = caretaker
    presence_slots_validate(caretaker=caretaker, slots=slots)
    caretaker.presence_slots.all().delete()
    created = PresenceSlot.objects.bulk_create(slots)
    page_cache.invalidate()  # bulk_create sends no signals; building pages show the presence
    log(instance=caretaker, action="wagtail.edit", user=user, content_changed=True)
    logger.info("Presence schedule of %s replaced with %d slots", caretaker, len(created))
    if warn is not None:
        for message in presence_shortfall_warnings(caretaker=caretaker, slots=created):
            warn(message)
    return created


# --------------------------------------------------------------------------
# Absence and stand-ins
# --------------------------------------------------------------------------


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def absence_validate(*, absence: CaretakerAbsence, stand_ins: Iterable[StandIn]) -> None:
    """The rules of an absence, for the caretaker's own form, the admin and the demo alike:
    the last day is not before the first; one caretaker's absences do not overlap; a stand-in is someone else,
    is not away then himself (nor is the absent caretaker standing in for someone then), and stands in only in
    a building the absent caretaker serves, one stand-in per building."""
    errors: list[str] = []
    caretaker = absence.caretaker
    first, last = absence.first_day, absence.last_day
    if first is None or last is None:
        return
    if last < first:
        raise ValidationError(_("De laatste dag ligt vóór de eerste dag. Kijk de data nog eens na."), code="order")
    overlapping = (
        CaretakerAbsence.objects.filter(caretaker=caretaker, first_day__lte=last, last_day__gte=first)
        .exclude(pk=absence.pk)
        .order_by("first_day")
        .first()
    )
    if overlapping is not None:
        errors.append(
            _(
                "%(name)s is al afwezig van %(first)s tot en met %(last)s. "
                "Pas die afwezigheid aan in plaats van een nieuwe te maken."
            )
            % {"name": caretaker.name, "first": _day(overlapping.first_day), "last": _day(overlapping.last_day)}
        )
    busy = (
        StandIn.objects.filter(caretaker=caretaker, absence__first_day__lte=last, absence__last_day__gte=first)
        .exclude(absence_id=absence.pk)
        .select_related("absence__caretaker", "building")
        .first()
    )
    if busy is not None:
        errors.append(
            _("%(name)s vervangt in die tijd %(other)s in %(building)s. Regel eerst een andere vervanger daar.")
            % {"name": caretaker.name, "other": busy.absence.caretaker.name, "building": busy.building.title}
        )
    stand_ins = [stand_in for stand_in in stand_ins if stand_in.building_id and stand_in.caretaker_id]
    served = set(BuildingPage.objects.filter(caretaker=caretaker).values_list("pk", flat=True))
    seen: set[int] = set()
    for stand_in in stand_ins:
        building, substitute = stand_in.building, stand_in.caretaker
        if stand_in.caretaker_id == caretaker.pk:
            errors.append(
                _("%(building)s: %(name)s kan zichzelf niet vervangen. Kies een andere huismeester.")
                % {"building": building.title, "name": caretaker.name}
            )
            continue
        if stand_in.building_id not in served:
            errors.append(
                _("%(building)s is geen gebouw van %(name)s; daar is geen vervanger nodig.")
                % {"building": building.title, "name": caretaker.name}
            )
        if stand_in.building_id in seen:
            errors.append(_("%(building)s heeft twee vervangers. Kies er één.") % {"building": building.title})
        seen.add(stand_in.building_id)
        away = (
            CaretakerAbsence.objects.filter(
                caretaker_id=stand_in.caretaker_id, first_day__lte=last, last_day__gte=first
            )
            .order_by("first_day")
            .first()
        )
        if away is not None:
            errors.append(
                _(
                    "%(building)s: %(substitute)s is zelf afwezig van %(first)s tot en met %(last)s en kan %(name)s "
                    "dan niet vervangen. Kies een andere huismeester."
                )
                % {
                    "building": building.title,
                    "substitute": substitute.name,
                    "first": _day(away.first_day),
                    "last": _day(away.last_day),
                    "name": caretaker.name,
                }
            )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)), code="absence_invalid")


@transaction.atomic
def absence_save(
    *, absence: CaretakerAbsence, stand_ins: Iterable[tuple[BuildingPage, Caretaker]], user: User | None = None
) -> CaretakerAbsence:
    """Record (or change) a caretaker's absence with a stand-in per building (`absence_validate`)."""
    # Lock the caretakers concerned so two absences saved at once cannot both pass the overlap rules.
    pairs = list(stand_ins)
    ids = {absence.caretaker_id, *(substitute.pk for _building, substitute in pairs)}
    list(Caretaker.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    rows = [StandIn(absence=absence, building=building, caretaker=substitute) for building, substitute in pairs]
    absence_validate(absence=absence, stand_ins=rows)  # first: its words are clearer than the constraint's
    absence.full_clean(exclude=["stand_ins"])
    is_new = absence.pk is None
    absence.save()
    absence.stand_ins.all().delete()
    for row in rows:
        row.absence = absence
    StandIn.objects.bulk_create(rows)
    page_cache.invalidate()  # bulk_create sends no signals; building pages show the stand-in
    log(instance=absence.caretaker, action="portal.absence_recorded", user=user, data={"new": is_new})
    return absence


@transaction.atomic
def absence_delete(*, absence: CaretakerAbsence, user: User | None = None) -> None:
    caretaker = absence.caretaker
    absence.delete()
    page_cache.invalidate()
    log(instance=caretaker, action="portal.absence_removed", user=user)


# --------------------------------------------------------------------------
# The caretakers' quarterly meeting
# --------------------------------------------------------------------------


def _quarter_after(day: date) -> date:
    month = day.month + 3
    return date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@transaction.atomic
def caretakers_meetings_plan(*, count: int = 4, after: date | None = None, start=None) -> list[CaretakersMeeting]:
    """Plan the next `count` quarterly caretakers' meetings after the last one planned (or after `after`), each in
    the next building in turn (by name, after the building of the last meeting): the second Tuesday of the
    quarter's first month, at 10:00 unless `start` says otherwise."""
    from datetime import time

    buildings = list(BuildingPage.objects.live().order_by("title").only("pk", "title"))
    if not buildings:
        return []
    last = CaretakersMeeting.objects.order_by("-date").first()
    day = after or timezone.localdate()
    turn = 0
    if last is not None:
        day = max(day, last.date)
        ids = [building.pk for building in buildings]
        turn = ids.index(last.building_id) + 1 if last.building_id in ids else 0
    meetings = []
    quarter = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    while len(meetings) < count:
        meeting_day = _second_tuesday(quarter)
        quarter = _quarter_after(quarter)
        if meeting_day <= day:
            continue
        meeting = CaretakersMeeting(
            date=meeting_day,
            start=start or time(10, 0),
            building=buildings[turn % len(buildings)],
            note=_("Huismeestersoverleg: ervaringen uit de gebouwen, planning van het komende kwartaal."),
        )
        meeting.full_clean()
        meeting.save()
        meetings.append(meeting)
        turn += 1
    return meetings


def _second_tuesday(first_of_month: date) -> date:
    offset = (1 - first_of_month.weekday()) % 7
    return first_of_month + timedelta(days=offset + 7)


# --------------------------------------------------------------------------
# Residents
# --------------------------------------------------------------------------


def resident_profile_get_or_create(*, user: User) -> ResidentProfile:
    profile, _created = ResidentProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def resident_profile_update(
    *,
    user: User,
    building: BuildingPage | None,
    apartment_number: str,
    language: str,
    larger_text: bool | None = None,
    high_contrast: bool | None = None,
    reminder_emails: bool | None = None,
    display_name: str | None = None,
) -> ResidentProfile:
    """Save what a person fills in on /mijn/; a preference left as None stays as it is. A verified resident's
    building and number are those of their home: only moving (portal.services.home_residencies_end) changes them."""
    profile = resident_profile_get_or_create(user=user)
    if not Residency.objects.filter(user=user, ended_at__isnull=True).exists():
        profile.building = building
        profile.apartment_number = apartment_number.strip()
    if display_name is not None:
        profile.display_name = display_name.strip()
    profile.language = language
    for name, value in (
        ("larger_text", larger_text),
        ("high_contrast", high_contrast),
        ("reminder_emails", reminder_emails),
    ):
        if value is not None:
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


def display_preferences_save(*, user: User, larger_text: bool, high_contrast: bool) -> None:
    """Remember the display switches on the profile of a logged-in person."""
    profile = resident_profile_get_or_create(user=user)
    profile.larger_text = larger_text
    profile.high_contrast = high_contrast
    profile.save(update_fields=["larger_text", "high_contrast"])


def resident_profile_language_set(*, user: User, language: str) -> None:
    profile = resident_profile_get_or_create(user=user)
    profile.language = language
    profile.full_clean()
    profile.save(update_fields=["language"])


# --------------------------------------------------------------------------
# Site
# --------------------------------------------------------------------------


@transaction.atomic
def site_ensure(*, hostname: str = "localhost", port: int = 80) -> tuple:
    """Make sure the page tree has its fixed top: HomePage at / and BuildingIndexPage at /gebouwen/.

    The apps add their own fixed pages under home (`registry.SITE_PAGES`).
    """
    from wagtail.models import Page, Site

    from portal.models import BuildingIndexPage, HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial "Welcome" page takes the slug 'home'; the portal's home replaces it.
        for page in root.get_children().filter(depth=2, content_type__model="page"):
            page.delete()
        home = root.add_child(
            instance=HomePage(
                title=_("Welkom bij het Bewonersportaal"),
                slug="home",
                intro=_("Wat er gebeurt in uw gebouw, wanneer de huismeester er is, en hoe u meedoet."),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Bewonersportaal"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    index = BuildingIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=BuildingIndexPage(
                title=_("Gebouwen"),
                slug="gebouwen",
                intro=_("Kies uw gebouw en zie wie uw huismeester is en wanneer die er is."),
            )
        )
    # The apps' fixed pages (/activiteiten/, /nieuws/, /rondleidingen/), in the order they registered them.
    for ensure_pages in registry.contributions(registry.SITE_PAGES):
        ensure_pages(home)
    return home, index


CARETAKERS_GROUP = "Huismeesters"


@transaction.atomic
def caretaker_account_sync(*, caretaker: Caretaker) -> None:
    """Only accounts linked to a caretaker are in the caretakers' admin group."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=CARETAKERS_GROUP)
    if created or not group.permissions.exists():
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    linked = User.objects.filter(caretaker__isnull=False)
    group.user_set.remove(*group.user_set.exclude(pk__in=linked))
    if caretaker.user_id:
        group.user_set.add(caretaker.user_id)


# --------------------------------------------------------------------------
# Homes and residency: who is verified to live where (portal.home_codes for the codes)
# --------------------------------------------------------------------------


class ResidencyError(ValidationError):
    """A code or verification that does not link the person to a home; the message says what to do."""


def _corporation_phone() -> str:
    return corporation_contact()["phone"]


@transaction.atomic
def home_code_issue(*, home: Home, by: User | None = None) -> str:
    """A new activation code for `home` (for a letter, or to hand over at the door); an earlier one stops
    working. The code is returned once and never stored."""
    code = home_codes.code_make()
    home.code_digest = home_codes.code_digest(code)
    home.code_issued_at = timezone.now()
    home.save(update_fields=["code_digest", "code_issued_at"])
    log(instance=home, action="portal.home_code_issued", user=by)
    return code


@transaction.atomic
def residency_activate(*, user: User, code: str, display_name: str = "") -> Residency:
    """Link `user` to the home whose code they typed. The code is used up; the person's profile gets the
    home's building and number (and the name they gave)."""
    unknown = ResidencyError(
        _(
            "Deze code kennen wij niet. Kijk nog eens goed naar de brief: de code staat onder 'Uw code'. "
            "Lukt het niet, vraag het de huismeester of bel ons: %(phone)s."
        )
        % {"phone": _corporation_phone()},
        code="unknown",
    )
    if not home_codes.code_looks_valid(code):
        raise unknown
    home = (
        Home.objects.select_for_update()
        .select_related("building")
        .filter(code_digest=home_codes.code_digest(code))
        .first()
    )
    if home is None:
        raise unknown
    if home.code_issued_at < timezone.now() - timedelta(days=settings.PORTAL_HOME_CODE_DAYS):
        raise ResidencyError(
            _(
                "Deze code is verlopen: een code werkt %(days)s dagen. Vraag de huismeester om een nieuwe code, "
                "of bel ons: %(phone)s."
            )
            % {"days": settings.PORTAL_HOME_CODE_DAYS, "phone": _corporation_phone()},
            code="expired",
        )
    residency = _residency_start(user=user, home=home, method=ResidencyMethod.CODE, by=user, display_name=display_name)
    # Used up: a second person in the home asks the caretaker, or staff print a new letter.
    home.code_digest = ""
    home.save(update_fields=["code_digest"])
    return residency


@transaction.atomic
def residency_verify_in_person(*, user: User, home: Home, by: User) -> Residency:
    """The caretaker of the home's building confirms, in the building, that `user` lives there."""
    caretaker = Caretaker.objects.filter(user=by).first()
    if caretaker is None or home.building.caretaker_id != caretaker.pk:
        raise ResidencyError(_("Alleen de huismeester van dit gebouw kan bewoners bevestigen."), code="not_caretaker")
    return _residency_start(user=user, home=home, method=ResidencyMethod.IN_PERSON, by=by)


def _residency_start(*, user: User, home: Home, method: str, by: User, display_name: str = "") -> Residency:
    now = timezone.now()
    current = Residency.objects.select_for_update().filter(user=user, ended_at__isnull=True).first()
    if current is not None and current.home_id == home.pk:
        return current
    if current is not None:  # moved within the corporation
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    residency = Residency.objects.create(home=home, user=user, method=method, verified_by=by)
    profile = resident_profile_get_or_create(user=user)
    profile.building = home.building
    profile.apartment_number = home.number
    if display_name.strip():
        profile.display_name = display_name.strip()
    profile.save(update_fields=["building", "apartment_number", "display_name"])
    log(instance=residency, action="portal.residency_started", user=by)
    return residency


@transaction.atomic
def home_residencies_end(*, home: Home, by: User) -> int:
    """The tenants of `home` moved out: their link ends and the home's code stops working; the next tenant gets
    a new code. Their accounts stay, as accounts of someone not (yet) verified. Returns how many links ended."""
    now = timezone.now()
    ended = 0
    for residency in Residency.objects.select_for_update().filter(home=home, ended_at__isnull=True):
        residency.ended_at = now
        residency.save(update_fields=["ended_at"])
        ResidentProfile.objects.filter(user_id=residency.user_id, building=home.building).update(
            building=None, apartment_number=""
        )
        log(instance=residency, action="portal.residency_ended", user=by)
        ended += 1
    home.code_digest = ""
    home.code_issued_at = None
    home.save(update_fields=["code_digest", "code_issued_at"])
    return ended


def absences_purge(*, now=None) -> int:
    """Forget absences that ended more than PORTAL_ABSENCE_RETENTION_DAYS ago (with their stand-ins): their
    purpose is over, and an absence's kind ("ziek") says something about someone's health."""
    today = timezone.localdate(now) if now else timezone.localdate()
    cutoff = today - timedelta(days=settings.PORTAL_ABSENCE_RETENTION_DAYS)
    _rows, by_model = CaretakerAbsence.objects.filter(last_day__lt=cutoff).delete()
    deleted = by_model.get(CaretakerAbsence._meta.label, 0)
    if deleted:
        logger.info("Deleted %d caretakers' absence(s) that ended before %s", deleted, cutoff)
    return deleted
