"""Ambassadors show prospective tenants around their building.

An ambassador keeps a weekly pattern, one-off times and blocked dates; the bookable slots are
computed from those (`ambassadors.selectors.building_slots`, `ambassador_slots`), never stored, so a change
of availability shows at once. A `TourBooking` holds one slot of one ambassador: the database refuses a second live
booking at the same start, and the booking service takes a row lock on the ambassador first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.abstract_models import PhotoWithDescription, TimeOfDayRange, photo_alt_text_field
from portal.models import Weekday
from portal.restrictions import CachedViewRestrictionsMixin


class SpokenLanguage(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    GERMAN = "de", _("Duits")
    FRENCH = "fr", _("Frans")
    TURKISH = "tr", _("Turks")
    ARABIC = "ar", _("Arabisch")
    PAPIAMENTO = "pap", _("Papiaments")
    POLISH = "pl", _("Pools")


class Ambassador(PhotoWithDescription, ClusterableModel):
    """A tenant who shows prospective tenants around their own building."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ambassador",
        verbose_name=_("bewoner"),
    )
    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.CASCADE,
        related_name="ambassadors",
        verbose_name=_("gebouw"),
    )
    display_name = models.CharField(
        _("naam op de website"),
        max_length=60,
        help_text=_("Meestal alleen de voornaam, bijvoorbeeld 'Truus'."),
    )
    introduction = models.TextField(
        _("korte introductie"),
        max_length=500,
        help_text=_("Een paar zinnen over uzelf en wat u van het gebouw laat zien."),
    )
    photo_alt_text = photo_alt_text_field(_("Voor wie de foto niet kan zien, bijvoorbeeld: 'Truus bij de voordeur'."))
    languages = models.JSONField(_("talen"), default=list, blank=True)
    active = models.BooleanField(_("actief"), default=True, help_text=_("Alleen actieve ambassadeurs zijn te boeken."))
    # Volunteers, not staff: more tours than these are never offered (`selectors.ambassador_slots`).
    max_tours_per_day = models.PositiveSmallIntegerField(
        _("hoogstens rondleidingen per dag"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    max_tours_per_week = models.PositiveSmallIntegerField(
        _("hoogstens rondleidingen per week"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    # Raised by a new address of the private calendar feed (`ambassadors.calendar_links`): older links stop.
    feed_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("user"),
        FieldPanel("building"),
        FieldPanel("display_name"),
        FieldPanel("introduction"),
        FieldPanel("languages"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Foto")),
        FieldPanel("active"),
        FieldRowPanel([FieldPanel("max_tours_per_day"), FieldPanel("max_tours_per_week")], heading=_("Hoeveel")),
        InlinePanel("weekly_times", heading=_("Vaste tijden per week"), label=_("tijd")),
        InlinePanel("extra_times", heading=_("Extra tijden"), label=_("extra tijd")),
        InlinePanel("blocked_periods", heading=_("Dagen zonder rondleidingen (vakantie)"), label=_("periode")),
    ]

    class Meta:
        verbose_name = _("ambassadeur")
        verbose_name_plural = _("ambassadeurs")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_languages_display(self) -> str:
        labels = dict(SpokenLanguage.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.languages)


class WeeklyTime(TimeOfDayRange):
    """A time in the weekly pattern, e.g. Tuesdays 10:00–12:00."""

    ambassador = ParentalKey(Ambassador, on_delete=models.CASCADE, related_name="weekly_times")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("start"), FieldPanel("end")])]

    class Meta(TimeOfDayRange.Meta):
        verbose_name = _("vaste tijd")
        verbose_name_plural = _("vaste tijden")
        ordering = ["weekday", "start"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class ExtraTime(TimeOfDayRange):
    """A one-off time on a date, outside the weekly pattern."""

    ambassador = ParentalKey(Ambassador, on_delete=models.CASCADE, related_name="extra_times")
    date = models.DateField(_("datum"))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("start"), FieldPanel("end")])]

    class Meta(TimeOfDayRange.Meta):
        verbose_name = _("extra tijd")
        verbose_name_plural = _("extra tijden")
        ordering = ["date", "start"]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.start:%H:%M}–{self.end:%H:%M}"


