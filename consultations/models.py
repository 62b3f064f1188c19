"""Consultations: a residents' committee (or the tenants' platform) asks its building a question.

Three kinds, each counted its own way (`consultations.selectors.consultation_results`):

- peiling: an opinion poll; counts per option.
- huisregels: agree or disagree per house rule; counts per rule.
- draagvlakmeting: for or against a renovation proposal; it is accepted when at least 70 % of ALL homes of the
  building are for (art. 7:220 BW) — homes that did not answer count as not for.

One answer per home (`Ballot`, unique per consultation and home), given online by a verified resident or on
paper, entered by a committee member or staff. Not built on `wagtail.contrib.forms`: its submissions are one JSON
blob per person, with no home, no paper channel, no one-per-home rule and no counting; the questions are still
edited as an inline list on the page, as in Wagtail's form builder.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from committees.models import CommitteeContent
from consultations.admin_forms import ConsultationPageForm
from portal.models import BuildingPage, Home
from portal.restrictions import CachedViewRestrictionsMixin

# A renovation proposal counts as reasonable when at least this share of the homes agrees (art. 7:220 BW).
RENOVATION_THRESHOLD_PERCENT = 70
# Detail is withheld when fewer homes than this answered: a handful of answers points at neighbours.
MIN_HOMES_FOR_DETAIL = 5


class ConsultationKind(models.TextChoices):
    POLL = "peiling", _("Peiling (wat vindt u ervan?)")
    HOUSE_RULES = "huisregels", _("Huisregels (eens of oneens per regel)")
    RENOVATION = "draagvlakmeting", _("Draagvlakmeting (voor of tegen een renovatievoorstel)")


class QuestionKind(models.TextChoices):
    YES_NO = "ja_nee", _("Ja of nee")
    ONE = "een_keuze", _("Eén keuze uit een lijst")
    SEVERAL = "meer_keuzes", _("Een of meer keuzes uit een lijst")
    AGREE = "eens_oneens", _("Eens of oneens (een huisregel)")
    FOR_AGAINST = "voor_tegen", _("Voor of tegen (het renovatievoorstel)")
    READINESS = "rekening_houden", _("Moeten wij met u rekening houden tijdens de uitvoering?")


# The fixed answers of the kinds that have them: (value stored, label shown).
FIXED_CHOICES = {
    QuestionKind.YES_NO: [("ja", _("Ja")), ("nee", _("Nee"))],
    QuestionKind.AGREE: [("eens", _("Eens")), ("oneens", _("Oneens"))],
    QuestionKind.FOR_AGAINST: [("voor", _("Voor")), ("tegen", _("Tegen"))],
    QuestionKind.READINESS: [
        ("nee", _("Nee, dat is niet nodig")),
        ("ja_bellen", _("Ja, bel mij")),
        ("ja_langskomen", _("Ja, kom even langs")),
        ("ja_brief", _("Ja, stuur mij een brief")),
    ],
}
READINESS_YES = ("ja_bellen", "ja_langskomen", "ja_brief")


class ConsultationPage(CommitteeContent, CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """One consultation of a committee: its questions, who is asked, and when."""

    kind = models.CharField(_("soort"), max_length=20, choices=ConsultationKind.choices, default=ConsultationKind.POLL)
    intro = models.TextField(
        _("uitleg"),
        max_length=2000,
        help_text=_("In gewone woorden: waarover gaat het, wat gebeurt er met de uitkomst?"),
    )
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    buildings = ParentalManyToManyField(
        BuildingPage,
        blank=True,
        related_name="+",
        verbose_name=_("welke gebouwen"),
        help_text=_("Leeg: het gebouw van de commissie (bij het huurdersplatform: alle gebouwen)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                FieldPanel("buildings", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Wanneer en wie"),
        ),
        InlinePanel("questions", heading=_("Vragen"), label=_("Vraag"), min_num=1),
    ]
    parent_page_types = ["committees.CommitteePage"]
    subpage_types: list[str] = []
    base_form_class = ConsultationPageForm

    class Meta:
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")

    def get_context(self, request, *args, **kwargs):
        from consultations import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.page_context(request, self))
        return context

    @path("antwoorden/", name="answer")
    @path("antwoorden/<int:step>/", name="answer_step")
    def answer_route(self, request, step=1):
        from consultations import views

        return views.answer(request, self, step)

    @path("code/", name="answer_with_code")
    def code_route(self, request):
        from consultations import views

        return views.answer_with_code(request, self)

    @path("papier/", name="paper")
    def paper_route(self, request):
        from consultations import views

        return views.paper(request, self)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("De sluitingsdatum ligt vóór de openingsdatum.")})


class ConsultationQuestion(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("vraag"), max_length=300)
    kind = models.CharField(_("soort vraag"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.YES_NO)
    choices = models.TextField(
        _("keuzes"),
        blank=True,
        help_text=_("Alleen bij ‘een keuze’ en ‘meer keuzes’: één keuze per regel."),
    )

    panels = [FieldPanel("text"), FieldPanel("kind"), FieldPanel("choices")]

    class Meta(Orderable.Meta):
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return self.text

    def options(self) -> list[tuple[str, str]]:
        """(value, label) of every answer this question allows."""
        if self.kind in FIXED_CHOICES:
            return [(value, str(label)) for value, label in FIXED_CHOICES[self.kind]]
        lines = [line.strip() for line in self.choices.splitlines() if line.strip()]
        return [(line, line) for line in dict.fromkeys(lines)]

    @property
    def allows_several(self) -> bool:
        return self.kind == QuestionKind.SEVERAL


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "papier", _("op papier")


class Ballot(models.Model):
    """The answer of one home to one consultation: the last one handed in counts (the rule on the ballot)."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="ballots")
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=BallotChannel.choices)
    # Online: the resident who answered, so a second resident of the home is noticed (`BallotConflict`); never
    # shown with the answers. Paper: who typed it in ("op papier, ingevoerd door …").
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("antwoord van een woning")
        verbose_name_plural = _("antwoorden van woningen")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "home"], name="consultations_ballot_one_per_home"),
        ]

    def __str__(self):
        return f"{self.consultation_id}: {self.home_id} ({self.channel})"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    question = models.ForeignKey(ConsultationQuestion, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "question", "value"], name="consultations_choice_once"),
        ]
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self):
        return f"{self.question_id}: {self.value}"


class BallotConflict(models.Model):
    """A home answered more than once in different ways (online and on paper, or two residents): the last answer
    counts, and staff see the list to check with the home if they want."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="conflicts")
    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="+")
    earlier_channel = models.CharField(max_length=10, choices=BallotChannel.choices)
    earlier_at = models.DateTimeField()
    later_channel = models.CharField(max_length=10, choices=BallotChannel.choices)
    later_at = models.DateTimeField()
    same_answers = models.BooleanField(default=False)

    class Meta:
        ordering = ["-later_at"]

    def __str__(self):
        return f"{self.home_id}: {self.earlier_channel} → {self.later_channel}"


class MailingKind(models.TextChoices):
    INVITATION = "uitnodiging", _("uitnodiging")
    REMINDER = "herinnering", _("herinnering")


class ConsultationMailing(models.Model):
    """An invitation or reminder sent to one person for one consultation: each is sent once, whatever the job's
    runs (the unique constraint decides)."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=MailingKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user", "kind"], name="consultations_mailing_once"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.consultation_id} → {self.user_id}"


class InvitationOptOut(models.Model):
    """This person wants no e-mail about consultations (chosen on /mijn/ or with the link in such an e-mail)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.user_id)
