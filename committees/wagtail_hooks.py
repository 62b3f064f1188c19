"""Admin wiring only: committee groups on page creation, memberships, reports, caretaker messages."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem, SubmitForModerationMenuItem
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from committees import admin_views, permissions, privacy, selectors, services
from committees.models import (
    CaretakerMessage,
    CommitteeMembership,
    CommitteePage,
    MessageCategory,
    MessageStatus,
    Report,
    ReportReason,
)
from committees.permission_policies import CaretakerMessagePolicy, ModeratorsOnlyPolicy, ReportPolicy
from portal import registry
from portal.permissions import is_moderator
from portal.sections import Section

register_permission_policy(CommitteeMembership, ModeratorsOnlyPolicy(CommitteeMembership))
register_permission_policy(Report, ReportPolicy(Report))
register_permission_policy(CaretakerMessage, CaretakerMessagePolicy(CaretakerMessage))


@hooks.register("after_create_page")
def give_new_committee_its_group(request, page):
    if isinstance(page.specific, CommitteePage):
        services.committee_group_sync(committee=page.specific)


@hooks.register("after_edit_page")
def keep_committee_group_in_step(request, page):
    if isinstance(page.specific, CommitteePage):
        services.committee_group_sync(committee=page.specific)


@hooks.register("after_copy_page")
def give_copied_committees_their_own_group(request, page, new_page):
    """A copied committee, alone or under a copied building, is a new committee: a group of its own.

    The group is not copied (`CommitteePage.exclude_fields_in_copy`), nor are the members: a seat on a
    committee is given to a person through `services.committee_member_add`, so the copy starts empty.
    """
    for committee in CommitteePage.objects.descendant_of(new_page, inclusive=True):
        services.committee_group_sync(committee=committee)


class OfferForReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to Moderatie", in the words of a volunteer: "Ter controle aanbieden"."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        state = context["page"].current_workflow_state if context.get("page") else None
        needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = _("Opnieuw ter controle aanbieden") if needs_changes else _("Ter controle aanbieden")
        return context


def _may_publish(request, context) -> bool:
    if context["view"] == "create":
        return context["parent_page"].permissions_for_user(request.user).can_publish_subpage()
    return context["page"].permissions_for_user(request.user).can_publish()


@hooks.register("construct_page_action_menu")
def offer_for_review_first(menu_items, request, context):
    """Someone who may not publish (a committee member) sees "Ter controle aanbieden" as the main button;
    "Bewaar concept" stays in the menu beside it."""
    if context.get("view") not in ("create", "edit") or _may_publish(request, context):
        return
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitForModerationMenuItem):
            offer = OfferForReviewMenuItem(order=item.order)
            menu_items.pop(index)
            menu_items.insert(0, offer)
            return


class AskToTakeDownMenuItem(ActionMenuItem):
    """In the menu beside the main button of a live page for who may edit but not unpublish it (a committee
    member): ask a moderator to take it off the website. It leads to a page that explains and asks to confirm."""

    label = _("Vragen om offline te halen")
    name = "action-ask-takedown"
    icon_name = "warning"
    order = 60  # after "Bewaar concept" and Wagtail's own items for this page

    def is_shown(self, context):
        return context["view"] == "edit" and permissions.can_ask_to_take_down(context["request"].user, context["page"])

    def get_url(self, parent_context):
        return reverse("page_takedown_request", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def ask_to_take_down_menu_item():
    return AskToTakeDownMenuItem()


@hooks.register("register_admin_urls")
def register_takedown_request_url():
    return [path("offline-halen/<int:page_id>/", admin_views.takedown_request, name="page_takedown_request")]


@hooks.register("register_log_actions")
def register_committee_log_actions(actions):
    actions.register_action("committees.member_add", _("Lid toegevoegd"), _("Lid toegevoegd aan de commissie"))
    actions.register_action("committees.member_remove", _("Lid verwijderd"), _("Lid verwijderd uit de commissie"))
    actions.register_action("committees.report_resolved", _("Melding afgehandeld"), _("Melding afgehandeld"))
    actions.register_action(
        "committees.takedown_requested", _("Gevraagd om offline te halen"), _("Gevraagd om offline te halen")
    )
    actions.register_action("committees.message_status", _("Berichtstatus"), _("Status van het bericht gewijzigd"))
    actions.register_action("committees.message_reply", _("Antwoord op bericht"), _("Antwoord op een bericht"))


# --- Memberships: adding and removing go through the service, so the Wagtail group follows. ---


class MembershipCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.committee_member_add(
            committee=data["committee"],
            user=data["user"],
            role=data["role"],
            show_publicly=data["show_publicly"],
            by=self.request.user,
        )


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        services.committee_member_remove(membership=self.object, by=self.request.user)


class MembershipViewSet(ModelViewSet):
    model = CommitteeMembership
    icon = "group"
    menu_label = _("Commissieleden")
    url_prefix = "commissieleden"
    form_fields = ["committee", "user", "role", "show_publicly"]
    list_display = ["user", "committee", "role", "since"]
    list_filter = ["committee", "role"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "committee__title"]
    add_view_class = MembershipCreateView
    delete_view_class = MembershipDeleteView


# --- Reports on pages (news, activities) and requests to take a page down: moderators resolve them. ---


class ReportResolveForm(forms.ModelForm):
    resolve = forms.BooleanField(label=_("Afgehandeld: ik heb de pagina bekeken"), required=True)

    class Meta:
        model = Report
        fields: list[str] = []


class ReportedItemPanel(Panel):
    """What was reported, with the ways to act on it: the page as residents see it, its editor, and Wagtail's
    own "take offline" (unpublish) view."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "committees/admin/reported_item_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = self.instance
            context["reported_page"] = self.instance.page.specific_deferred
            return context


