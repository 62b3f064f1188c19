"""Committees, their news, members, reports on news, and the message line to the caretaker."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from committees.admin_forms import CommitteePageForm
from committees.panels import ModerationFlagsPanel, guidance_panel
from portal.abstract_models import photo_alt_text_field, photo_description_errors, photo_field
from portal.paging import BUILDINGS_PER_PAGE
from portal.panels import staff_promote_panels, title_panel
from portal.restrictions import CachedViewRestrictionsMixin

OVERVIEW_PER_PAGE = BUILDINGS_PER_PAGE  # buildings per page on the tenants' platform overview
NEWS_BODY_FEATURES = ["h2", "h3", "bold", "ol", "ul", "link"]


class CommitteeKind(models.TextChoices):
    ACTIVITY = "activiteiten", _("Activiteitencommissie")
    RESIDENTS = "bewoners", _("Bewonerscommissie")
    PLATFORM = "platform", _("Huurdersplatform")


class CommitteePage(CachedViewRestrictionsMixin, Page):
    """An activity committee or residents' committee of one building, or the tenants' platform."""

    kind = models.CharField(_("soort"), max_length=20, choices=CommitteeKind.choices)
    description = models.TextField(_("wie we zijn en wat we doen"), max_length=1000)
    contact_email = models.EmailField(
        _("e-mailadres van de commissie"),
        blank=True,
        help_text=_("Een adres van de commissie zelf, niet het privéadres van een lid."),
    )
    contact_phone = models.CharField(_("telefoonnummer van de commissie"), max_length=20, blank=True)
    meeting_times = models.CharField(
        _("wanneer we vergaderen"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: elke eerste maandag van de maand om 14:00 in de ontmoetingsruimte."),
    )
    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("gebouw"),
        help_text=_("Leeg bij het huurdersplatform: dat is er voor alle gebouwen."),
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="committee",
        verbose_name=_("groep in het beheer"),
    )

    content_panels = [
        title_panel(_("De naam van de commissie, zoals bewoners die kennen.")),
        FieldPanel("kind"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("meeting_times")],
            heading=_("Contact"),
        ),
    ]
    promote_panels = staff_promote_panels()
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["portal.BuildingPage", "portal.HomePage"]
    subpage_types = ["committees.NewsPage", "activities.ActivityPage", "consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("commissie")
        verbose_name_plural = _("commissies")

    base_form_class = CommitteePageForm
    # A copy is a new committee: it gets a group of its own (and no members) from the after_copy_page hook.
    exclude_fields_in_copy = ["group"]

    def with_content_json(self, content):
        """The group belongs to the page, not to a revision (like Wagtail's owner and lock): a revision saved
        before `committee_group_sync` gave the group (a new committee's draft, a copy's) must not wipe it."""
        obj = super().with_content_json(content)
        obj.group_id = self.group_id
        return obj

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "building" in update_fields:
            self.place_in_tree()
        return super().save(*args, **kwargs)

    def place_in_tree(self) -> None:
        """The building above (none for the tenants' platform); moves: `services.places_sync`."""
        from portal.tree import building_above

        if self.path:
            self.building = building_above(self)

    @property
    def is_platform(self) -> bool:
        return self.kind == CommitteeKind.PLATFORM

    def get_context(self, request, *args, **kwargs):
        from committees import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.committee_detail(committee=self))
        if self.is_platform:
            from django.core.paginator import Paginator

            page_obj = Paginator(selectors.platform_building_keys(), OVERVIEW_PER_PAGE).get_page(
                request.GET.get("pagina")
            )
            context["page_obj"] = page_obj
            context["overview"] = selectors.platform_overview_page(keys=page_obj.object_list)
            from committees.permissions import can_see_platform_trend

            context["can_see_trend"] = can_see_platform_trend(request.user)
        return context


class CommitteeContent(models.Model):
    """A page a committee publishes (news, an activity), with its committee and building stored.

    Both are set from the page's place in the tree each time it is saved (created, published, copied) and
    after a move (`committees.signals`), so readers filter and join on indexed keys instead of slicing tree
    paths. A page of the tenants' platform has a committee and no building: it is for every building
    (`portal.tree.for_building`).
    """

    committee = models.ForeignKey(
        CommitteePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("commissie"),
    )
    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("gebouw"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"committee", "building"} & set(update_fields):
            self.place_in_tree()
        return super().save(*args, **kwargs)

    def place_in_tree(self) -> None:
        """Read the committee and the building from the page's ancestors (two small queries)."""
        from portal.tree import building_above

        if not self.path:
            return
        self.committee = CommitteePage.objects.ancestor_of(self).order_by("-depth").first()
        self.building = building_above(self)


class MemberRole(models.TextChoices):
    CHAIR = "voorzitter", _("voorzitter")
    SECRETARY = "secretaris", _("secretaris")
    MEMBER = "lid", _("lid")


class CommitteeMembership(models.Model):
    """A person's seat on a committee. The committee's Wagtail group follows it (see services)."""

    committee = models.ForeignKey(
        CommitteePage, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("commissie")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_memberships",
        verbose_name=_("lid"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    since = models.DateField(_("lid sinds"), default=timezone.localdate)
    show_publicly = models.BooleanField(
        _("naam tonen op de website"),
        default=False,
        help_text=_("Alleen aanzetten als het lid daar zelf toestemming voor heeft gegeven."),
    )

    class Meta:
        verbose_name = _("commissielid")
        verbose_name_plural = _("commissieleden")
        ordering = ["committee__title", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="one_membership_per_committee"),
        ]

    def __str__(self):
        return f"{self.user} – {self.committee.title}"


class NewsKind(models.TextChoices):
    NEWS = "nieuws", _("Nieuws")
    MINUTES = "verslag", _("Verslag van een vergadering")
    HOUSE_RULES = "huisregels", _("Huisregels")


class NewsPage(CommitteeContent, CachedViewRestrictionsMixin, RoutablePageMixin, Page):  # noqa: DJ008 (Page has it)
    """News, meeting minutes or house rules, written by a committee and published by a moderator."""

    kind = models.CharField(_("soort"), max_length=20, choices=NewsKind.choices, default=NewsKind.NEWS)
    date = models.DateField(_("datum"), default=timezone.localdate)
    intro = models.TextField(_("korte inleiding"), max_length=300, help_text=_("Eén of twee zinnen."))
    body = RichTextField(_("tekst"), features=NEWS_BODY_FEATURES)
    image = photo_field()
    image_alt_text = photo_alt_text_field()
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document (pdf)"),
        help_text=_("Bijvoorbeeld het verslag als pdf."),
    )

    content_panels = [
        guidance_panel("committees/admin/guidance_news.html", _("Zo schrijft u een bericht")),
        title_panel(_("Kort en duidelijk: waar gaat het bericht over?")),
        ModerationFlagsPanel(),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt_text")],
            heading=_("Foto"),
            help_text=_(
                "Een foto is niet verplicht. Staan er bewoners herkenbaar op? Vraag dan eerst of zij dat goedvinden."
            ),
        ),
        FieldPanel("document"),
    ]
    promote_panels = staff_promote_panels()
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["committees.CommitteePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuwsberichten")
        # /nieuws/ lists the newest first (`selectors.published_news`): read back from this index, twenty items
        # are found without sorting every news item there is (3,800 at 1,200 buildings).
        indexes = [models.Index(fields=["date", "page_ptr"], name="news_listing_order")]

    def clean(self):
        super().clean()
        errors = {}
        errors.update(photo_description_errors(self.image_id, self.image_alt_text, field="image_alt_text"))
        # An editor that was clicked into saves '<p data-block-key="…"></p>': required, yet empty.
        if not strip_tags(str(self.body or "")).strip():
            errors["body"] = _("Schrijf de tekst van het bericht.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from committees import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.news_detail(news=self, user=request.user))
        return context

    @path("melden/", name="report")
    def report_route(self, request):
        from committees import views

        return views.page_report(request, page=self)


class NewsIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """All published news at /nieuws/, filtered, 20 a page, with an Atom and RSS feed."""

    intro = models.TextField(_("inleiding"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("nieuwsoverzicht")

    @path("")
    def index_route(self, request):
        from committees import views

        return views.news_index(request, page=self)

    @path("feed/", name="atom")
    def atom_route(self, request):
        from committees import feeds

        return feeds.NewsAtomFeed()(request, index=self)

    @path("rss/", name="rss")
    def rss_route(self, request):
        from committees import feeds

        return feeds.NewsRssFeed()(request, index=self)


class ReportReason(models.TextChoices):
    WRONG = "onjuist", _("Er staat iets onjuists in")
    OFFENSIVE = "kwetsend", _("Het is kwetsend of onbeleefd")
    PRIVACY = "privacy", _("Er staan persoonlijke gegevens van iemand in")
    OTHER = "anders", _("Iets anders: graag even bekijken")
    # Only a committee member asks this, from the editor of their own live page (never the public form).
    OUTDATED = "verouderd", _("Het is verouderd: graag van de website halen")

    @classmethod
    def for_residents(cls) -> list[tuple[str, str]]:
        return [(value, label) for value, label in cls.choices if value != cls.OUTDATED]


class Report(models.Model):
    """A page that needs a moderator's look: reported by a resident (news, an activity), or a committee
    member's request to take their own outdated page off the website."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="reports", verbose_name=_("pagina")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="page_reports",
        verbose_name=_("gemeld door"),
    )
    reason = models.CharField(_("reden"), max_length=20, choices=ReportReason.choices)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "reporter"], name="one_report_per_person_per_page"),
        ]

    def __str__(self):
        return f"{self.page.title}: {self.get_reason_display()}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def kind(self) -> str:
        """What was reported, in a word: "nieuwsbericht", "activiteit" (the page type's name; no query)."""
        return str(self.page.specific_class._meta.verbose_name) if self.page.specific_class else ""

    @property
    def is_takedown_request(self) -> bool:
        return self.reason == ReportReason.OUTDATED


class MessageCategory(models.TextChoices):
    SMALL_JOB = "klusje", _("Klein klusje")
    CLEAN_SAFE = "schoon_heel_veilig", _("Schoon, heel en veilig")
    QUESTION = "vraag", _("Vraag")
    CONCERN = "zorg", _("Zorg over het gebouw")


class MessageStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    DONE = "afgehandeld", _("Afgehandeld")


# Under "private/": never served from /media/ (portal.storage); `committees.views.message_photo` checks who asks.
MESSAGE_PHOTO_FOLDER = "private/berichtfotos"


class CaretakerMessage(models.Model):
    """A message from a resident or committee member to the caretaker of a building."""

    building = models.ForeignKey(
        "portal.BuildingPage",
        on_delete=models.CASCADE,
        related_name="caretaker_messages",
        verbose_name=_("gebouw"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="caretaker_messages",
        verbose_name=_("afzender"),
    )
    category = models.CharField(_("onderwerp"), max_length=30, choices=MessageCategory.choices)
    subject = models.CharField(_("titel"), max_length=120)
    body = models.TextField(_("bericht"), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.NEW)
    photo = models.FileField(
        _("foto"),
        upload_to=MESSAGE_PHOTO_FOLDER,
        blank=True,
        help_text=_("Alleen de lezer van het bericht en de afzender zien de foto."),
    )
    # Who reads it, decided when it is sent (`selectors.message_readers`): the caretaker on duty when they have an
    # account with an e-mail address, else nobody here and the staff team reads it.
    caretaker = models.ForeignKey(
        "portal.Caretaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gelezen door huismeester"),
    )
    to_staff = models.BooleanField(_("gelezen door het team"), default=False)
    unread_by_reader = models.BooleanField(_("ongelezen"), default=True)
    unread_by_sender = models.BooleanField(_("nieuw antwoord voor de afzender"), default=False)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    done_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht aan de huismeester")
        verbose_name_plural = _("berichten aan de huismeester")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["building", "status"]), models.Index(fields=["status", "done_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.DONE) | Q(done_at__isnull=False), name="done_messages_have_done_at"
            ),
        ]

    def __str__(self):
        return self.subject


class MessageReply(models.Model):
    """One turn in the conversation about a message: the reader's answer, or the sender's answer back."""

    message = models.ForeignKey(
        CaretakerMessage, on_delete=models.CASCADE, related_name="replies", verbose_name=_("bericht")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geschreven door"),
    )
    # Kept apart from the author: the side of the conversation stays known when an account is deleted.
    by_sender = models.BooleanField(_("van de afzender"), default=False)
    body = models.TextField(_("antwoord"), max_length=2000)
    created_at = models.DateTimeField(_("geschreven op"), default=timezone.now)

    class Meta:
        verbose_name = _("antwoord op een bericht")
        verbose_name_plural = _("antwoorden op berichten")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:50]


class ModerationTask(AbstractGroupApprovalTask):
    """Group approval that shows the moderator what to look at before approving (not blocking)."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Terug naar de commissie, met opmerking"), True),
                # Wagtail adds "and publish" itself on the last step of a workflow.
                ("approve", _("Goedkeuren"), True),
            ]
        return []

    def get_template_for_action(self, action):
        if action == "approve":
            return "committees/moderation/approve_modal.html"
        return ""

    @classmethod
    def get_description(cls):
        return _("Moderatoren bekijken wat commissies insturen, met aandachtspunten, en publiceren het.")

    class Meta:
        verbose_name = _("moderatie met aandachtspunten")
        verbose_name_plural = _("moderaties met aandachtspunten")