class BlockedPeriod(models.Model):
    """Dates on which the ambassador gives no tours (holiday), first to last day inclusive."""

    ambassador = ParentalKey(Ambassador, on_delete=models.CASCADE, related_name="blocked_periods")
    first_day = models.DateField(_("van"))
    last_day = models.DateField(_("tot en met"))

    panels = [FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")])]

    class Meta:
        verbose_name = _("geblokkeerde dagen")
        verbose_name_plural = _("geblokkeerde dagen")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(first_day__lte=models.F("last_day")), name="blocked_first_before_last")
        ]

    def __str__(self):
        if self.first_day == self.last_day:
            return f"{self.first_day:%d-%m-%Y}"
        return f"{self.first_day:%d-%m-%Y} – {self.last_day:%d-%m-%Y}"

    def clean(self):
        super().clean()
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("De laatste dag kan niet vóór de eerste dag liggen.")})


class BookingStatus(models.TextChoices):
    BOOKED = "geboekt", _("Geboekt")
    CANCELLED = "geannuleerd", _("Geannuleerd")
    HELD = "gehouden", _("Gehouden")
    NO_SHOW = "niet_gekomen", _("Niet gekomen")


class CancelReason(models.TextChoices):
    """Why an ambassador cannot give a tour: a choice, never free text (nothing about anyone's health)."""

    ILL = "ziek", _("Ik ben ziek")
    PREVENTED = "verhinderd", _("Ik ben verhinderd")
    OTHER = "anders", _("Een andere reden")


class TourBooking(models.Model):
    """One tour of one ambassador for a prospective tenant (who has no account)."""

    # An ambassador with tours is made inactive, not deleted (RESTRICT); a building taken out of the portal
    # takes its ambassadors and tours with it.
    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.RESTRICT, related_name="bookings", verbose_name=_("ambassadeur")
    )
    building = models.ForeignKey(
        "portal.BuildingPage", on_delete=models.CASCADE, related_name="tour_bookings", verbose_name=_("gebouw")
    )
    start = models.DateTimeField(_("begint om"))
    end = models.DateTimeField(_("eindigt om"))
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    # The visitor: the minimum to reach them; cleared `PORTAL_TOUR_RETENTION_DAYS` after the tour.
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("aantal personen"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    language = models.CharField(_("voorkeurstaal"), max_length=3, choices=SpokenLanguage.choices, default="nl")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geboekt door"),
        help_text=_("Leeg: de bezoeker boekte zelf op de website."),
    )
    # A double-clicked form posts the same key twice; the second post finds the first booking.
    request_key = models.CharField(
        _("formuliersleutel"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    # Empty when the visitor or staff cancelled; the ambassador's reason when they could not come.
    cancel_reason = models.CharField(
        _("reden van de ambassadeur"), max_length=20, choices=CancelReason.choices, blank=True, editable=False
    )
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True, editable=False)
    sequence = models.PositiveSmallIntegerField(
        _("versie in de agenda"), default=0, editable=False
    )  # iCalendar SEQUENCE

    # Nothing links to a booking from content; skip Wagtail's reference index (five queries per save).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("rondleiding")
        verbose_name_plural = _("rondleidingen")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "start"],
                condition=~Q(status=BookingStatus.CANCELLED),
                name="one_booking_per_slot",
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1, party_size__lte=4), name="party_of_one_to_four"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="tour_start_before_end"),
        ]
        indexes = [
            models.Index(fields=["building", "start"]),
            models.Index(fields=["ambassador", "start"]),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.building.title if self.building_id else ''} {local:%d-%m-%Y %H:%M}".strip()

    @property
    def start_label(self) -> str:
        return f"{timezone.localtime(self.start):%d-%m-%Y %H:%M}"

    @property
    def is_booked(self) -> bool:
        """Still booked: not cancelled, and not yet marked held or no-show."""
        return self.status == BookingStatus.BOOKED

    @property
    def by_phone(self) -> bool:
        return self.booked_by_id is not None

    @property
    def channel_label(self) -> str:
        return str(_("telefoon of balie") if self.by_phone else _("website"))

    @property
    def visitor_label(self) -> str:
        return self.name or str(_("(gegevens gewist)"))


class PartOfDay(models.TextChoices):
    MORNING = "ochtend", _("ochtend")
    AFTERNOON = "middag", _("middag")
    EITHER = "maakt_niet_uit", _("maakt niet uit")


