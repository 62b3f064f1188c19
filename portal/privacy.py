"""A person's own data: everything the portal keeps about them, and deleting their account.

The one place that knows what every app (activities, committees, ambassadors, allauth, Wagtail)
keeps about a person. Deleting an account follows Decidim's approach: the `User` row stays, stripped
of everything that identifies the person, so what others rely on keeps working: the figures
(past sign-ups, tours held), what the person wrote for a committee (pages and revisions stay with the
committee), the caretaker's messages (kept, without a sender).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page

from portal.mail import outgoing_emails_forget
from portal.models import Caretaker, ResidentProfile, User

logger = logging.getLogger(__name__)

ANONYMISED_DOMAIN = "anoniem.invalid"  # `.invalid` is reserved (RFC 2606): nothing is ever delivered there


class AccountError(ValidationError):
    """An account that cannot be deleted here; the message says what to do instead."""


def anonymised_email(*, user: User) -> str:
    """A unique address that identifies nobody and reaches nobody, for the anonymised `User` row."""
    return f"verwijderd-{user.pk}@{ANONYMISED_DOMAIN}"


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------


def account_data_export(*, user: User) -> dict:
    """Everything the portal keeps about `user`, and nothing about anyone else.

    Plain values (text, numbers, booleans, dates and times in the portal's time zone), ready for
    `DjangoJSONEncoder` and for the readable page. A fixed number of queries, whatever the amount of data.
    What belongs to other people stays out: the names of neighbours signed up by this person, the
    visitors of an ambassador's tours (counted only), who else sits on a committee.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from activities.models import Registration
    from ambassadors.models import BookingStatus, SpokenLanguage, TourBooking
    from committees.models import CaretakerMessage, CommitteeMembership, Report

    person = User.objects.select_related("resident_profile__building", "caretaker", "ambassador__building").get(
        pk=user.pk
    )
    profile = getattr(person, "resident_profile", None)
    caretaker = getattr(person, "caretaker", None)
    ambassador = getattr(person, "ambassador", None)

    data = {
        "exported_at": timezone.localtime(),
        "account": {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_joined": _local(person.date_joined),
            "last_login": _local(person.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=person).order_by("-primary", "email")
        ],
        # Which second factors are set up, never their secrets.
        "two_factor": [
            {
                "type": authenticator.type,
                "type_label": str(authenticator.get_type_display()),
                "created_at": _local(authenticator.created_at),
                "last_used_at": _local(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=person).order_by("created_at")
        ],
        "profile": None,
        "caretaker": None,
        "registrations": [],
        "caretaker_messages": [],
        "news_reports": [],
        "committee_memberships": [],
        "pages_written": [],
        "ambassador": None,
    }
    if profile is not None:
        data["profile"] = {
            "building": profile.building.title if profile.building else "",
            "apartment_number": profile.apartment_number,
            "language": profile.language,
            "language_label": str(profile.get_language_display()),
            "larger_text": profile.larger_text,
            "high_contrast": profile.high_contrast,
            "reminder_emails": profile.reminder_emails,
        }
    if caretaker is not None:
        data["caretaker"] = {
            "name": caretaker.name,
            "phone": caretaker.phone,
            "has_photo": caretaker.photo_id is not None,
        }

    for registration in (
        Registration.objects.filter(user=person)
        .select_related("occurrence__activity")
        .order_by("occurrence__start", "pk")
    ):
        data["registrations"].append(
            {
                "activity": registration.occurrence.activity.title,
                "start": _local(registration.occurrence.start),
                "end": _local(registration.occurrence.end),
                "status": registration.status,
                "status_label": str(registration.get_status_display()),
                "guests": registration.guests,
                "signed_up_at": _local(registration.created_at),
                "signed_up_by_someone_else": registration.made_by_id not in (None, person.pk),
                "cancelled_at": _local(registration.cancelled_at),
            }
        )
    for message in CaretakerMessage.objects.filter(sender=person).select_related("building").order_by("created_at"):
        data["caretaker_messages"].append(
            {
                "building": message.building.title,
                "category": message.category,
                "category_label": str(message.get_category_display()),
                "subject": message.subject,
                "body": message.body,
                "status": message.status,
                "status_label": str(message.get_status_display()),
                "reply": message.reply,
                "sent_at": _local(message.created_at),
                "replied_at": _local(message.replied_at),
                "done_at": _local(message.done_at),
            }
        )
    for report in Report.objects.filter(reporter=person).select_related("page").order_by("created_at"):
        data["news_reports"].append(
            {
                "news": report.page.title,
                "reason": report.reason,
                "reason_label": str(report.get_reason_display()),
                "reported_at": _local(report.created_at),
                "resolved": report.resolved_at is not None,
            }
        )
    for membership in (
        CommitteeMembership.objects.filter(user=person).select_related("committee").order_by("committee__title")
    ):
        data["committee_memberships"].append(
            {
                "committee": membership.committee.title,
                "role": membership.role,
                "role_label": str(membership.get_role_display()),
                "since": membership.since,
                "name_shown_on_website": membership.show_publicly,
            }
        )
    # Pages the person started (activities, news): Wagtail keeps them as their owner. They stay with the
    # committee when the account is deleted; the owner is then an account without a name.
    for page in Page.objects.filter(owner=person).select_related("content_type").order_by("first_published_at", "pk"):
        model = page.content_type.model_class()
        data["pages_written"].append(
            {
                "title": page.title,
                "type": str(model._meta.verbose_name) if model else "",
                "published": page.live,
                "first_published_at": _local(page.first_published_at),
            }
        )
    if ambassador is not None:
        languages = dict(SpokenLanguage.choices)
        tours = TourBooking.objects.filter(ambassador=ambassador).aggregate(
            booked=Count("pk", filter=Q(status=BookingStatus.BOOKED)),
            held=Count("pk", filter=Q(status=BookingStatus.HELD)),
            no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
            cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
        )
        data["ambassador"] = {
            "building": ambassador.building.title,
            "display_name": ambassador.display_name,
            "introduction": ambassador.introduction,
            "has_photo": ambassador.photo_id is not None,
            "photo_alt_text": ambassador.photo_alt_text,
            "languages": [str(languages.get(code, code)) for code in ambassador.languages],
            "active": ambassador.active,
            "appointed_at": _local(ambassador.created_at),
            "weekly_times": [
                {"weekday": str(time.get_weekday_display()), "start": time.start, "end": time.end}
                for time in ambassador.weekly_times.order_by("weekday", "start")
            ],
            # Tours are counted, not listed: the visitors' names and addresses are theirs, not the ambassador's.
            "tours": tours,
        }
    return data


# --------------------------------------------------------------------------
# Deleting an account
# --------------------------------------------------------------------------


def _photo_delete_unless_used(image, *, by) -> None:
    """Delete a person's photo from the image library, unless something other than `by` shows it.

    Wagtail's reference index knows every page, snippet and rich text that uses an image; the entries of
    `by` itself are left out, as they may not have been brought up to date yet. The file and its
    renditions go when the transaction commits (Wagtail's own signal handlers).
    """
    from wagtail.models import ReferenceIndex

    others = ReferenceIndex.get_references_to(image).exclude(
        content_type=ContentType.objects.get_for_model(by), object_id=str(by.pk)
    )
    if not others.exists():
        image.delete()


@transaction.atomic
def account_anonymise(*, user: User, by: User | None) -> None:
    """Delete a person's account by anonymising it, in one transaction.

    `by` is the person themselves (from /mijn/account-verwijderen/, after re-authentication) or a
    member of staff acting on the person's request (from the Wagtail admin). Calling it again for an
    account that is already anonymised changes nothing.

    - name and e-mail address blanked (a unique placeholder that reaches nobody), the account
      switched off, every session ended;
    - sign-ups for dates still to come cancelled, so the waiting list moves up (and is told);
      past sign-ups stay, without a name, for the figures;
    - committee memberships ended (and with them the committee's Wagtail group); what the person
      wrote for a committee stays with the committee;
    - messages to the caretaker and reports on news detached from the person;
    - an ambassador is switched off, with the introduction and photo removed (the photo also from the
      image library, unless a page or another snippet shows it), tours still to come
      cancelled (the visitors are told) and past tours kept as counts;
    - a caretaker's account is unlinked from the caretaker (the caretaker record is staff's);
    - allauth's e-mail addresses, second factors and social accounts, the resident profile and
      Wagtail's user profile deleted.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    from activities.models import Registration, RegistrationStatus
    from activities.services import registration_cancel
    from ambassadors.models import Ambassador, BlockedPeriod, BookingStatus, ExtraTime, TourBooking, WeeklyTime
    from ambassadors.services import booking_cancel
    from committees.models import CaretakerMessage, CommitteeMembership, Report
    from committees.services import committee_member_remove
    from portal.services import caretaker_account_sync

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        return
    if user.is_superuser:
        raise AccountError(
            _(
                "Dit is een beheerdersaccount. Laat een andere beheerder eerst de beheerdersrechten "
                "intrekken; daarna kan het account worden verwijderd."
            )
        )
    now = timezone.now()

    for registration in Registration.objects.filter(user=user, occurrence__start__gt=now).exclude(
        status=RegistrationStatus.CANCELLED
    ):
        registration_cancel(registration=registration, by=by)

    for membership in CommitteeMembership.objects.filter(user=user).select_related("committee", "user"):
        committee_member_remove(membership=membership, by=by)

    CaretakerMessage.objects.filter(sender=user).update(sender=None)
    Report.objects.filter(reporter=user).update(reporter=None)

    ambassador = Ambassador.objects.select_for_update().filter(user=user).first()
    if ambassador is not None:
        for booking in TourBooking.objects.filter(ambassador=ambassador, status=BookingStatus.BOOKED, start__gt=now):
            booking_cancel(booking=booking, by=by, now=now)
        WeeklyTime.objects.filter(ambassador=ambassador).delete()
        ExtraTime.objects.filter(ambassador=ambassador).delete()
        BlockedPeriod.objects.filter(ambassador=ambassador).delete()
        # The row stays: past tours refer to it (PROTECT) and count in the figures per building.
        photo = ambassador.photo
        with translation.override(settings.LANGUAGE_CODE):
            ambassador.display_name = _("Oud-ambassadeur")
        ambassador.introduction = ""
        ambassador.photo = None
        ambassador.photo_alt_text = ""
        ambassador.languages = []
        ambassador.active = False
        ambassador.save()
        if photo is not None:
            _photo_delete_unless_used(photo, by=ambassador)
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Ambassador), object_id=str(ambassador.pk)
        ).update(label=ambassador.display_name)

    for caretaker in Caretaker.objects.filter(user=user):
        caretaker.user = None
        caretaker.save(update_fields=["user"])
        caretaker_account_sync(caretaker=caretaker)

    outgoing_emails_forget(address=user.email)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    ResidentProfile.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()

    user.first_name = ""
    user.last_name = ""
    user.email = anonymised_email(user=user)
    user.is_active = False
    user.is_staff = False
    user.anonymised_at = now
    # This ends every session of the person, on every device, without looking for them: Django keeps
    # a hash of the password in each session (`get_session_auth_hash`) and logs a session out when the
    # hash no longer matches, as it does after a password change. A new unusable password changes it;
    # `is_active=False` keeps the account from logging in again.
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

    # Earlier log entries about this account (and the ambassador, above) carry the person's name in their
    # label; the entries themselves stay.
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        label=str(user)
    )
    log(instance=user, action="portal.account_anonymise", user=by, data={"on_request": by is not None and by != user})
    logger.info("Account %s anonymised (by %s)", user.pk, getattr(by, "pk", None))