class ReportFilterSet(WagtailFilterSet):
    open = django_filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull", label=_("Nog niet afgehandeld"))
    reason = django_filters.ChoiceFilter(choices=ReportReason.choices, label=_("Reden"))

    class Meta:
        model = Report
        fields: list[str] = []


class ReportEditView(EditView):
    def save_instance(self):
        return services.page_report_resolve(report=self.object, by=self.request.user)


class ReportIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "resolved_by")


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Meldingen")
    url_prefix = "meldingen"
    add_to_admin_menu = False
    form_fields: list[str] = []
    list_display = [
        TitleColumn("page", label=_("Pagina"), accessor="page.title", url_name="report:edit"),
        Column("kind", label=_("Soort"), accessor="kind"),
        "reason",
        DateColumn("created_at", label=_("Gemeld op")),
        DateColumn("resolved_at", label=_("Afgehandeld op")),
    ]
    filterset_class = ReportFilterSet
    edit_view_class = ReportEditView
    index_view_class = ReportIndexView
    edit_handler = ObjectList(
        [
            ReportedItemPanel(),
            FieldPanel("resolve"),
        ],
        base_form_class=ReportResolveForm,
    )

    def get_form_class(self, for_update=False):
        return ReportResolveForm


# --- Messages to the caretaker: their own buildings only; status and reply through the service. ---


