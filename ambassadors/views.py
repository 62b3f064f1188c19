"""Tours: the public booking flow, the visitor's signed link, and the ambassador's own pages on /mijn/."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from ambassadors import permissions, selectors, services, visitor_services
from ambassadors.calendar_links import ambassador_for_token, feed_link_renew, feed_path
from ambassadors.forms import (
    BlockedPeriodForm,
    BookingForm,
    CancelReasonForm,
    ExtraTimeForm,
    GroupPlaceForm,
    GroupTourOfferForm,
    HandOverForm,
    LimitsForm,
    MarkForm,
    MoveForm,
    PhoneBookingForm,
    TourRequestForm,
    WeeklyTimeFormSet,
)
from ambassadors.ical import feed_for
from ambassadors.models import BookingStatus, TourBooking
from ambassadors.tokens import LinkExpired, booking_for_token, booking_path, group_place_for_token, group_place_path
from portal.localtime import local_datetime
from portal.mail import email_canonical
from portal.models import BuildingPage

# --------------------------------------------------------------------------
# Public: pick a building, a time, book
# --------------------------------------------------------------------------


# Six buildings a page, each a card with its photo: a calm page to choose from in large text, as long with 600
# buildings with tours as with six (issue 19); `/gebouwen/` searches them by name, street or town.
TOUR_BUILDINGS_PER_PAGE = 6


def tour_index(request, *, page):
    buildings = Paginator(selectors.tour_building_keys(), TOUR_BUILDINGS_PER_PAGE).get_page(request.GET.get("pagina"))
    buildings.object_list = selectors.tour_buildings_page(keys=buildings.object_list)
    # Each card links twice to its building's times: the page's own address worked out once, not per link.
    base = page.get_url(request=request)
    for building in buildings.object_list:
        building.tour_url = base + page.reverse_subpage("building", kwargs={"building": building.slug})
    return TemplateResponse(
        request,
        "ambassadors/tour_index_page.html",
        {"page": page, "self": page, "buildings": buildings, "page_obj": buildings},
    )


def _building_or_404(slug: str) -> BuildingPage:
    building = selectors.tour_building(slug=slug)
    if building is None:
        raise Http404
    return building


def tour_building(request, *, page, building_slug, request_form=None, status=200):
    """A building's free times and group tours; without an ambassador, the form to ask the letting team instead."""
    times = selectors.tour_building_times(slug=building_slug)
    building = times["building"]
    if building is None:
        raise Http404
    return TemplateResponse(
        request,
        "ambassadors/tour_building.html",
        {
            "page": page,
            "self": page,
            "building": building,
            "days": selectors.slots_by_day(times["slots"]),
            "book_url": reverse("tour_book", kwargs={"building": building.slug}),
            "group_tours": times["group_tours"],
            "request_form": (request_form or TourRequestForm()) if not building.active_ambassadors else None,
            "retention_days": settings.PORTAL_TOUR_RETENTION_DAYS,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def tour_request(request, building):
    """POST of the tour request form (a building without an ambassador); GET `?verstuurd=1` is the thanks after it."""
    building_url = f"/rondleidingen/{building}/"
    page = _tour_page()
    if request.method == "GET":
        target = selectors.visit_building(slug=building)
        if target is None or request.GET.get("verstuurd") != "1":
            return redirect(building_url)
        return TemplateResponse(request, "ambassadors/tour_request_sent.html", {"page": page, "building": target})
    form = TourRequestForm(request.POST)
    if form.is_bot:
        form.add_error(None, _("Uw aanvraag kon niet worden verwerkt. Probeer het opnieuw."))
        return tour_building(request, page=page, building_slug=building, request_form=form, status=400)
    if _rate_limited(request, request.POST.get("email", "")):
        return TemplateResponse(request, "429.html", {"page": page, "retry_url": building_url}, status=429)
    target = selectors.visit_building(slug=building)
    if target is None:
        raise Http404
    if target.active_ambassadors:
        return redirect(building_url)  # an ambassador came meanwhile: pick a time
    if form.is_valid():
        data = form.cleaned_data
        try:
            visitor_services.tour_request_create(
                building=target,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                preferred_days=data["preferred_days"],
                part_of_day=data["part_of_day"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(f"{building_url}aanvragen/?verstuurd=1")
    return tour_building(request, page=page, building_slug=building, request_form=form)


@never_cache
@require_http_methods(["GET", "POST"])
def group_place_book(request, building, group_tour_id):
    """Book places on a group tour (open afternoon) of a building."""
    building_url = f"/rondleidingen/{building}/"
    form = GroupPlaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_bot:
            form.add_error(None, _("Uw aanvraag kon niet worden verwerkt. Probeer het opnieuw."))
        elif _rate_limited(request, request.POST.get("email", "")):
            return TemplateResponse(request, "429.html", {"page": _tour_page(), "retry_url": building_url}, status=429)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                place = visitor_services.group_place_book(
                    group_tour_id=group_tour_id,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    party_size=data["party_size"],
                    request_key=data["request_key"],
                    building_slug=building,
                )
            except services.BookingClosed as error:
                messages.error(request, error.messages[0])
                return redirect(building_url)
            except ValidationError as error:
                _add_errors(form, error, default_field=None)
            else:
                return redirect(f"{group_place_path(place)}?aangemeld=1")
    target = selectors.visit_building(slug=building)
    group_tour = (
        next((g for g in visitor_services.group_tours_upcoming(building=target) if g.pk == group_tour_id), None)
        if target
        else None
    )
    if group_tour is None:
        raise Http404
    return TemplateResponse(
        request,
        "ambassadors/group_place_book.html",
        {
            "page": _tour_page(),
            "building": target,
            "group_tour": group_tour,
            "form": form,
            "building_url": building_url,
            "retention_days": settings.PORTAL_TOUR_RETENTION_DAYS,
        },
        status=400 if form.is_bot else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def group_place(request, token):
    """The visitor's places on a group tour (signed link): see them, or cancel."""
    try:
        place = group_place_for_token(token)
    except LinkExpired:
        return TemplateResponse(request, "ambassadors/link_expired.html", {}, status=410)
    if place is None:
        raise Http404
    if request.method == "POST" and place.status == BookingStatus.BOOKED:
        try:
            visitor_services.group_place_cancel(place=place)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("U bent afgemeld. Uw plaats is vrij voor een ander."))
        return redirect("group_place", token=token)
    group_tour = place.group_tour
    return TemplateResponse(
        request,
        "ambassadors/group_place.html",
        {
            "place": place,
            "group_tour": group_tour,
            "building": group_tour.building,
            "just_booked": request.GET.get("aangemeld") == "1",
            "open": place.status == BookingStatus.BOOKED and group_tour.start > timezone.now(),
            "cancelled": place.status == BookingStatus.CANCELLED,
            "book_again_url": f"/rondleidingen/{group_tour.building.slug}/",
        },
    )


def _rate_limited(request, email: str) -> bool:
    """Per IP address and per e-mail address (django-ratelimit, in the shared cache)."""
    by_ip = is_ratelimited(
        request, group="tour-booking-ip", key="ip", rate=settings.PORTAL_TOUR_RATE_PER_IP, increment=True
    )
    by_email = bool(email) and is_ratelimited(
        request,
        group="tour-booking-email",
        key=lambda _group, _request: email_canonical(email),  # a+1@x.nl and a+2@x.nl are one person
        rate=settings.PORTAL_TOUR_RATE_PER_EMAIL,
        increment=True,
    )
    return by_ip or by_email


def _tour_page():
    """The /rondleidingen/ page, for the layout of the booking form (only when a page is rendered)."""
    from ambassadors.models import TourIndexPage

    return TourIndexPage.objects.live().first()


@never_cache
@require_http_methods(["GET", "POST"])
def tour_book(request, building):
    """The booking form for one chosen slot (`?tijd=<slot key>`); POST books it.

    A plain Django route under the /rondleidingen/ page rather than one of its Wagtail sub-routes: the
    booking POST then needs no site and page lookups, which keeps it within its budget of 10 queries.
    """
    building_slug = building
    building_url = f"/rondleidingen/{building_slug}/"
    parsed = selectors.slot_key_parse(request.POST.get("tijd") or request.GET.get("tijd", ""))
    if parsed is None:
        return redirect(building_url)
    ambassador_id, start = parsed
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_bot:
            # Say as little as possible to a bot; a person never sees this field.
            form.add_error(None, _("Uw aanvraag kon niet worden verwerkt. Probeer het opnieuw."))
            return _book_page(request, building_slug, start, form, status=400)
        if _rate_limited(request, request.POST.get("email", "")):
            return TemplateResponse(request, "429.html", {"page": _tour_page(), "retry_url": building_url}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.booking_create(
                    ambassador_id=ambassador_id,
                    start=start,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    party_size=data["party_size"],
                    language=data["language"],
                    request_key=data["request_key"],
                    building_slug=building_slug,
                )
            except services.SlotTaken as error:
                messages.error(request, error.messages[0])
                return redirect(building_url)
            except services.AlreadyBooked as error:
                form.add_error("email", error)
                return _book_page(request, building_slug, start, form, ambassador_id=ambassador_id, already_booked=True)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(f"{booking_path(booking)}?geboekt=1")
    return _book_page(request, building_slug, start, form, ambassador_id=ambassador_id)


def _book_page(request, building_slug, start, form, *, ambassador_id=None, status=200, already_booked=False):
    building = _building_or_404(building_slug)
    page = _tour_page()
    ambassador = next((a for a in building.active_ambassadors if a.pk == ambassador_id), None)
    slot = None
    if ambassador is not None:
        slot = next(
            (
                s
                for s in selectors.building_slots(
                    building=building, ambassador=ambassador, ambassadors=building.active_ambassadors
                )
                if s.start == start
            ),
            None,
        )
    if ambassador is not None:
        form.limit_languages(services.ambassador_languages(ambassador))
    if slot is None and request.method == "GET":
        messages.error(request, _("Deze tijd is niet meer vrij. Kies een andere tijd."))
        return redirect(f"/rondleidingen/{building.slug}/")
    return TemplateResponse(
        request,
        "ambassadors/tour_book.html",
        {
            "page": page,
            "self": page,
            "building": building,
            "ambassador": ambassador,
            "slot": slot,
            "slot_key": request.POST.get("tijd") or request.GET.get("tijd", ""),
            "form": form,
            "retention_days": settings.PORTAL_TOUR_RETENTION_DAYS,
            "building_url": f"/rondleidingen/{building.slug}/",
            "already_booked": already_booked,
        },
        status=status,
    )


@never_cache
@require_POST
def tour_link_resend(request, building):
    """'Send me the link again': the visitor who tried to book a second tour in a building gets their link.

    The answer is the same whether or not the address has a tour here; rate-limited like the booking form.
    """
    building_url = f"/rondleidingen/{building}/"
    email = request.POST.get("email", "").strip()
    if _rate_limited(request, email):
        return TemplateResponse(request, "429.html", {"page": _tour_page(), "retry_url": building_url}, status=429)
    target = selectors.tour_building(slug=building) or get_object_or_404(BuildingPage.objects.live(), slug=building)
    if email:
        services.booking_link_resend(building=target, email=email)
    messages.success(
        request,
        _("Staat er een rondleiding op dit e-mailadres, dan sturen we de link nu nog een keer. Kijk ook bij uw spam."),
    )
    return redirect(building_url)


# --------------------------------------------------------------------------
# The visitor's signed link: view, cancel, move
# --------------------------------------------------------------------------


def _booking_or_gone(request, token):
    """The booking of the link; 404 for a tampered link, 410 with an explanation once the tour is over."""
    try:
        booking = booking_for_token(token)
    except LinkExpired:
        return None, TemplateResponse(request, "ambassadors/link_expired.html", {}, status=410)
    if booking is None:
        raise Http404
    return booking, None


@never_cache
def booking_detail(request, token):
    booking, gone = _booking_or_gone(request, token)
    if gone:
        return gone
    return TemplateResponse(
        request,
        "ambassadors/booking_detail.html",
        {
            "booking": booking,
            "token": token,
            "just_booked": request.GET.get("geboekt") == "1",
            "open": booking.status == BookingStatus.BOOKED and booking.start > timezone.now(),
            "cancelled": booking.status == BookingStatus.CANCELLED,
            "book_again_url": f"/rondleidingen/{booking.building.slug}/",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def booking_cancel(request, token):
    booking, gone = _booking_or_gone(request, token)
    if gone:
        return gone
    if booking.status != BookingStatus.BOOKED:
        # Already cancelled (the Back button, a second click): nothing to ask, and no second "cancelled" message.
        return redirect("tour_booking", token=token)
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Uw rondleiding is geannuleerd. De ambassadeur krijgt bericht."))
        return redirect("tour_booking", token=token)
    return TemplateResponse(request, "ambassadors/booking_cancel.html", {"booking": booking, "token": token})


@never_cache
@require_http_methods(["GET", "POST"])
def booking_move(request, token):
    booking, gone = _booking_or_gone(request, token)
    if gone:
        return gone
    if booking.status != BookingStatus.BOOKED:
        return redirect("tour_booking", token=token)
    slots = selectors.move_slots(booking=booking)
    form = MoveForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = form.cleaned_data["slot"]
        try:
            services.booking_move(booking=booking, ambassador_id=slot.ambassador_id, start=slot.start)
        except ValidationError as error:
            form.add_error("slot", error.messages[0])
        else:
            messages.success(request, _("Uw rondleiding is verzet. U krijgt een e-mail met de nieuwe tijd."))
            return redirect("tour_booking", token=token)
    return TemplateResponse(
        request,
        "ambassadors/booking_move.html",
        {"booking": booking, "token": token, "form": form, "days": selectors.slots_by_day(slots)},
    )


# --------------------------------------------------------------------------
# The ambassador's own pages on /mijn/
# --------------------------------------------------------------------------


def _my_ambassador(request):
    ambassador = selectors.ambassador_for(request.user)
    if ambassador is None:
        raise Http404
    return ambassador


@login_required
def my_tours(request):
    ambassador = _my_ambassador(request)
    return TemplateResponse(
        request,
        "ambassadors/my_tours.html",
        {
            "ambassador": ambassador,
            **selectors.ambassador_tours(ambassador=ambassador),
            "on_blocked_days": services.tours_on_blocked_days(ambassador=ambassador),
            "feed_path": feed_path(ambassador),
        },
    )


@login_required
@require_POST
def my_tour_mark(request, booking_id):
    ambassador = _my_ambassador(request)
    booking = get_object_or_404(TourBooking, pk=booking_id, ambassador=ambassador)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            services.booking_mark(booking=booking, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Opgeslagen. Dank u wel!"))
    return redirect("my_tours")


@login_required
@require_http_methods(["GET", "POST"])
def my_tour_cancel(request, booking_id):
    """The ambassador cannot make it: first hand the tour to a free colleague (the visitor need not book again);
    only when nobody is free, cancel it with a reason (the visitor gets a link to book again)."""
    ambassador = _my_ambassador(request)
    booking = get_object_or_404(TourBooking.objects.select_related("building"), pk=booking_id, ambassador=ambassador)
    if not booking.is_booked or booking.start <= timezone.now():
        messages.error(request, _("Deze rondleiding kan niet meer worden doorgegeven of geannuleerd."))
        return redirect("my_tours")
    colleagues = selectors.colleagues_free_for(booking=booking)
    action = request.POST.get("action") if request.method == "POST" else None
    hand_over = HandOverForm(request.POST if action == "doorgeven" else None, colleagues=colleagues)
    cancel = CancelReasonForm(request.POST if action == "annuleren" else None)
    if action == "doorgeven" and hand_over.is_valid():
        try:
            booking = services.booking_hand_over(
                booking=booking, to_ambassador_id=hand_over.cleaned_data["colleague"], by=request.user
            )
        except ValidationError as error:
            hand_over.add_error("colleague", error.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s neemt de rondleiding over. De bezoeker en %(name)s krijgen bericht.")
                % {"name": booking.ambassador.display_name},
            )
            return redirect("my_tours")
    elif action == "annuleren" and colleagues:
        # A colleague can take it: the visitor keeps the tour.
        cancel.add_error(None, _("Een collega kan deze rondleiding overnemen. Geef hem eerst door."))
    elif action == "annuleren" and cancel.is_valid():
        try:
            services.booking_cancel(booking=booking, by=request.user, reason=cancel.cleaned_data["reason"])
        except ValidationError as error:
            cancel.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                _("De rondleiding is geannuleerd. De bezoeker krijgt bericht, met een link om opnieuw te boeken."),
            )
            return redirect("my_tours")
    return TemplateResponse(
        request,
        "ambassadors/my_tour_cancel.html",
        {"booking": booking, "colleagues": colleagues, "hand_over": hand_over, "cancel": cancel},
    )


@login_required
def my_tours_day(request, day):
    """The day's tours on one sheet, to print and take along: times, party, language, how to reach them."""
    ambassador = _my_ambassador(request)
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    return TemplateResponse(
        request,
        "ambassadors/my_tours_day.html",
        {
            "ambassador": ambassador,
            "day": chosen,
            "tours": selectors.ambassador_day_tours(ambassador=ambassador, day=chosen),
        },
    )


def my_tours_feed(request, token):
    """The ambassador's tours for a calendar app: no log-in, the secret address is the key; never cached, so a
    replaced link stops at once."""
    ambassador = ambassador_for_token(token)
    if ambassador is None:
        raise Http404
    body = feed_for(
        selectors.ambassador_feed_tours(ambassador=ambassador),
        name=_("Mijn rondleidingen – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mijn-rondleidingen.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def my_tours_feed_renew(request):
    """A new secret address for the ambassador's calendar; the old one stops working."""
    feed_link_renew(ambassador=_my_ambassador(request))
    messages.success(
        request,
        _("U heeft een nieuwe link. De oude link werkt niet meer: zet de nieuwe opnieuw in uw agenda."),
    )
    return redirect(f"{reverse('my_tours')}#in-uw-agenda")


@login_required
@require_http_methods(["GET", "POST"])
def my_availability(request):
    """The weekly pattern, extra times and blocked dates, each with its own small form on one page."""
    ambassador = _my_ambassador(request)
    action = request.POST.get("action") if request.method == "POST" else None
    weekly_initial = [{"weekday": t.weekday, "start": t.start, "end": t.end} for t in ambassador.weekly_times.all()]
    tour_minutes = ambassador.building.tour_minutes
    weekly = WeeklyTimeFormSet(
        request.POST if action == "weekly" else None,
        initial=weekly_initial,
        prefix="vast",
        form_kwargs={"tour_minutes": tour_minutes},
    )
    extra = ExtraTimeForm(request.POST if action == "extra" else None, prefix="extra", tour_minutes=tour_minutes)
    blocked = BlockedPeriodForm(request.POST if action == "blocked" else None, prefix="vrij")
    limits = LimitsForm(
        request.POST if action == "limits" else None,
        initial={"per_day": ambassador.max_tours_per_day, "per_week": ambassador.max_tours_per_week},
        prefix="hoeveel",
    )
    done = None
    try:
        if action == "weekly" and weekly.is_valid():
            times = [r for r in (form.time_range() for form in weekly.forms if form.cleaned_data) if r]
            services.weekly_times_replace(ambassador=ambassador, times=times, by=request.user)
            done = _("Uw vaste tijden zijn opgeslagen.")
        elif action == "extra" and extra.is_valid():
            data = extra.cleaned_data
            services.extra_time_add(ambassador=ambassador, day=data["day"], start=data["start"], end=data["end"])
            done = _("De extra tijd is toegevoegd.")
        elif action == "blocked" and blocked.is_valid():
            data = blocked.cleaned_data
            services.blocked_period_add(ambassador=ambassador, first_day=data["first_day"], last_day=data["last_day"])
            done = _("Die dagen zijn geblokkeerd: daar kan niemand meer boeken.")
        elif action == "limits" and limits.is_valid():
            data = limits.cleaned_data
            services.ambassador_limits_set(
                ambassador=ambassador, per_day=data["per_day"], per_week=data["per_week"], by=request.user
            )
            done = _("Opgeslagen: meer rondleidingen dan dit worden niet aangeboden.")
        elif action == "extra_remove":
            services.extra_time_remove(ambassador=ambassador, extra_time_id=_int(request.POST.get("id")))
            done = _("De extra tijd is weggehaald.")
        elif action == "blocked_remove":
            services.blocked_period_remove(ambassador=ambassador, blocked_period_id=_int(request.POST.get("id")))
            done = _("Die dagen zijn weer vrij.")
    except ValidationError as error:
        target = {"weekly": weekly, "extra": extra, "blocked": blocked, "limits": limits}.get(action)
        if target is weekly:
            weekly._non_form_errors = weekly.error_class(error.messages)
        elif target is not None:
            _add_errors(target, error)
    if done:
        messages.success(request, done)
        return redirect("my_availability")
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "ambassadors/my_availability.html",
        {
            "ambassador": ambassador,
            "weekly": weekly,
            "extra": extra,
            "blocked": blocked,
            "limits": limits,
            "extra_times": ambassador.extra_times.filter(date__gte=today),
            "blocked_periods": ambassador.blocked_periods.filter(last_day__gte=today),
            "tour_minutes": ambassador.building.tour_minutes,
        },
        status=400 if action and request.method == "POST" else 200,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _add_errors(form, error: ValidationError, *, default_field: str | None = None) -> None:
    """A service's error on the form: on its field when it names one of the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(default_field, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else default_field, messages_)


@login_required
@require_http_methods(["GET", "POST"])
def my_phone_booking(request):
    """Book a tour for someone who phoned or walked in: an ambassador for their own building."""
    ambassador = _my_ambassador(request)
    building = ambassador.building
    if not permissions.can_book_for_visitor(request.user, building):
        raise Http404
    slots = selectors.building_slots(building=building)
    form = PhoneBookingForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid() and form.book(by=request.user):
        messages.success(request, _("De rondleiding is geboekt."))
        return redirect("my_tours")
    return TemplateResponse(request, "ambassadors/my_phone_booking.html", {"form": form, "building": building})


@login_required
@require_http_methods(["GET", "POST"])
def my_group_tours(request):
    """The ambassador offers an open afternoon in their building (a time with places for several visitors), and sees
    their group tours to come with the places taken."""
    ambassador = _my_ambassador(request)
    building = ambassador.building
    form = GroupTourOfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visitor_services.group_tour_offer(
                building=building,
                ambassador=ambassador,
                start=local_datetime(data["day"], data["start"]),
                end=local_datetime(data["day"], data["end"]),
                capacity=data["capacity"],
                title=data["title"],
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in ("start", "end") else None, errors)
        else:
            messages.success(
                request,
                _("De open middag staat op de rondleidingenpagina van %(building)s.") % {"building": building.title},
            )
            return redirect("my_group_tours")
    group_tours = [
        group_tour
        for group_tour in visitor_services.group_tours_upcoming(building=building)
        if group_tour.ambassador_id == ambassador.pk
    ]
    return TemplateResponse(
        request,
        "ambassadors/my_group_tours.html",
        {"form": form, "building": building, "group_tours": group_tours},
    )
