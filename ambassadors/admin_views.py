"""Staff handle one tour booking in the admin: move it to another free time, or cancel it; and ambassadors.

Bookings go through the same services as the visitor's own link (`ambassadors.services.booking_move` and
`booking_cancel`): the rules, the log entry and the e-mails to the visitor and the ambassador (with an
updated .ics) are theirs. The inspect view shows the booking's times in Amsterdam time.

Ambassadors: appointing (and making active again), stopping and deleting go through `ambassador_appoint`,
`ambassador_deactivate` and `ambassador_delete`; the form's other fields and the times are saved with them.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import EditView, InspectView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import EditView as SnippetEditView

from ambassadors import permissions, selectors, services
from ambassadors.forms import MoveForm
from ambassadors.models import Ambassador, BookingStatus, TourBooking


def is_open(booking: TourBooking) -> bool:
    return booking.status == BookingStatus.BOOKED and booking.start > timezone.now()


class BookingActionMixin(WagtailAdminTemplateMixin):
    header_icon = "calendar"

    def dispatch(self, request, *args, pk, **kwargs):
        if not permissions.is_tour_staff(request.user):
            raise PermissionDenied
        self.booking = get_object_or_404(TourBooking.objects.select_related("building", "ambassador"), pk=pk)
        if not is_open(self.booking):
            messages.warning(request, _("Deze rondleiding is voorbij of geannuleerd; er valt niets meer te wijzigen."))
            return redirect("ambassadors_tourbooking:edit", self.booking.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("ambassadors_tourbooking:index"), "label": _("Rondleidingen")},
            {"url": reverse("ambassadors_tourbooking:edit", args=[self.booking.pk]), "label": str(self.booking)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "booking": self.booking}


class BookingMoveView(BookingActionMixin, FormView):
    template_name = "ambassadors/admin/booking_move.html"
    page_title = _("Rondleiding verzetten")

    def get_form(self, form_class=None):
        self.slots = selectors.move_slots(booking=self.booking)
        return MoveForm(self.request.POST or None, slots=self.slots)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": selectors.slots_by_day(self.slots)}

    def form_valid(self, form):
        slot = form.cleaned_data["slot"]
        try:
            services.booking_move(
                booking=self.booking, ambassador_id=slot.ambassador_id, start=slot.start, by=self.request.user
            )
        except ValidationError as error:
            form.add_error("slot", error.messages[0])
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De rondleiding is verzet. De bezoeker en de ambassadeur krijgen een e-mail met de nieuwe tijd."),
        )
        return redirect("ambassadors_tourbooking:index")


class BookingCancelView(BookingActionMixin, TemplateView):
    template_name = "ambassadors/admin/booking_cancel.html"
    page_title = _("Rondleiding annuleren")

    def post(self, request, *args, **kwargs):
        try:
            services.booking_cancel(booking=self.booking, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("ambassadors_tourbooking:edit", self.booking.pk)
        messages.success(request, _("De rondleiding is geannuleerd. De bezoeker en de ambassadeur krijgen bericht."))
        return redirect("ambassadors_tourbooking:index")


class BookingEditView(EditView):
    """The visitor's details; moving and cancelling are buttons of their own, in sight (the services above)."""

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if is_open(self.object):
            buttons += [
                HeaderButton(
                    _("Verzetten"),
                    url=reverse("ambassadors_tourbooking:move", args=[self.object.pk]),
                    icon_name="calendar",
                ),
                HeaderButton(
                    _("Annuleren"),
                    url=reverse("ambassadors_tourbooking:cancel", args=[self.object.pk]),
                    icon_name="cross",
                ),
            ]
        return buttons


class BookingInspectView(InspectView):
    """Moments in Amsterdam time (the admin's default shows them as stored, in UTC)."""

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "j F Y, H:i")
        return super().get_field_display_value(field_name, field)


def _save_times(form, ambassador: Ambassador) -> None:
    """The weekly, extra and blocked times of the form, onto the (appointed) ambassador."""
    for formset in form.formsets.values():
        formset.instance = ambassador
        formset.save()


class AmbassadorCreateView(SnippetCreateView):
    """Appointing in the admin is `services.ambassador_appoint`: its rules and its log entry."""

    def save_instance(self):
        data = self.form.cleaned_data
        ambassador = services.ambassador_appoint(
            user=data["user"],
            building=data["building"],
            display_name=data["display_name"],
            introduction=data["introduction"],
            languages=data.get("languages") or [],
            photo=data.get("photo"),
            photo_alt_text=data.get("photo_alt_text", ""),
            by=self.request.user,
        )
        _save_times(self.form, ambassador)
        return ambassador


class AmbassadorEditView(SnippetEditView):
    """Editing saves the form; switching 'actief' goes through the services (appoint again, or stop)."""

    def save_instance(self):
        self.tours_left: list[TourBooking] = []
        was_active = Ambassador.objects.filter(pk=self.object.pk).values_list("active", flat=True).get()
        wants_active = self.form.cleaned_data.get("active", was_active)
        self.form.instance.active = was_active  # the switch itself is the services' to make
        ambassador = super().save_instance()
        if wants_active and not was_active:
            ambassador = services.ambassador_appoint(
                user=ambassador.user,
                building=ambassador.building,
                display_name=ambassador.display_name,
                introduction=ambassador.introduction,
                languages=ambassador.languages,
                by=self.request.user,
            )
        elif was_active and not wants_active:
            self.tours_left = services.ambassador_deactivate(ambassador=ambassador, by=self.request.user)
        return ambassador

    def save_action(self):
        if getattr(self, "tours_left", None):
            messages.warning(
                self.request,
                ngettext(
                    "%(name)s is niet meer actief, maar heeft nog %(count)s rondleiding gepland. Verzet of annuleer "
                    "die onder Rondleidingen; de bezoeker krijgt dan bericht.",
                    "%(name)s is niet meer actief, maar heeft nog %(count)s rondleidingen gepland. Verzet of "
                    "annuleer die onder Rondleidingen; de bezoekers krijgen dan bericht.",
                    len(self.tours_left),
                )
                % {"name": self.object.display_name, "count": len(self.tours_left)},
            )
        return super().save_action()


class AmbassadorDeleteView(SnippetDeleteView):
    """Deleting is `services.ambassador_delete`; an ambassador with tours stays, and the admin says what to do."""

    def delete_action(self):
        services.ambassador_delete(ambassador=self.object, by=self.request.user)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except services.AmbassadorHasTours as error:
            messages.error(request, error.messages[0])
            return redirect(self.edit_url_name, quote(self.object.pk))
