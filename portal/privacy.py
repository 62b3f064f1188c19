"""A person's own data: everything the portal keeps about them, and deleting their account.

The core knows what it keeps itself (the account, allauth's addresses and second factors, the resident
profile, the caretaker link, Wagtail's pages and user profile); every feature app describes what it keeps
in its own `privacy.py`, as `portal.personal_data.PersonalData` sections registered under
`registry.PERSONAL_DATA`, and the services below go through them without naming an app.

Deleting an account follows Decidim's approach: the `User` row stays, stripped of everything that
identifies the person, so what others rely on keeps working: the figures (past sign-ups, tours held),
what the person wrote for a committee (pages and revisions stay with the committee), the caretaker's
messages (kept, without a sender).
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page

from portal import registry
from portal.mail import outgoing_emails_forget
from portal.models import Caretaker, Residency, ResidentProfile, User
from portal.personal_data import PersonalData, local_time

logger = logging.getLogger(__name__)

ANONYMISED_DOMAIN = "anoniem.invalid"  # `.invalid` is reserved (RFC 2606): nothing is ever delivered there


class AccountError(ValidationError):
    """An account that cannot be deleted here; the message says what to do instead."""


def anonymised_email(*, user: User) -> str:
    """A unique address that identifies nobody and reaches nobody, for the anonymised `User` row."""
    return f"verwijderd-{user.pk}@{ANONYMISED_DOMAIN}"


# Where the core's own sections sit in the export; the apps' sections fit in between (`PersonalData.position`).
CORE_SECTIONS = {
    "exported_at": 0,
    "account": 10,
    "email_addresses": 20,
    "two_factor": 30,
    "profile": 40,
    "home": 45,
    "caretaker": 50,
    "pages_written": 500,
}


# The templates that show the core's own sections on the readable page (/mijn/gegevens/); the e-mail addresses and
# second factors are shown with the account. The apps' sections bring their own (`PersonalData.template_name`).
CORE_TEMPLATES = {
    "account": "portal/my_data/account.html",
    "profile": "portal/my_data/profile.html",
    "home": "portal/my_data/home.html",
    "caretaker": "portal/my_data/caretaker.html",
    "pages_written": "portal/my_data/pages_written.html",
}


def personal_data() -> list[PersonalData]:
    """The sections the feature apps register (`registry.PERSONAL_DATA`), in the order of their `position`."""
    return sorted(registry.each(registry.PERSONAL_DATA), key=lambda section: section.position)


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------


def account_data_export(*, user: User) -> dict:
    """Everything the portal keeps about `user`, and nothing about anyone else.

    Plain values (text, numbers, booleans, dates and times in the portal's time zone), ready for
    `DjangoJSONEncoder` and for the readable page. A fixed number of queries, whatever the amount of data.
    What belongs to other people stays out: the names of neighbours signed up by this person, the
    visitors of an ambassador's tours (counted only), who else sits on a committee.

    The core's own sections (account, allauth, profile, caretaker, Wagtail's pages) are made here; each
    feature app adds its own (`personal_data()`), and every section sits at its position.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    person = User.objects.select_related("resident_profile__building", "caretaker").get(pk=user.pk)
    profile = getattr(person, "resident_profile", None)
    caretaker = getattr(person, "caretaker", None)

    data = {
        "exported_at": timezone.localtime(),
        "account": {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_joined": local_time(person.date_joined),
            "last_login": local_time(person.last_login),
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
                "created_at": local_time(authenticator.created_at),
                "last_used_at": local_time(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=person).order_by("created_at")
        ],
        "profile": None,
        "home": None,
        "caretaker": None,
        "pages_written": [],
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
            "display_name": profile.display_name,
        }
    residency = Residency.objects.filter(user=person, ended_at__isnull=True).select_related("home__building").first()
    if residency is not None:
        data["home"] = {
            "address": residency.home.address,
            "building": residency.home.building.title,
            "verified_at": local_time(residency.started_at),
            "verified_how": str(residency.get_method_display()),
        }
    if caretaker is not None:
        data["caretaker"] = {
            "name": caretaker.name,
            "phone": caretaker.phone,
            "has_photo": caretaker.photo_id is not None,
            "contract_hours": str(caretaker.contract_hours),
            "absences": [
                {"first_day": absence.first_day, "last_day": absence.last_day, "kind": str(absence.get_kind_display())}
                for absence in caretaker.absences.order_by("first_day")
            ],
        }
    # Pages the person started (activities, news): Wagtail keeps them as their owner. They stay with the
    # committee when the account is deleted; the owner is then an account without a name.
    for page in Page.objects.filter(owner=person).select_related("content_type").order_by("first_published_at", "pk"):
        model = page.content_type.model_class()
        data["pages_written"].append(
            {
                "title": page.title,
                "type": str(model._meta.verbose_name) if model else "",
                "published": page.live,
                "first_published_at": local_time(page.first_published_at),
            }
        )

    positions = dict(CORE_SECTIONS)
    for section in personal_data():
        data[section.key] = section.export(user=person)
        positions[section.key] = section.position
    return dict(sorted(data.items(), key=lambda item: positions[item[0]]))


def account_data_readable(*, data: dict) -> list[tuple[str, Any]]:
    """The sections of an export (`account_data_export`) that the readable page shows, in the export's order:
    (template name, the section's value)."""
    templates = dict(CORE_TEMPLATES)
    templates.update((section.key, section.template_name) for section in personal_data() if section.template_name)
    return [(templates[key], value) for key, value in data.items() if key in templates]


# --------------------------------------------------------------------------
# Deleting an account
# --------------------------------------------------------------------------


@transaction.atomic
def account_anonymise(*, user: User, by: User | None) -> None:
    """Delete a person's account by anonymising it, in one transaction.

    `by` is the person themselves (from /mijn/account-verwijderen/, after re-authentication) or a
    member of staff acting on the person's request (from the Wagtail admin). Calling it again for an
    account that is already anonymised changes nothing. A superuser's account, or one an app has a
    reason to keep (`PersonalData.blockers`), raises `AccountError` saying what to do instead.

    First every app's sections strip what they hold (`PersonalData.anonymise`, in the order of their
    position; each app's `privacy.py` says what), then the core does its own part. Today that is:

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

    from portal.services import caretaker_account_sync

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        return
    sections = personal_data()
    reasons = [reason for section in sections for reason in section.blockers(user=user)]
    if user.is_superuser:
        reasons.insert(
            0,
            _(
                "Dit is een beheerdersaccount. Laat een andere beheerder eerst de beheerdersrechten "
                "intrekken; daarna kan het account worden verwijderd."
            ),
        )
    if reasons:
        raise AccountError(reasons)
    now = timezone.now()

    # What the apps keep (sign-ups, memberships, messages, reports, the ambassador), while the person's
    # name and address are still there for the e-mails this sends to others.
    for section in sections:
        section.anonymise(user=user, by=by, now=now)

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
    Residency.objects.filter(user=user).delete()  # where the person lived is theirs; the home stays
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