class TourRequest(models.Model):
    """A prospective tenant asks for a tour of a building that has no ambassador: the letting team calls back.

    Deliberately no free text (nobody is invited to write about their health); the visitor's details are wiped
    `PORTAL_TOUR_RETENTION_DAYS` after the request, the row stays as a count.
    """

    building = models.ForeignKey(
        "portal.BuildingPage", on_delete=models.CASCADE, related_name="tour_requests", verbose_name=_("gebouw")
    )
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    preferred_days = models.JSONField(_("voorkeursdagen"), default=list, blank=True)
    part_of_day = models.CharField(_("dagdeel"), max_length=20, choices=PartOfDay.choices, default=PartOfDay.EITHER)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("aanvraag rondleiding")
        verbose_name_plural = _("aanvragen rondleiding")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.building.title if self.building_id else ''} {timezone.localtime(self.created_at):%d-%m-%Y}"

    @property
    def preferred_days_display(self) -> str:
        labels = dict(Weekday.choices)
        return ", ".join(str(labels[day]) for day in self.preferred_days if day in labels) or str(_("maakt niet uit"))


class GroupTour(models.Model):
    """An open afternoon or group tour: one time, several visitors, until its places are taken.

    Offered by staff (or an ambassador of the building); visitors book places (`GroupTourPlace`), each for 1 to 4
    people; the booking service locks this row, so two visitors can never take the last place together.
    """

    building = models.ForeignKey(
        "portal.BuildingPage", on_delete=models.CASCADE, related_name="group_tours", verbose_name=_("gebouw")
    )
    ambassador = models.ForeignKey(
        Ambassador,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_tours",
        verbose_name=_("ambassadeur"),
        help_text=_("Leeg: een medewerker van de corporatie leidt rond."),
    )
    title = models.CharField(_("titel"), max_length=100, default=_("Open middag"))
    start = models.DateTimeField(_("begint om"))
    end = models.DateTimeField(_("eindigt om"))
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), validators=[MinValueValidator(2), MaxValueValidator(100)], default=10
    )
    cancelled = models.BooleanField(_("gaat niet door"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    wagtail_reference_index_ignore = True

    panels = [
        FieldPanel("building"),
        FieldPanel("ambassador"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("capacity"),
        FieldPanel("cancelled"),
    ]

    class Meta:
        verbose_name = _("groepsrondleiding")
        verbose_name_plural = _("groepsrondleidingen")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="group_tour_start_before_end"),
            models.CheckConstraint(condition=Q(capacity__gte=2, capacity__lte=100), name="group_tour_capacity"),
        ]
        indexes = [models.Index(fields=["building", "start"])]

    def __str__(self):
        return f"{self.title}, {self.building.title if self.building_id else ''} {self.start_label}".strip()

    @property
    def start_label(self) -> str:
        return f"{timezone.localtime(self.start):%d-%m-%Y %H:%M}"

    @property
    def places_left(self) -> int:
        """Needs `taken` (annotated by `visitor_services.group_tours_upcoming`)."""
        return max(self.capacity - (getattr(self, "taken", 0) or 0), 0)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("De eindtijd moet na de begintijd liggen.")})
        if self.ambassador_id and self.building_id and self.ambassador.building_id != self.building_id:
            raise ValidationError({"ambassador": _("Kies een ambassadeur van dit gebouw.")})


class GroupTourPlace(models.Model):
    """Places on a group tour for one visitor (and who comes along), without an account."""

    group_tour = models.ForeignKey(
        GroupTour, on_delete=models.CASCADE, related_name="places", verbose_name=_("groepsrondleiding")
    )
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    # The visitor: the minimum to reach them; cleared `PORTAL_TOUR_RETENTION_DAYS` after the tour.
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("aantal personen"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    request_key = models.CharField(
        _("formuliersleutel"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("aanmelding groepsrondleiding")
        verbose_name_plural = _("aanmeldingen groepsrondleiding")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gte=1, party_size__lte=4), name="group_place_one_to_four"),
        ]

    def __str__(self):
        return f"{self.group_tour} – {self.name or _('(gegevens gewist)')}"


class TourIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """`/rondleidingen/`: pick a building, see its free times, book a tour."""

    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("rondleidingen")
        verbose_name_plural = _("rondleidingen")

    @path("", name="index")
    def index_route(self, request):
        from ambassadors import views

        return views.tour_index(request, page=self)

    @path("<slug:building>/", name="building")
    def building_route(self, request, building):
        from ambassadors import views

        return views.tour_building(request, page=self, building_slug=building)
