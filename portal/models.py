"""The portal's core: accounts, the home page, buildings and their caretakers.

Rules that span several objects (a caretaker serves at most PORTAL_CARETAKER_MAX_BUILDINGS buildings,
presence slots never overlap) live in `portal.services`; `clean()` here calls
them so the Wagtail admin shows them as form errors.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import chain

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal import registry
from portal.abstract_models import PhotoWithDescription, TimeOfDayRange, photo_alt_text_field
from portal.panels import CaretakerHoursPanel
from portal.restrictions import CachedViewRestrictionsMixin
from portal.sections import sections_collect

# --------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. The e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    # Set when the person deleted their account (or staff did on request): see `portal.privacy`.
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("English")


class ResidentProfile(models.Model):
    """Links a user to the building they live in, with their display preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="resident_profile",
        verbose_name=_("gebruiker"),
    )
    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_profiles",
        verbose_name=_("gebouw"),
    )
    apartment_number = models.CharField(_("huisnummer of appartement"), max_length=20, blank=True)
    display_name = models.CharField(
        _("uw naam zoals anderen die zien"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld: mevrouw Jansen, of Truus van nummer 12."),
    )
    language = models.CharField(_("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH)
    larger_text = models.BooleanField(_("grotere letters"), default=False)
    high_contrast = models.BooleanField(_("hoog contrast"), default=False)
    reminder_emails = models.BooleanField(
        _("herinneringen per e-mail"),
        default=True,
        help_text=_("De dag vóór een activiteit waarvoor de bewoner is aangemeld."),
    )

    class Meta:
        verbose_name = _("bewonersprofiel")
        verbose_name_plural = _("bewonersprofielen")

    def __str__(self):
        return str(self.user)


# --------------------------------------------------------------------------
# Caretakers
# --------------------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class Caretaker(PhotoWithDescription, ClusterableModel):
    """A caretaker (huismeester): present a few hours a week in up to PORTAL_CARETAKER_MAX_BUILDINGS (5) buildings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caretaker",
        verbose_name=_("account"),
        help_text=_("Met dit account beheert de huismeester de eigen aanwezigheid."),
    )
    name = models.CharField(_("naam"), max_length=100)
    phone = models.CharField(_("telefoonnummer"), max_length=20)
    photo_alt_text = photo_alt_text_field(_("Voor wie de foto niet kan zien, bijvoorbeeld: 'Jan de Vries lacht'."))
    contract_hours = models.DecimalField(
        _("contracturen per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(36),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(60))],
        help_text=_("De aanwezigheid in alle gebouwen samen mag niet boven deze uren uitkomen."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("phone"),
        FieldPanel("user"),
        FieldPanel("contract_hours"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Foto")),
        InlinePanel(
            "presence_slots",
            heading=_("Aanwezigheid per week"),
            label=_("tijdvak"),
            help_text=_("Tijdvakken mogen elkaar niet overlappen."),
        ),
    ]

    class Meta:
        verbose_name = _("huismeester")
        verbose_name_plural = _("huismeesters")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PresenceSlot(TimeOfDayRange):
    """A weekly recurring period in which a caretaker is present in a building."""

    caretaker = ParentalKey(
        Caretaker,
        on_delete=models.CASCADE,
        related_name="presence_slots",
        verbose_name=_("huismeester"),
    )
    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.CASCADE,
        related_name="presence_slots",
        verbose_name=_("gebouw"),
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)

    panels = [
        FieldPanel("building"),
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start"), FieldPanel("end")]),
    ]

    class Meta(TimeOfDayRange.Meta):
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        ordering = ["weekday", "start"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def hours(self) -> Decimal:
        minutes = (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        return Decimal(minutes) / Decimal(60)


class AbsenceKind(models.TextChoices):
    # Only the kind: nothing about someone's health is written down (and none of it is shown to residents).
    HOLIDAY = "vakantie", _("Vakantie")
    ILL = "ziek", _("Ziek")
    OTHER = "anders", _("Anders")


class CaretakerAbsence(ClusterableModel):
    """A period in which a caretaker is away, from the first to the last day (both included), with a stand-in
    per building they serve (`StandIn`). The rules (no overlap, the stand-in is someone else and is not away
    then) are in `portal.services.absence_validate`; who does the work on a day is
    `portal.selectors.caretaker_on_duty`."""

    caretaker = models.ForeignKey(
        Caretaker, on_delete=models.CASCADE, related_name="absences", verbose_name=_("huismeester")
    )
    first_day = models.DateField(_("eerste dag"))
    last_day = models.DateField(_("laatste dag"), help_text=_("De laatste dag dat de huismeester weg is."))
    kind = models.CharField(_("soort"), max_length=10, choices=AbsenceKind.choices, default=AbsenceKind.HOLIDAY)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    panels = [
        FieldPanel("caretaker"),
        FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")]),
        FieldPanel("kind"),
        InlinePanel(
            "stand_ins",
            heading=_("Vervanging per gebouw"),
            label=_("vervanger"),
            help_text=_("Wie neemt het werk over in welk gebouw? Bewoners zien de naam en het telefoonnummer."),
        ),
    ]

    class Meta:
        verbose_name = _("afwezigheid van een huismeester")
        verbose_name_plural = _("afwezigheid van huismeesters")
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="portal_absence_first_before_last"
            )
        ]
        indexes = [models.Index(fields=["caretaker", "last_day"], name="portal_absence_caretaker_last")]

    def __str__(self):
        return f"{self.caretaker}: {self.first_day:%d-%m-%Y} – {self.last_day:%d-%m-%Y}"


class StandIn(models.Model):
    """Who does an absent caretaker's work in one building."""

    absence = ParentalKey(
        CaretakerAbsence, on_delete=models.CASCADE, related_name="stand_ins", verbose_name=_("afwezigheid")
    )
    building = models.ForeignKey(
        "portal.BuildingPage", on_delete=models.CASCADE, related_name="stand_ins", verbose_name=_("gebouw")
    )
    caretaker = models.ForeignKey(
        Caretaker, on_delete=models.CASCADE, related_name="standing_in", verbose_name=_("vervanger")
    )

    panels = [FieldRowPanel([FieldPanel("building"), FieldPanel("caretaker")])]

    class Meta:
        verbose_name = _("vervanger")
        verbose_name_plural = _("vervangers")
        constraints = [models.UniqueConstraint(fields=["absence", "building"], name="portal_standin_one_per_building")]

    def __str__(self):
        return f"{self.caretaker} ({self.building})"


class CaretakersMeeting(models.Model):
    """The caretakers' quarterly meeting: an internal appointment, each time in another building. Shown to
    caretakers on /mijn/aanwezigheid/ and to staff in the admin; never on a public page."""

    date = models.DateField(_("datum"))
    start = models.TimeField(_("aanvang"))
    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="caretakers_meetings",
        verbose_name=_("gebouw"),
    )
    note = models.TextField(_("toelichting"), blank=True, max_length=1000)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start")]),
        FieldPanel("building"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("huismeestersoverleg")
        verbose_name_plural = _("huismeestersoverleggen")
        ordering = ["date", "start"]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.start:%H:%M} ({self.building or '-'})"


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


@register_setting(icon="mail")
class CorporationContact(BaseGenericSetting):
    """The corporation's name, phone number and opening hours, shown wherever the portal asks someone to call
    (the footer, error pages, e-mails, the printed programme and letters). Staff edit them under Instellingen;
    empty fields fall back to the server's settings (CORPORATION_NAME, CORPORATION_PHONE, …), which the error
    pages also use when the database is away (`portal.context_processors.corporation_contact`)."""

    name = models.CharField(_("naam van de corporatie"), max_length=100, blank=True)
    phone = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, help_text=_("Zoals bewoners het intoetsen: 030 799 12 34.")
    )
    phone_hours = models.CharField(
        _("wanneer bereikbaar"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld: maandag tot en met vrijdag, 9.00–17.00 uur."),
    )

    class Meta:
        verbose_name = _("contact van de corporatie")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        super().save(*args, **kwargs)
        cache.delete(CORPORATION_CONTACT_CACHE_KEY)


CORPORATION_CONTACT_CACHE_KEY = "portal:corporation-contact"


class HomePage(CachedViewRestrictionsMixin, Page):
    """The front door: this week's activities, news, and finding your building."""

    intro = models.TextField(
        _("welkomsttekst"),
        blank=True,
        max_length=500,
        help_text=_("Eén of twee zinnen bovenaan de voorpagina."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: each page type says under which parents it may go (its parent_page_types), so
    # the core names no feature and a feature's index page (news, activities, tours) is addable here.
    max_count = 1

    class Meta:
        verbose_name = _("voorpagina")
        # A site-wide right, kept here for want of a better home: staff may change where any page lives
        # and how search engines show it; committee members get the address made from the title.
        permissions = [("edit_page_address", _("Adres (slug) en zoekmachinegegevens van pagina's aanpassen"))]

    def route(self, request, path_components):
        """Find the page for a URL in one query, whatever its depth.

        Wagtail's default walks the tree with two queries per level. Here the deepest page
        whose url_path matches a prefix of the path is fetched at once (`portal.routing.deepest_page`,
        one query when the address was routed before); the rest of the path goes to that page's own
        route() (routable pages, or a 404).
        """
        if not path_components:
            if getattr(self, "routing_only", False):  # the site's kept copy (`portal.routing`): serve the real page
                return HomePage.objects.get(pk=self.pk).route(request, path_components)
            return super().route(request, path_components)
        candidates = [
            f"{self.url_path}{'/'.join(path_components[:length])}/" for length in range(len(path_components), 0, -1)
        ]
        from portal.routing import deepest_page

        match = deepest_page(candidates)
        if match is None:
            raise Http404
        return match.route(request, path_components[match.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        """Finding one's building, under what the apps show (`registry.HOME_PAGE_SECTIONS`: the coming week's
        activities), for the visitor's own building first: a resident's from their profile, anyone else's as they
        chose it on this page ("Welk gebouw is van u?", `portal.own_building`)."""
        from portal import own_building, selectors

        context = super().get_context(request, *args, **kwargs)
        own = own_building.own_building(request)
        building = own.building
        context["buildings"] = selectors.first_buildings(limit=6, without=building)  # the rest through the search
        # "Welk gebouw is van u?" typed with several or no buildings matching (`portal.views.building_choose`).
        typed = request.GET.get("zoek_gebouw", "")
        context["own_search"] = selectors.building_search(query=typed) if typed.strip() else None
        context["building_index"] = BuildingIndexPage.objects.live().first()
        context["my_building"] = building
        context["my_building_source"] = own.source
        for key, value in sections_collect(registry.HOME_PAGE_SECTIONS, request, building).items():
            context.setdefault(key, value)  # the core's own keys win
        return context


class BuildingIndexPage(CachedViewRestrictionsMixin, Page):
    """All buildings of the corporation, at /gebouwen/."""

    intro = models.TextField(_("inleiding"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.BuildingPage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht gebouwen")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from portal import selectors
        from portal.paging import BUILDINGS_PER_PAGE

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        context["query"] = query
        # Without a query every building, with one the matches, both by title: a page reads only its own.
        keys = selectors.matching_buildings(query) if query else selectors.building_choices()
        page_obj = Paginator(keys, BUILDINGS_PER_PAGE).get_page(request.GET.get("pagina"))
        context["page_obj"] = page_obj
        context["cards_html"] = self._cards(request, page_obj.object_list)
        return context

    def _cards(self, request, keys) -> str:
        """The cards of a page of buildings, rendered once and kept with the pages (`portal.page_cache.
        kept_with_pages`; a change of a building or a caretaker clears every page): twelve cards cost a
        millisecond of template each time, where a search that finds one costs a tenth of it."""
        from django.template.loader import render_to_string
        from django.utils.translation import get_language

        from portal import selectors
        from portal.page_cache import kept_name, kept_with_pages

        def render() -> str:
            buildings = selectors.buildings_by_keys(keys)
            # Every building is a child of this page: its address is this page's and its slug, worked out once.
            base = self.get_url(request=request)
            for building in buildings:
                building.card_url = f"{base}{building.slug}/"
            return render_to_string("portal/includes/building_cards.html", {"buildings": buildings}, request=request)

        slugs = [slug for slug, _title in keys]
        return kept_with_pages(f"building-cards:{kept_name(request.get_host(), get_language(), *slugs)}", render)


class BuildingPage(PhotoWithDescription, CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """One building: its caretaker and presence, committees, activities and news."""

    street_address = models.CharField(_("adres"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("plaats"), max_length=100)
    homes = models.PositiveSmallIntegerField(
        _("aantal woningen"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    meeting_room_name = models.CharField(
        _("naam ontmoetingsruimte"),
        max_length=100,
        default=_("de ontmoetingsruimte"),
        help_text=_("Waar de meeste activiteiten zijn, bijvoorbeeld 'De Huiskamer'."),
    )
    description = models.TextField(_("korte beschrijving"), max_length=600, blank=True)
    photo_alt_text = photo_alt_text_field(
        _("Voor wie de foto niet kan zien, bijvoorbeeld: 'Flat van vijf verdiepingen aan het water'.")
    )
    caretaker = models.ForeignKey(
        Caretaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("huismeester"),
    )
    body = RichTextField(
        _("meer informatie"),
        blank=True,
        features=["h2", "h3", "bold", "ol", "ul", "link"],
    )
    tour_minutes = models.PositiveSmallIntegerField(
        _("duur van een rondleiding (minuten)"), default=45, validators=[MinValueValidator(15), MaxValueValidator(180)]
    )
    tour_buffer_minutes = models.PositiveSmallIntegerField(
        _("pauze tussen twee rondleidingen (minuten)"), default=15, validators=[MaxValueValidator(120)]
    )
    # For the visitor who comes to look around: on the tour page, in the confirmation e-mail and the .ics.
    tour_meeting_point = models.CharField(
        _("verzamelplek"),
        max_length=200,
        blank=True,
        help_text=_("Waar de ambassadeur de bezoeker ontmoet, bijvoorbeeld 'In de hal bij de brievenbussen'."),
    )
    has_lift = models.BooleanField(_("lift"), default=False)
    step_free = models.BooleanField(_("drempelvrij"), default=False)
    wheelchair_accessible = models.BooleanField(_("toegankelijk met rolstoel"), default=False)
    parking = models.CharField(
        _("parkeren"), max_length=200, blank=True, help_text=_("Bijvoorbeeld 'Gratis parkeren voor de deur'.")
    )
    public_transport = models.CharField(
        _("openbaar vervoer"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld 'Tram 23, halte Beverwaard, 3 minuten lopen'."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("homes"),
                FieldPanel("meeting_room_name"),
            ],
            heading=_("Gebouw"),
        ),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Foto")),
        MultiFieldPanel(
            [
                FieldPanel(
                    "caretaker",
                    help_text=_(
                        "Een andere huismeester gaat in zodra het gebouw gepubliceerd is; de uren van de vorige "
                        "huismeester in dit gebouw vervallen dan. Een concept verandert nog niets."
                    ),
                ),
                CaretakerHoursPanel(),
            ],
            heading=_("Huismeester"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tour_minutes"), FieldPanel("tour_buffer_minutes")]),
                FieldPanel("tour_meeting_point"),
                FieldRowPanel([FieldPanel("has_lift"), FieldPanel("step_free"), FieldPanel("wheelchair_accessible")]),
                FieldPanel("parking"),
                FieldPanel("public_transport"),
            ],
            heading=_("Rondleidingen"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("street_address"),
        index.SearchField("postal_code"),
        index.SearchField("city"),
        index.SearchField("description"),
        index.SearchField("meeting_room_name"),
        index.SearchField("body"),
        index.AutocompleteField("city"),
    ]
    parent_page_types = ["portal.BuildingIndexPage"]
    # Under a building go its committees: `CommitteePage.parent_page_types` says so.
    # A copy is another building: its caretaker is chosen on purpose (and counts against their limit).
    exclude_fields_in_copy = ["caretaker"]

    class Meta:
        verbose_name = _("gebouw")
        verbose_name_plural = _("gebouwen")

    @property
    def accessibility_labels(self) -> list[str]:
        """What a visitor with a walker or wheelchair wants to know, in words; empty when nothing is filled in."""
        flags = [
            (self.has_lift, _("lift")),
            (self.step_free, _("drempelvrij")),
            (self.wheelchair_accessible, _("toegankelijk met rolstoel")),
        ]
        return [str(label) for present, label in flags if present]

    @property
    def tour_info(self) -> list[tuple[str, str]]:
        """The practical facts for a tour visitor (meeting point, access, parking, transport) as (label, text)."""
        rows = [
            (_("Verzamelplek"), self.tour_meeting_point),
            (_("Toegankelijkheid"), ", ".join(self.accessibility_labels)),
            (_("Parkeren"), self.parking),
            (_("Openbaar vervoer"), self.public_transport),
        ]
        return [(str(label), text) for label, text in rows if text]

    @property
    def recommended_caretaker_hours(self) -> Decimal:
        from portal import selectors

        return selectors.recommended_caretaker_hours(homes=self.homes or 0)

    def clean(self):
        from portal import services

        errors = {}
        try:
            super().clean()  # the page's own rules and the photo's description
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.caretaker_id:
            try:
                services.caretaker_capacity_validate(caretaker=self.caretaker, building=self)
            except ValidationError as error:
                errors["caretaker"] = error.messages
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        """The building's own facts, then what each feature app shows of it (`registry.BUILDING_PAGE_SECTIONS`):
        its activities and monthly programme, committees, news and house rules, the link to book a tour."""
        from portal import page_cache, selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.building_detail(building=self))
        page_cache.keep_until(request, context["fresh_until"])  # "Nu in het gebouw" must not outlive the visit
        for key, value in sections_collect(registry.BUILDING_PAGE_SECTIONS, self, request).items():
            context.setdefault(key, value)  # the core's own keys win
        return context

    @classmethod
    def get_subpage_urls(cls):
        """The page's own route, then those the feature apps add under a building (`registry.BUILDING_PAGE_ROUTES`):
        the printable monthly programme (programma/YYYY-MM/), a message to the caretaker (bericht/)."""
        return (*super().get_subpage_urls(), *chain.from_iterable(registry.each(registry.BUILDING_PAGE_ROUTES)))


# --------------------------------------------------------------------------
# Homes, and who is verified to live in them (portal.homes)
# --------------------------------------------------------------------------


class Home(models.Model):
    """One home of a building, as the corporation's records have it: an address, never a tenant's name.

    Its activation code is printed on a letter to the home (or handed over at the door); the code itself is
    never stored, only a keyed digest of it (portal.homes), so a copy of the database gives nobody a code.
    """

    building = models.ForeignKey(
        "portal.BuildingPage", on_delete=models.CASCADE, related_name="registered_homes", verbose_name=_("gebouw")
    )
    number = models.CharField(
        _("huisnummer"), max_length=20, help_text=_("Zoals op de voordeur, bijvoorbeeld 12, 12-A of 3.04.")
    )
    street = models.CharField(_("straat"), max_length=200, blank=True, help_text=_("Leeg: de straat van het gebouw."))
    postal_code = models.CharField(_("postcode"), max_length=7, blank=True)
    reference = models.CharField(
        _("nummer bij de corporatie"),
        max_length=40,
        blank=True,
        help_text=_("Het eenheidsnummer in de administratie (VHE); zo herkent een nieuwe import de woning."),
    )
    code_digest = models.CharField(max_length=64, blank=True, editable=False)
    code_issued_at = models.DateTimeField(_("code gemaakt op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("woning")
        verbose_name_plural = _("woningen")
        ordering = ["building__title", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="portal_home_unique_number"),
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="portal_home_unique_reference"
            ),
        ]
        indexes = [models.Index(fields=["code_digest"], name="portal_home_code_digest")]

    def __str__(self):
        return f"{self.address}, {self.building.title}"

    @property
    def address(self) -> str:
        return f"{self.street or self.building.street_address.rsplit(' ', 1)[0]} {self.number}".strip()

    @property
    def resident_label(self) -> str:
        """ "ja" when someone is verified as living here now (the admin's list annotates `has_resident`)."""
        has_resident = getattr(self, "has_resident", None)
        if has_resident is None:
            has_resident = self.residencies.filter(ended_at__isnull=True).exists()
        return _("ja") if has_resident else _("nee")


class ResidencyMethod(models.TextChoices):
    CODE = "code", _("Met de code uit de brief")
    IN_PERSON = "in_person", _("Door de huismeester, in het gebouw")


class Residency(models.Model):
    """A person verified as living in a home: with the home's code, or by the building's caretaker in person.
    It ends when they move out (staff end the home's link) or delete their account."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="residencies", verbose_name=_("woning"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="residencies", verbose_name=_("bewoner")
    )
    method = models.CharField(_("bevestigd"), max_length=10, choices=ResidencyMethod.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    started_at = models.DateTimeField(_("sinds"), auto_now_add=True)
    ended_at = models.DateTimeField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("bewoning")
        verbose_name_plural = _("bewoningen")
        constraints = [
            # One current home per person.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ended_at__isnull=True), name="portal_residency_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.home}"


# --------------------------------------------------------------------------
# Outgoing e-mail (portal.mail): every message is stored, then sent by a task that retries until it is sent
# --------------------------------------------------------------------------


class OutgoingEmailStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verzonden")
    GAVE_UP = "gave_up", _("Niet verzonden")


class OutgoingEmail(models.Model):
    """One e-mail as it will go on the wire, kept until it is sent (and a few days after, without its text)."""

    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    subject = models.CharField(_("onderwerp"), max_length=255, blank=True)
    from_email = models.TextField(_("afzender"))
    recipients = models.JSONField(_("ontvangers"), default=list)
    message = models.BinaryField(_("bericht"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OutgoingEmailStatus.choices, default=OutgoingEmailStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt = models.DateTimeField(_("volgende poging"))
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt"], name="portal_outgoing_due_idx")]

    def __str__(self) -> str:
        return self.subject or str(_("(geen onderwerp)"))


class JobRun(models.Model):
    """One run of a periodic job for one due moment (`portal.scheduler`).

    The unique constraint on (name, due_at) is the claim: of all scheduler processes that see the same
    due moment, exactly one can insert the row, and only that one runs the job. The rows are also the
    record of when each job last succeeded, read by `/healthz`, the admin dashboard and `scheduler --list`.
    """

    name = models.CharField(_("taak"), max_length=100)
    due_at = models.DateTimeField(_("gepland om"))
    started_at = models.DateTimeField(_("begonnen om"))
    finished_at = models.DateTimeField(_("klaar om"), null=True, blank=True)
    succeeded = models.BooleanField(_("gelukt"), null=True, blank=True)  # None while running
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=1)
    host = models.CharField(_("uitgevoerd door"), max_length=200, blank=True)
    summary = models.TextField(_("resultaat"), blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("uitvoering van een geplande taak")
        verbose_name_plural = _("uitvoeringen van geplande taken")
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="portal_jobrun_once_per_due_moment"),
        ]

    def __str__(self):
        return f"{self.name} @ {self.due_at:%Y-%m-%d %H:%M}"
