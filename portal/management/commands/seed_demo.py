"""Build a believable demo corporation: buildings, caretakers, residents, log-ins.

manage.py seed_demo              # once; a second run changes nothing
manage.py seed_demo --reset      # remove the demo data and start over
manage.py seed_demo --scale 10   # ten times the data, for benchmarks

The core makes the site, the log-ins, caretakers, buildings and residents; each app adds its own demo data
through `registry.DEMO_DATA` (and removes it on --reset through `registry.DEMO_DATA_RESET`).
"""

import functools
import logging
import math
import random
from datetime import time, timedelta
from decimal import ROUND_FLOOR, Decimal

import factory.random
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.models import Page

from portal import home_codes, registry, selectors, services
from portal.factories import (
    DEMO_PASSWORD,
    BuildingPageFactory,
    CaretakerFactory,
    ResidentProfileFactory,
    UserFactory,
)
from portal.models import (
    AbsenceKind,
    BuildingPage,
    Caretaker,
    CaretakerAbsence,
    CaretakersMeeting,
    Home,
    HomePage,
    PresenceSlot,
    Residency,
    ResidencyMethod,
    ResidentProfile,
    User,
)

logger = logging.getLogger(__name__)

SEED = 2026
BUILDINGS_PER_SCALE = 12
CARETAKERS_PER_SCALE = 4
RESIDENTS_PER_BUILDING = 8

BUILDING_NAMES = [
    "De Linde",
    "Het Anker",
    "Zonnehof",
    "De Eikenhorst",
    "Vondelstaete",
    "De Meerkoet",
    "Berkenhof",
    "Het Baken",
    "De Wielewaal",
    "Rozenhof",
    "De Schakel",
    "Parkzicht",
]
# A corporation in and around Rotterdam: each building's town and postcode area, in the order of BUILDING_NAMES.
CITIES = [
    ("Rotterdam", "3037"),
    ("Schiedam", "3111"),
    ("Capelle aan den IJssel", "2902"),
    ("Vlaardingen", "3131"),
    ("Barendrecht", "2991"),
    ("Rotterdam", "3022"),
    ("Schiedam", "3117"),
    ("Capelle aan den IJssel", "2901"),
    ("Vlaardingen", "3133"),
    ("Barendrecht", "2992"),
    ("Rotterdam", "3073"),
    ("Schiedam", "3116"),
]
# Addresses as a corporation's buildings have them (one per building name, in order), not Faker's "Mehmetlaan 0".
STREETS = [
    "Bergweg 170",
    "Lange Haven 88",
    "Slotplein 12",
    "Westhavenkade 41",
    "Middenbaan 150",
    "Beukelsdijk 45",
    "Nieuwe Damlaan 310",
    "Kerklaan 71",
    "Van Hogendorplaan 1020",
    "Dorpsstraat 23",
    "Groene Hilledijk 315",
    "Parkweg 240",
]
# What makes each building itself: how it is built, its garden, the bus, the shops.
DESCRIPTIONS = [
    "Zes verdiepingen met twee liften, een grote huiskamer op de begane grond en een binnentuin met bankjes. "
    "De tramhalte van lijn 4 is voor de deur.",
    "Een flat van vier hoog aan het water, met een zonnig terras en een scootmobielstalling met stroom. "
    "De supermarkt is om de hoek.",
    "Twee lage gebouwen rond een hofje met een moestuin van de bewoners. Alle woningen zijn gelijkvloers.",
    "Een gebouw uit 1972, in 2019 vernieuwd, met brede galerijen en een wasserette op de eerste verdieping.",
    "Een statig gebouw aan het park, met een bibliotheekhoek in de hal en een biljarttafel in de ontmoetingsruimte.",
    "Drie woontorens met een gezamenlijke tuin, een jeu-de-boulesbaan en een eigen huisartsenpost op de hoek.",
    "Een rustig gebouw in het groen, met een serre op het zuiden en een fietsenkelder met oplaadpunten.",
    "Een flat van acht hoog met uitzicht over de stad. De ontmoetingsruimte is elke ochtend open voor koffie.",
    "Een kleine woongroep van veertig woningen, met een gastenkamer voor familie die blijft logeren.",
    "Een gebouw in het centrum, vlak bij de markt en het gezondheidscentrum, met een dakterras.",
    "Een nieuw gebouw uit 2021, helemaal drempelvrij, met een buurtkamer die ook de wijk gebruikt.",
    "Een gebouw aan de rand van het park, met een kas in de tuin en een wandelroute van een kilometer eromheen.",
]
ROOMS = ["De Huiskamer", "Het Trefpunt", "De Ontmoeting", "Het Atrium", "De Serre"]

