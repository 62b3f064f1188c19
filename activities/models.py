"""Activities of committees: the page with its schedule, its concrete dates, and who comes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from committees.models import CommitteeContent
from committees.panels import ModerationFlagsPanel, guidance_panel
from portal.abstract_models import photo_alt_text_field, photo_description_errors, photo_field
from portal.panels import staff_promote_panels, title_panel
from portal.restrictions import CachedViewRestrictionsMixin


class ActivityCategory(models.Model):
    """Coffee and meeting, exercise, creative, outing, information, meal — staff can add more."""

    name = models.CharField(_("naam"), max_length=60, unique=True)
    slug = models.SlugField(_("korte naam in de URL"), max_length=60, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("soort activiteit")
        verbose_name_plural = _("soorten activiteiten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Recurrence(models.TextChoices):
    ONCE = "eenmalig", _("Eén keer")
    WEEKLY = "wekelijks", _("Elke week")
    BIWEEKLY = "tweewekelijks", _("Om de week")
    MONTHLY = "maandelijks", _("Elke maand (zelfde weekdag, bijvoorbeeld de eerste dinsdag)")
    MONTHLY_LAST = "laatste_weekdag", _("Elke maand op de laatste weekdag (bijvoorbeeld de laatste donderdag)")


class ActivityPage(CommitteeContent, CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """An activity of a committee, once or recurring; its dates are `Occurrence` rows."""

    category = models.ForeignKey(
        ActivityCategory, on_delete=models.PROTECT, related_name="activities", verbose_name=_("soort")
    )
    description = RichTextField(_("beschrijving"), features=["bold", "ul", "ol", "link"])
    place = models.CharField(
        _("plek"),
        max_length=150,
        blank=True,
        help_text=_("Leeg laten: de ontmoetingsruimte van het gebouw."),
    )
    wheelchair_accessible = models.BooleanField(_("toegankelijk met rolstoel of rollator"), default=True)
    hearing_loop = models.BooleanField(_("ringleiding aanwezig"), default=False)
    accessibility_notes = models.CharField(_("toegankelijkheid, verder"), max_length=200, blank=True)
    cost = models.DecimalField(
        _("kosten (euro)"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Leeg: gratis.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    signup_required = models.BooleanField(_("aanmelden nodig"), default=True)
    residents_only = models.BooleanField(
        _("alleen voor bewoners van het gebouw"),
        default=False,
        help_text=_(
            "Aan: alleen wie bevestigd in het gebouw woont, kan zich aanmelden (bij het huurdersplatform: wie in een "
            "van de gebouwen woont). De commissie en de huismeester kunnen altijd een buurman of buurvrouw aanmelden."
        ),
    )
    signup_deadline_hours = models.PositiveSmallIntegerField(
        _("aanmelden kan tot (uren van tevoren)"), default=2, validators=[MaxValueValidator(24 * 14)]
    )
    start_date = models.DateField(_("(eerste) datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    recurrence = models.CharField(_("hoe vaak"), max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE)
    until = models.DateField(_("herhalen tot en met"), null=True, blank=True)
    skip_holidays = models.BooleanField(
        _("niet op feestdagen"),
        default=True,
        help_text=_(
            "Valt een datum op een feestdag (Nieuwjaarsdag, Pasen, Koningsdag, Hemelvaart, Pinksteren, Kerst), dan "
            "gaat de activiteit die dag niet door. Bewoners zien dat bij die datum."
        ),
    )
    image = photo_field()
    image_alt_text = photo_alt_text_field()

    content_panels = [
        guidance_panel("activities/admin/guidance_activity.html", _("Zo zet u een activiteit op de website")),
        title_panel(_("Wat gaat u doen? Bijvoorbeeld: Koffieochtend.")),
        ModerationFlagsPanel(),
        # A handful of kinds: radio buttons show them all at once, with no pop-up to find them in.
        FieldPanel("category", widget=forms.RadioSelect),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt_text")],
            heading=_("Foto"),
            help_text=_(
                "Een foto is niet verplicht. Staan er bewoners herkenbaar op? Vraag dan eerst of zij dat goedvinden."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("recurrence"), FieldPanel("until")]),
                FieldPanel("skip_holidays"),
                InlinePanel(
                    "cancelled_dates",
                    heading=_("Gaat niet door op"),
                    label=_("datum"),
                    help_text=_(
                        "Valt de activiteit één keer uit, bijvoorbeeld op een feestdag? Voeg die datum hier toe. "
                        "Bewoners zien dan dat die dag niet doorgaat. Wie zich had aangemeld, krijgt een e-mail. "
                        "Heeft u een buur zonder e-mail aangemeld? Dan krijgt u bericht, en bij de activiteit staat "
                        "een bellijst met wie u het moet laten weten."
                    ),
                ),
            ],
            heading=_("Wanneer"),
            help_text=_(
                "Vul de eerste datum en de tijden in. Komt de activiteit vaker terug? Kies hoe vaak en tot en met "
                "welke datum. De website maakt dan zelf alle data aan."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("wheelchair_accessible"), FieldPanel("hearing_loop")]),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Waar"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signup_required"), FieldPanel("capacity")]),
                FieldPanel("residents_only"),
                FieldRowPanel([FieldPanel("signup_deadline_hours"), FieldPanel("cost")]),
            ],
            heading=_("Aanmelden"),
            help_text=_(
                "Moeten bewoners zich aanmelden? Zij kunnen dat zelf op de website doen, of een buur, een "
                "commissielid of de huismeester doet het voor hen. Is het vol, dan komen mensen op de wachtlijst."
            ),
        ),
    ]
    promote_panels = staff_promote_panels()
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("place"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category_id"),
    ]
    parent_page_types = ["committees.CommitteePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("De eindtijd moet na de begintijd liggen.")
        if self.recurrence != Recurrence.ONCE and not self.until:
            errors["until"] = _("Tot wanneer wordt de activiteit herhaald? Vul een datum in.")
        if self.until and self.start_date and self.until < self.start_date:
            errors["until"] = _("Deze datum ligt vóór de eerste datum.")
        if self.start_date and self.recurrence in (Recurrence.MONTHLY, Recurrence.MONTHLY_LAST):
            from activities.services import monthly_start_error

            error = monthly_start_error(recurrence=self.recurrence, start=self.start_date)
            if error:
                errors["recurrence"] = error
        errors.update(photo_description_errors(self.image_id, self.image_alt_text, field="image_alt_text"))
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from activities import selectors
        from committees import selectors as committees_selectors

        context = super().get_context(request, *args, **kwargs)
        from portal.page_cache import page_scope

        scope = None if getattr(request, "is_preview", False) else page_scope(request)
        context.update(selectors.activity_detail(activity=self, user=request.user, scope=scope))
        context["already_reported"] = committees_selectors.reported_by(page=self, user=request.user)
        return context

    @path("aanmelden/<int:occurrence_id>/", name="signup")
    def signup_route(self, request, occurrence_id):
        from activities import views

        return views.signup(request, activity=self, occurrence_id=occurrence_id)

    @path("afmelden/<int:registration_id>/", name="cancel")
    def cancel_route(self, request, registration_id):
        from activities import views

        return views.cancel(request, activity=self, registration_id=registration_id)

    @path("namens/<int:occurrence_id>/", name="signup_for")
    def signup_for_route(self, request, occurrence_id):
        from activities import views

        return views.signup_for(request, activity=self, occurrence_id=occurrence_id)

    @path("deelnemers/<int:occurrence_id>/", name="participants")
    def participants_route(self, request, occurrence_id):
        from activities import views

        return views.participants(request, activity=self, occurrence_id=occurrence_id)

    @path("gast-afmelden/<int:registration_id>/", name="guest_drop")
    def guest_drop_route(self, request, registration_id):
        from activities import views

        return views.guest_drop(request, activity=self, registration_id=registration_id)

    @path("deelnemers/<int:occurrence_id>/aanmelding/<int:registration_id>/", name="registration_manage")
    def registration_manage_route(self, request, occurrence_id, registration_id):
        from activities import views

        return views.registration_manage(
            request, activity=self, occurrence_id=occurrence_id, registration_id=registration_id
        )

    @path("bellijst/", name="call_list")
    def call_list_route(self, request):
        from activities import views

        return views.call_list(request, activity=self)

    @path("ical/", name="ics")
    def ics_route(self, request):
        from activities import calendar_views

        return calendar_views.activity_ics(request, activity=self)

    @path("melden/", name="report")
    def report_route(self, request):
        from committees import views

        return views.page_report(request, page=self)


class CancelledDate(Orderable):
    """A single date on which a recurring activity does not take place (it stays visible, as cancelled)."""

    activity = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="cancelled_dates")
    date = models.DateField(_("datum"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("datum waarop het niet doorgaat")


class Occurrence(models.Model):
    """One concrete date of an activity, kept for a rolling window by `occurrences_sync`."""

    activity = models.ForeignKey(ActivityPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"))
    cancelled = models.BooleanField(_("gaat niet door"), default=False)
    seats_taken = models.PositiveIntegerField(_("bezette plaatsen"), default=0)
    list_sent_at = models.DateTimeField(_("deelnemerslijst verstuurd op"), null=True, blank=True, editable=False)
    # The organisers' call list tells who signed up before this moment of the new time.
    time_changed_at = models.DateTimeField(_("tijd veranderd op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("datum van een activiteit")
        verbose_name_plural = _("data van activiteiten")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "start"], name="one_occurrence_per_start"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="occurrence_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["start", "cancelled"]),
            # The listings' order (`selectors.upcoming`: start, then id): the first page is read from the index,
            # not sorted from every coming date (60,000 at 1,200 buildings).
            models.Index(fields=["start", "id"], name="occurrence_listing_order"),
        ]

    def __str__(self):
        return f"{self.activity.title} {self.start:%Y-%m-%d %H:%M}"

    @property
    def signup_deadline(self):
        """Until when people can sign up for this date: the activity's hours before its start."""
        from datetime import timedelta

        return self.start - timedelta(hours=self.activity.signup_deadline_hours)

    @property
    def places_left(self) -> int | None:
        capacity = self.activity.capacity
        return None if capacity is None else max(0, capacity - self.seats_taken)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "aangemeld", _("Aangemeld")
    WAITING = "wachtlijst", _("Op de wachtlijst")
    CANCELLED = "afgemeld", _("Afgemeld")