class MessageUpdateForm(forms.ModelForm):
    """The status, and one more answer in the conversation (`services.message_update`)."""

    reply = forms.CharField(
        label=_("Antwoord aan de afzender"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De afzender krijgt een e-mail dat er een antwoord is, en leest het op ‘Mijn pagina’."),
    )

    class Meta:
        model = CaretakerMessage
        fields = ["status"]


def _visible_buildings(request):
    from portal.models import BuildingPage

    if request is None:
        return BuildingPage.objects.none()
    ids = permissions.messages_visible_to(request.user).order_by().values("building_id")
    return BuildingPage.objects.filter(pk__in=ids).order_by("title")


class MessageFilterSet(WagtailFilterSet):
    building = django_filters.ModelChoiceFilter(
        label=_("Gebouw"), field_name="building", queryset=_visible_buildings, empty_label=_("Alle gebouwen")
    )
    unread = django_filters.BooleanFilter(field_name="unread_by_reader", label=_("Ongelezen"))
    status = django_filters.ChoiceFilter(choices=MessageStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=MessageCategory.choices, label=_("Onderwerp"))

    class Meta:
        model = CaretakerMessage
        fields: list[str] = []


class MessageIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.inbox_messages(queryset=permissions.messages_visible_to(self.request.user))


class MessageEditView(EditView):
    def get_object(self, queryset=None):
        # Others' messages are simply not there: 404, not 403.
        return super().get_object(selectors.inbox_messages(queryset=permissions.messages_visible_to(self.request.user)))

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        services.message_mark_read(message=self.object, by=request.user)  # opened: read, for its reader
        return response

    def form_valid(self, form):
        try:
            self.object = services.message_update(
                message=self.object,
                by=self.request.user,
                status=form.cleaned_data["status"],
                reply=form.cleaned_data.get("reply", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.form = form
        return super().form_valid(form)

    def save_instance(self):
        return self.object


class MessagePanel(Panel):
    """The message, who sent it (and their house number), its photo and the conversation so far."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "committees/admin/message_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            message = self.instance
            context.update(
                message=message,
                thread=selectors.message_thread(message=message),
                reader=selectors.message_reader_label(message=message),
                photo_url=reverse("message_photo", args=[message.pk]) if message.photo else "",
            )
            return context


class UnreadColumn(Column):
    cell_template_name = "committees/admin/unread_cell.html"


class CaretakerMessageViewSet(ModelViewSet):
    model = CaretakerMessage
    icon = "mail"
    menu_label = _("Berichten")
    url_prefix = "berichten"
    add_to_admin_menu = True
    menu_order = 150
    form_fields = ["status"]
    list_display = [
        "subject",
        UnreadColumn("unread_by_reader", label=_("Ongelezen"), accessor="unread_by_reader"),
        Column("building", label=_("Gebouw"), accessor="building.title"),
        Column("house_number", label=_("Huisnummer"), accessor="house_number"),
        "category",
        "status",
        DateColumn("created_at", label=_("Verstuurd op")),
    ]
    filterset_class = MessageFilterSet
    index_view_class = MessageIndexView
    edit_view_class = MessageEditView
    edit_handler = ObjectList(
        [
            MessagePanel(),
            FieldPanel("status"),
            FieldPanel("reply"),
        ],
        base_form_class=MessageUpdateForm,
    )


class UnreadMessagesPanel(Component):
    """On the admin's dashboard of a caretaker and of staff: how many messages wait for them, unread."""

    name = "unread_messages"
    order = 10
    template_name = "committees/admin/unread_panel.html"

    def __init__(self, *, count: int):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("caretakermessage:index") + "?unread=true"}


@hooks.register("construct_homepage_panels", order=10)  # after the volunteer's panel, which clears the rest
def add_unread_messages_panel(request, panels):
    from portal.permissions import is_caretaker

    if is_moderator(request.user) or is_caretaker(request.user):
        panels.insert(0, UnreadMessagesPanel(count=selectors.unread_message_count(user=request.user)))


class CommitteesViewSetGroup(ViewSetGroup):
    menu_label = _("Commissies")
    menu_icon = "group"
    menu_order = 210
    items = (MembershipViewSet, ReportViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [CommitteesViewSetGroup(), CaretakerMessageViewSet()]


__all__ = ["MessageStatus"]


# --- The dashboard of a committee member: two large actions and what they handed in. ---


class CommitteeMemberPanel(Component):
    name = "committee_member"
    order = 5  # first: this is what a volunteer comes to the admin for
    template_name = "committees/admin/member_panel.html"

    def __init__(self, *, memberships, submissions):
        self.memberships = memberships
        self.submissions = submissions

    def get_context_data(self, parent_context):
        return {"memberships": self.memberships, "submissions": self.submissions}


@hooks.register("construct_homepage_panels")
def add_committee_member_panel(request, panels):
    """A volunteer sees one panel: what to do, and where their work stands. Wagtail's own panels (pages in a
    workflow, recent edits, the site summary) say the same in other words; staff keep them."""
    memberships = selectors.memberships_of(user=request.user)
    if not memberships:
        return
    panel = CommitteeMemberPanel(memberships=memberships, submissions=selectors.submissions_of(user=request.user))
    if is_moderator(request.user):
        panels.insert(0, panel)
    else:
        panels[:] = [panel]


@hooks.register(registry.PERSONAL_DATA)
def personal_data_caretaker_messages():
    return privacy.CaretakerMessages()


@hooks.register(registry.PERSONAL_DATA)
def personal_data_reports():
    return privacy.Reports()


@hooks.register(registry.PERSONAL_DATA)
def personal_data_memberships():
    return privacy.Memberships()


@hooks.register(registry.PAGE_CACHE_MODELS)
def page_cache_models():
    """Committee pages show their members (those who chose to be shown)."""
    return [CommitteeMembership]


@hooks.register(registry.PAGE_CACHE_SCOPES)
def page_cache_scopes():
    """A member shows on their committee's page, under the committee's building."""
    from portal.page_cache import Scope

    return {CommitteeMembership: Scope("committee__building")}


@hooks.register(registry.BUILDING_PAGE_SECTIONS, order=20)
def building_page_committees(building, request) -> list[Section]:
    """Writing to the caretaker (under the caretaker's hours); the building's committees and how to reach them,
    its house rules, its latest news."""
    context = selectors.building_committees(building=building)
    return [
        Section("committees/sections/building_message.html", place="caretaker"),
        Section("committees/sections/building_committees.html", context),
        Section("committees/sections/building_news.html"),
    ]


def building_message(building, request):
    """A resident or committee member writes to this building's caretaker."""
    from committees.views import message_create

    return message_create(request, building=building)


@hooks.register(registry.BUILDING_PAGE_ROUTES)
def building_page_routes() -> list:
    return [path("bericht/", building_message, name="message")]


@hooks.register(registry.MY_PAGE_SECTIONS, order=20)
def my_page_committees(request) -> list[Section]:
    """The person's messages to the caretaker and the committees they sit on."""
    from portal.permissions import is_caretaker

    inbox = None
    if is_caretaker(request.user):  # a caretaker's own messages to read: the count, and the way to the inbox
        inbox = {
            "unread": selectors.unread_message_count(user=request.user),
            "url": reverse("caretakermessage:index") + "?unread=true",
        }
    return [
        Section(
            "committees/sections/my_messages.html",
            {"caretaker_messages": selectors.messages_of_sender(user=request.user), "caretaker_inbox": inbox},
        ),
        Section("committees/sections/my_committees.html", {"memberships": selectors.memberships_of(user=request.user)}),
    ]


@hooks.register(registry.ACCOUNT_DELETE_SECTIONS, order=20)
def account_delete_committees(request) -> list[Section]:
    """Memberships end, messages stay with the caretaker without a name, what one wrote stays with the committee."""
    return [
        Section("committees/sections/account_delete_ends.html", place="ends"),
        Section("committees/sections/account_delete_stays.html", place="stays"),
    ]


@hooks.register(registry.SEARCH_KINDS)
def search_kind():
    from committees.search import NEWS

    return NEWS


@hooks.register(registry.SITE_PAGES, order=20)
def site_pages(home):
    services.index_page_ensure(home=home)


@hooks.register(registry.DEMO_DATA, order=10)
def demo_data(context):
    from committees.demo import seed_committees

    seed_committees(context)


@hooks.register(registry.DEMO_DATA, order=30)
def demo_data_after_activities(context):
    from committees.demo import seed_submission_and_messages

    seed_submission_and_messages(context)


@hooks.register(registry.DEMO_DATA_RESET)
def demo_data_reset():
    from committees.demo import remove_demo_data

    remove_demo_data()