# One login per role; the README lists them. "newcomer" has an account but is not yet verified in a home: with
# DEMO_HOME_CODE (the code on the letter to a home of the first building) they can be.
DEMO_HOME_CODE = "HUUR-DERS-22"
DEMO_ACCOUNTS = {
    "resident": "bewoner@example.org",
    "newcomer": "nieuw@example.org",
    "caretaker": "huismeester@example.org",
    "committee": "commissie@example.org",
    "platform": "platform@example.org",
    "ambassador": "ambassadeur@example.org",
    "moderator": "moderator@example.org",
    "admin": "beheer@example.org",
}

DAY_START = time(8, 30)
DAY_END_MINUTES = 17 * 60
BLOCK_MINUTES = 3 * 60
TRAVEL_MINUTES = 30


def _letters() -> str:
    return "".join(random.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2))


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def plan_presence(buildings: list[BuildingPage]) -> list[PresenceSlot]:
    """Weekly slots for one caretaker: hours from the 10-homes rule, packed Mon–Fri without overlap.

    When the rule asks for more than fits in a working week, every building gets the same,
    smaller share of it (the admin's caretaker-hours report then shows the shortfall, as in
    real life).
    """
    wanted = [selectors.recommended_caretaker_hours(homes=b.homes) for b in buildings]
    share = Decimal(1)
    while share > 0:
        targets = [max(60, int((hours * share * 2).to_integral_value(rounding=ROUND_FLOOR)) * 30) for hours in wanted]
        slots = _pack(buildings, targets)
        if slots is not None:
            return slots
        share -= Decimal("0.05")
    return []


def _pack(buildings: list[BuildingPage], targets: list[int]) -> list[PresenceSlot] | None:
    """Place each building's minutes in blocks of at most three hours; None when the week is too short."""
    slots = []
    day, cursor = 0, _minutes(DAY_START)
    for building, remaining in zip(buildings, targets, strict=True):
        while remaining > 0:
            if day >= 5:
                return None
            length = min(remaining, BLOCK_MINUTES, DAY_END_MINUTES - cursor)
            if length < min(60, remaining):
                day, cursor = day + 1, _minutes(DAY_START)
                continue
            slots.append(PresenceSlot(building=building, weekday=day, start=_time(cursor), end=_time(cursor + length)))
            remaining -= length
            cursor += length + TRAVEL_MINUTES
    return slots


def assign_caretakers(homes: list[int], caretaker_count: int) -> list[int]:
    """Spread buildings over caretakers by homes (largest first), at most PORTAL_CARETAKER_MAX_BUILDINGS each."""
    load = [0] * caretaker_count
    served = [0] * caretaker_count
    assignment = [0] * len(homes)
    for index in sorted(range(len(homes)), key=lambda i: -homes[i]):
        candidates = [c for c in range(caretaker_count) if served[c] < settings.PORTAL_CARETAKER_MAX_BUILDINGS]
        chosen = min(candidates, key=lambda c: (load[c], c))
        assignment[index] = chosen
        load[chosen] += homes[index]
        served[chosen] += 1
    return assignment