class Registration(models.Model):
    """A place at one occurrence: for a resident with an account, or for a neighbour without one."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("bewoner"),
    )
    neighbour_name = models.CharField(_("naam van de buur"), max_length=100, blank=True)
    neighbour_apartment = models.CharField(_("huisnummer"), max_length=20, blank=True)
    neighbour_phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    neighbour_consent = models.BooleanField(_("de buur vindt het goed"), default=False)
    guests = models.PositiveSmallIntegerField(_("introducés"), default=0, validators=[MaxValueValidator(1)])
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemeld door"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Set by the waiting list (activities.services): when the place came free for this person, and when they were
    # offered a single place because the one who comes with them did not fit. The organisers' call list reads them.
    promoted_at = models.DateTimeField(_("van de wachtlijst aangemeld op"), null=True, blank=True, editable=False)
    single_place_offered_at = models.DateTimeField(_("één plaats aangeboden op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "user"],
                condition=Q(user__isnull=False) & ~Q(status=RegistrationStatus.CANCELLED),
                name="one_active_registration_per_person",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (~Q(neighbour_name="") & Q(neighbour_consent=True)),
                name="registration_has_a_person",
            ),
            models.CheckConstraint(condition=Q(guests__lte=1), name="at_most_one_guest"),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self):
        return f"{self.display_name} – {self.occurrence}"

    @property
    def seats(self) -> int:
        return 1 + self.guests

    @property
    def display_name(self) -> str:
        """How the organisers see the person: the name they chose on their profile, else their account's name."""
        if self.user_id:
            profile = getattr(self.user, "resident_profile", None)
            return (profile.display_name if profile else "") or self.user.get_full_name() or self.user.email
        return self.neighbour_name

    @property
    def on_behalf(self) -> bool:
        return self.made_by_id is not None and self.made_by_id != self.user_id


class ActivityIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """All upcoming activities at /activiteiten/: a filtered list, a month calendar and an iCal feed."""

    intro = models.TextField(_("inleiding"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("activiteitenoverzicht")

    @path("")
    def list_route(self, request):
        from activities import views

        return views.activity_index(request, page=self)

    @path("kalender/", name="calendar")
    def calendar_route(self, request):
        from activities import calendar_views

        return calendar_views.month_calendar(request, page=self)


class CalendarLink(models.Model):
    """The secret address of a person's own calendar (their coming sign-ups, activities.calendar_links). A new
    link raises `version`, and every older link stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities_calendar_link"
    )
    version = models.PositiveIntegerField(_("versie"), default=0)

    class Meta:
        verbose_name = _("agendalink")
        verbose_name_plural = _("agendalinks")

    def __str__(self):
        return f"{self.user} ({self.version})"