class Command(BaseCommand):
    help = "Fill the database with a believable demo corporation (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Remove the demo data first and start over.")
        parser.add_argument("--scale", type=int, default=1, help="Multiply the data (benchmarks). Default 1.")

    def handle(self, *args, reset: bool, scale: int, **options):
        if scale < 1 or scale > 200:
            raise CommandError("--scale takes a whole number from 1 to 200.")
        if reset:
            self.reset()
        if BuildingPage.objects.exists():
            self.stdout.write("Demo data is already there; nothing to do (use --reset to start over).")
            return
        random.seed(SEED)
        factory.random.reseed_random(SEED)
        self.seed(scale=scale)
        self.analyse()

    def analyse(self):
        """Give the query planner the tables' new sizes. PostgreSQL's autovacuum would do it in a while (where it runs
        at all); until then, after a bulk load, search took 1.6× as long. SQLite keeps no statistics until asked."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write("Statistics for the query planner updated (ANALYZE).")

    @transaction.atomic
    def reset(self):
        self.stdout.write("Removing demo data…")
        for remove in registry.contributions(registry.DEMO_DATA_RESET):
            remove()
        for page in HomePage.objects.all():
            Page.objects.filter(pk=page.pk).first().delete()
        CaretakersMeeting.objects.all().delete()
        Caretaker.objects.all().delete()
        ResidentProfile.objects.all().delete()
        User.objects.filter(email__endswith="@example.org").delete()

    def seed(self, *, scale: int):
        home, index = services.site_ensure()
        building_count = BUILDINGS_PER_SCALE * scale
        caretaker_count = CARETAKERS_PER_SCALE * scale
        accounts = self.seed_accounts()
        caretakers = [CaretakerFactory(user=accounts["caretaker"] if n == 0 else None) for n in range(caretaker_count)]
        if caretakers[0].name != "Henk Jansen":
            caretakers[0].name = "Henk Jansen"
            caretakers[0].save(update_fields=["name"])

        homes = [random.randrange(40, 181, 5) for _ in range(building_count)]
        assignment = assign_caretakers(homes, caretaker_count)
        # Henk Jansen (the caretaker's log-in) is the caretaker of De Linde, the first building, where the demo
        # residents live.
        henk = assignment[0]
        caretakers[0], caretakers[henk] = caretakers[henk], caretakers[0]
        buildings = []
        progress = tqdm(total=building_count, desc="Gebouwen", unit="gebouw", file=self.stdout, disable=scale == 1)
        with progress:
            for n in range(building_count):
                city, postcode_area = CITIES[n % len(CITIES)]
                name = BUILDING_NAMES[n % len(BUILDING_NAMES)]
                if n >= len(BUILDING_NAMES):
                    name = f"{name} {n // len(BUILDING_NAMES) + 1}"
                caretaker = caretakers[assignment[n]]
                building = BuildingPageFactory(
                    parent=index,
                    title=name,
                    slug=slugify(name),
                    city=city,
                    postal_code=f"{postcode_area} {_letters()}",
                    street_address=STREETS[n % len(STREETS)],
                    description=DESCRIPTIONS[n % len(DESCRIPTIONS)],
                    homes=homes[n],
                    meeting_room_name=random.choice(ROOMS),
                    caretaker=caretaker,
                )
                buildings.append(building)
                progress.update()

        with transaction.atomic():
            for caretaker in caretakers:
                served = [b for b in buildings if b.caretaker_id == caretaker.pk]
                slots = plan_presence(served)
                # Contract hours that fit the plan: the planned hours, rounded up to the whole hour.
                planned = sum((slot.hours for slot in slots), Decimal(0))
                caretaker.contract_hours = Decimal(max(1, math.ceil(planned)))
                caretaker.save(update_fields=["contract_hours"])
                services.presence_slots_replace(caretaker=caretaker, slots=slots)
                services.caretaker_account_sync(caretaker=caretaker)
            self.seed_absence(caretakers, buildings)
            services.caretakers_meetings_plan(count=4)

        residents = []
        residents_by_building = {}
        home_of = {}
        for n, building in enumerate(tqdm(buildings, desc="Bewoners", file=self.stdout, disable=scale == 1)):
            residents_by_building[building.pk] = []
            for m in range(RESIDENTS_PER_BUILDING):
                if n == 0 and m < 4:
                    user = [accounts["resident"], accounts["committee"], accounts["platform"], accounts["ambassador"]][
                        m
                    ]
                else:
                    user = UserFactory()
                profile = ResidentProfileFactory(user=user, building=building)
                residents.append(profile)
                residents_by_building[building.pk].append(user)
                # Verified in their home, as if the caretaker had confirmed them in the building.
                home_of[(building.pk, profile.apartment_number)] = profile.user
        self.seed_homes(buildings, home_of)

        # What the apps build on; an app may add to it for the ones after it (registry.DEMO_DATA says what is in it).
        context = {
            "home": home,
            "buildings": buildings,
            "caretakers": caretakers,
            "residents_by_building": residents_by_building,
            "accounts": accounts,
            "random": functools.partial(random.Random, SEED),  # a fresh generator per app, with the demo's seed
            "scale": scale,
            "progress": functools.partial(tqdm, file=self.stdout, disable=scale == 1),
        }
        with transaction.atomic():
            for add_demo_data in registry.contributions(registry.DEMO_DATA):
                add_demo_data(context)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(buildings)} buildings, {len(caretakers)} caretakers, "
                f"{len(residents)} residents. Log-ins (password '{DEMO_PASSWORD}'): "
                + ", ".join(f"{role} {email}" for role, email in DEMO_ACCOUNTS.items())
            )
        )

    def seed_absence(self, caretakers: list[Caretaker], buildings: list[BuildingPage]) -> None:
        """Henk Jansen (De Linde's caretaker) is on holiday next week; a colleague stands in in his buildings."""
        if len(caretakers) < 2:
            return
        henk = next(caretaker for caretaker in caretakers if caretaker.name == "Henk Jansen")
        colleague = next(caretaker for caretaker in caretakers if caretaker.pk != henk.pk)
        today = timezone.localdate()
        monday = today + timedelta(days=7 - today.weekday())
        services.absence_save(
            absence=CaretakerAbsence(
                caretaker=henk, first_day=monday, last_day=monday + timedelta(days=6), kind=AbsenceKind.HOLIDAY
            ),
            stand_ins=[(building, colleague) for building in buildings if building.caretaker_id == henk.pk],
        )

    def seed_homes(self, buildings, home_of: dict) -> None:
        """Every building's homes, as staff would import them; the demo residents verified in theirs; and one home
        of the first building with a known code, for trying the activation letter (README: DEMO_HOME_CODE)."""
        by_pk = {building.pk: building for building in buildings}
        keys = {(building.pk, str(number)) for building in buildings for number in range(1, building.homes + 1)}
        keys |= set(home_of)
        Home.objects.bulk_create(
            [Home(building=by_pk[pk], number=number, postal_code=by_pk[pk].postal_code) for pk, number in keys],
            ignore_conflicts=True,
        )
        by_key = {(home.building_id, home.number): home for home in Home.objects.filter(building__in=buildings)}
        Residency.objects.bulk_create(
            Residency(home=by_key[key], user=user, method=ResidencyMethod.IN_PERSON, verified_by=None)
            for key, user in home_of.items()
            if key in by_key
        )
        letter_home = Home.objects.filter(building=buildings[0], residencies__isnull=True).order_by("-number").first()
        if letter_home is not None:
            letter_home.code_digest = home_codes.code_digest(DEMO_HOME_CODE)
            letter_home.code_issued_at = timezone.now()
            letter_home.save(update_fields=["code_digest", "code_issued_at"])

    def seed_accounts(self) -> dict[str, User]:
        accounts = {
            "resident": UserFactory(email=DEMO_ACCOUNTS["resident"], first_name="Truus", last_name="de Boer"),
            "newcomer": UserFactory(email=DEMO_ACCOUNTS["newcomer"], first_name="Nel", last_name="Nieuwenhuis"),
            "caretaker": UserFactory(email=DEMO_ACCOUNTS["caretaker"], first_name="Henk", last_name="Jansen"),
            "committee": UserFactory(email=DEMO_ACCOUNTS["committee"], first_name="Gerda", last_name="Bakker"),
            "platform": UserFactory(email=DEMO_ACCOUNTS["platform"], first_name="Kees", last_name="Mulder"),
            "ambassador": UserFactory(email=DEMO_ACCOUNTS["ambassador"], first_name="Ria", last_name="Hendriks"),
            "moderator": UserFactory(
                email=DEMO_ACCOUNTS["moderator"], first_name="Mirjam", last_name="Visser", is_staff=True
            ),
            "admin": UserFactory(
                email=DEMO_ACCOUNTS["admin"], first_name="Bas", last_name="Beheer", is_staff=True, is_superuser=True
            ),
        }
        accounts["moderator"].groups.add(Group.objects.get(name="Moderators"))
        return accounts
