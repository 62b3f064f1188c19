"""The permission matrix: every URL the portal serves × every role × method, with the expected status.

A route of the portal's own (its views, the admin views and snippets it adds, each page type)
that is missing here fails `test_every_portal_route_is_in_the_matrix`, so no new view can skip it.
Later issues add their rows and roles.
"""

import io
from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.models import get_page_models

from activities import services as services_activities
from activities.calendar_links import calendar_token
from activities.models import ActivityCategory, ActivityPage
from activities.tokens import cancel_token
from ambassadors import selectors as selectors_ambassadors
from ambassadors import services as services_ambassadors
from ambassadors import visitor_services
from ambassadors.calendar_links import feed_token
from ambassadors.tokens import booking_token, group_place_token
from committees import services as services_committees
from committees.factories import NewsPageFactory
from consultations.models import ConsultationPage, ConsultationQuestion
from consultations.tokens import opt_out_token
from portal import services as portal_services
from portal.factories import HomeFactory, ResidencyFactory, ResidentProfileFactory, UserFactory
from portal.models import CaretakerAbsence

pytestmark = pytest.mark.django_db

OWN_APPS = {"portal", "committees", "activities", "ambassadors", "consultations"}
ROLES = [
    "anonymous",
    "resident",
    "resident_elsewhere",
    "caretaker",
    "caretaker_elsewhere",
    "moderator",
    "committee_member",
    "platform_member",
    "ambassador",
    "unverified",
]

# Expected status per role, in the order of ROLES. Rows written before the ambassador role came have
# eight values: there the ambassador (a resident of De Linde) is expected to fare like the resident. Rows without
# a value for "unverified" (someone who says they live in De Linde but has no verified home) expect the resident's.
EVERYONE_200 = (200,) * 8
EVERYONE_404 = (404,) * 8
LOGIN_NEEDED = (302, 200, 200, 200, 200, 200, 200, 200)
STAFF_ONLY = (302, 302, 302, 302, 302, 200, 302, 302)
ANONYMOUS_ONLY = (200, 302, 302, 302, 302, 302, 302, 302)
CARETAKERS_OWN = (302, 404, 404, 200, 200, 404, 404, 404)
REDIRECT_ALL = (302,) * 8
# The ambassador's own pages: only the ambassador; a POST on their own tour redirects back with a message.
AMBASSADOR_OWN = (302, 404, 404, 404, 404, 404, 404, 404, 200)
AMBASSADOR_OWN_POST = (302, 404, 404, 404, 404, 404, 404, 404, 302)
NOT_ALLOWED = (405,) * 8
NOT_ALLOWED_AFTER_LOGIN = (302, 405, 405, 405, 405, 405, 405, 405)
# Logged-in people without admin rights get one page on every /admin/ URL (portal.middleware).
WITHOUT_ADMIN = {"resident", "resident_elsewhere", "ambassador", "unverified"}
# The admin home: staff, caretakers (their messages) and committee members (their drafts).
ADMIN_USERS = (302, 302, 302, 200, 200, 200, 200, 200)
# Caretaker messages in the admin: caretakers and staff; a committee member has the admin but not this.
MESSAGES_ADMIN = (302, 302, 302, 200, 200, 200, 302, 302)
# One message of De Linde: its caretaker and staff. Another caretaker has the section but not this
# message: 404. Committee members have no access to the section at all: Wagtail's 302, as elsewhere.
ONE_MESSAGE = (302, 302, 302, 200, 404, 200, 302, 302)
# The resident's own conversation about a message (on /mijn/): its sender only; for everyone else it is not there.
OWN_MESSAGE = (302, 200, 404, 404, 404, 404, 404, 404, 404, 404)
OWN_MESSAGE_POST = (302, 200, 404, 404, 404, 404, 404, 404, 404, 404)  # an empty answer: the form again
# The photo with a message of De Linde: its sender and its readers (the caretaker, staff); others 404.
MESSAGE_PHOTO = (302, 200, 404, 200, 404, 200, 404, 404, 404, 404)
# Writing to the caretaker of De Linde: its verified residents, its committee members and the platform; who only
# says they live there gets a page telling how to get verified (403).
WRITE_TO_CARETAKER = (302, 200, 404, 404, 404, 404, 200, 200, 200, 403)
# Signing up someone else, and the list of names: the organising committee, the building's caretaker, staff.
SIGN_UP_OTHERS = (302, 404, 404, 200, 404, 200, 200, 404)
# The same people, for a POST that changes someone's sign-up and goes back to the list.
SIGN_UP_OTHERS_POST = (302, 404, 404, 302, 404, 302, 302, 404)
# Cancelling the resident's own sign-up: the resident, and the organisers (302 back to the page); others 404.
SIGN_UP_OTHERS_OR_OWN = (302, 302, 404, 302, 404, 302, 302, 404)
# Drafting news under the committee of De Linde: its members (and staff); Wagtail redirects others.
DRAFT_UNDER_COMMITTEE = (302, 302, 302, 302, 302, 200, 200, 302)
# Asking a moderator to take a live page of De Linde's committee down: its members only (the moderator
# unpublishes it directly); a page of another committee is not there (404). The POST redirects to the editor.
TAKEDOWN_REQUEST = (302, 404, 404, 404, 404, 404, 200, 404)
TAKEDOWN_REQUEST_POST = (302, 404, 404, 404, 404, 404, 302, 404)
# Entering paper ballots of De Linde's consultation: its committee and staff; nobody else finds the page.
PAPER_BALLOTS = (404, 404, 404, 404, 404, 200, 200, 404, 404, 404)
# A consultation in the admin (its page, printing its ballots, downloading its results): the committee that asks
# and staff; another committee or a caretaker finds nothing (404). Residents get the admin's one page (403).
CONSULTATION_ADMIN = (302, 404, 404, 404, 404, 200, 200, 404, 404, 404)
# Its results while it is open: the same people, sent back to its admin page with "after closing".
CONSULTATION_RESULTS_OPEN = (302, 404, 404, 404, 404, 302, 302, 404, 404, 404)
# The homes that answered twice and the homes to take into account during a renovation: staff only, never the
# committee.
CONSULTATION_STAFF_ONLY = (302, 404, 404, 404, 404, 200, 404, 404, 404, 404)
# Nothing changes there: a POST is refused for who may see the page.
CONSULTATION_ADMIN_POST = (302, 404, 404, 404, 404, 405, 405, 404, 404, 404)
# The tenants' platform's figures over time (and their download): its members and staff; others logged in 403.
PLATFORM_TREND = (302, 403, 403, 403, 403, 200, 403, 200, 403, 403)


@dataclass(frozen=True)
class Row:
    route: str  # URL name (namespace:name), or "page:<app.Model>" for a Wagtail page type
    path: str  # may contain {building}, {other_building}, {caretaker}
    method: str
    expected: tuple[int, ...]


MATRIX = [
    # Public pages (Wagtail page types).
    Row("page:portal.HomePage", "/", "GET", EVERYONE_200),
    Row("page:portal.BuildingIndexPage", "/gebouwen/", "GET", EVERYONE_200),
    Row("page:portal.BuildingPage", "/gebouwen/{building}/", "GET", EVERYONE_200),
    Row("page:portal.BuildingPage", "/gebouwen/bestaat-niet/", "GET", EVERYONE_404),
    Row("page:committees.CommitteePage", "/gebouwen/{building}/{committee}/", "GET", EVERYONE_200),
    Row("page:committees.CommitteePage", "/huurdersplatform/", "GET", EVERYONE_200),
    Row("platform_trend", "/huurdersplatform/verloop/", "GET", PLATFORM_TREND),
    Row("platform_trend", "/huurdersplatform/verloop/?export=csv", "GET", PLATFORM_TREND),
    Row("platform_trend", "/huurdersplatform/verloop/?export=xlsx", "GET", PLATFORM_TREND),
    Row("platform_trend", "/huurdersplatform/verloop/", "POST", (405,) * 10),
    Row("page:committees.NewsIndexPage", "/nieuws/", "GET", EVERYONE_200),
    Row("page:committees.NewsIndexPage", "/nieuws/?gebouw={building}&soort=nieuws", "GET", EVERYONE_200),
    Row("page:committees.NewsIndexPage", "/nieuws/feed/", "GET", EVERYONE_200),
    Row("page:committees.NewsIndexPage", "/nieuws/rss/", "GET", EVERYONE_200),
    Row("page:committees.NewsPage", "/gebouwen/{building}/{committee}/{news}/", "GET", EVERYONE_200),
    Row("page:committees.NewsPage", "/gebouwen/{building}/{committee}/{draft}/", "GET", EVERYONE_404),
    Row("page:committees.NewsPage", "/gebouwen/{building}/{committee}/{news}/melden/", "GET", LOGIN_NEEDED),
    Row("page:activities.ActivityPage", "{activity}melden/", "GET", LOGIN_NEEDED),
    Row("page:portal.BuildingPage", "/gebouwen/{building}/bericht/", "GET", WRITE_TO_CARETAKER),
    Row("page:portal.BuildingPage", "/gebouwen/{building}/programma/2026-11/", "GET", EVERYONE_200),
    Row("page:portal.BuildingPage", "/gebouwen/{building}/programma/2026-13/", "GET", EVERYONE_404),
    Row("page:activities.ActivityIndexPage", "/activiteiten/", "GET", EVERYONE_200),
    Row("page:activities.ActivityIndexPage", "/activiteiten/?gebouw={building}&plaatsen=1", "GET", EVERYONE_200),
    Row(
        "page:activities.ActivityIndexPage",
        "/activiteiten/kalender/?maand=2026-12&gebouw={building}",
        "GET",
        EVERYONE_200,
    ),
    Row("activities_feed", "/activiteiten/agenda.ics", "GET", EVERYONE_200),
    Row("activities_feed", "/activiteiten/agenda.ics?gebouw=bestaat-niet", "GET", (400,) * 10),
    # A person's own sign-ups for their calendar app: the secret link is the key (no log-in); a new link by POST.
    Row("activities_my_feed", "/activiteiten/mijn-agenda/{my_calendar_token}/agenda.ics", "GET", (200,) * 10),
    Row("activities_my_feed", "/activiteiten/mijn-agenda/ongeldig:123/agenda.ics", "GET", (404,) * 10),
    Row("activities_my_feed_renew", "/activiteiten/mijn-agenda/nieuw/", "POST", REDIRECT_ALL),
    # The link in the sign-up e-mail: the signed link is the key (no log-in); it asks first, a GET never cancels.
    Row("activities_cancel_link", "/activiteiten/afmelden/{cancel_token}/", "GET", (200,) * 10),
    Row("activities_cancel_link", "/activiteiten/afmelden/ongeldig:123/", "GET", (404,) * 10),
    Row("activities_my_feed_renew", "/activiteiten/mijn-agenda/nieuw/", "GET", (302,) + (405,) * 9),
    Row("page:activities.ActivityPage", "{activity}", "GET", EVERYONE_200),
    Row("page:activities.ActivityPage", "{activity}ical/", "GET", EVERYONE_200),
    Row("page:activities.ActivityPage", "{activity}aanmelden/{occurrence}/", "GET", NOT_ALLOWED),
    # Signing up: logged-in people (a 302 back to the page with a message); others to the log-in.
    Row("page:activities.ActivityPage", "{activity}aanmelden/{occurrence}/", "POST", REDIRECT_ALL),
    Row("page:activities.ActivityPage", "{activity}aanmelden/999999/", "POST", (302,) + (404,) * 7),
    # Someone else's sign-up: only its own resident and the organisers may cancel it.
    Row(
        "page:activities.ActivityPage", "{activity}afmelden/{registration}/", "POST", (*SIGN_UP_OTHERS_OR_OWN, 404, 404)
    ),
    # The page that asks "Weet u het zeker?" first: the same people.
    Row(
        "page:activities.ActivityPage",
        "{activity}afmelden/{registration}/",
        "GET",
        (302, 200, 404, 200, 404, 200, 200, 404, 404, 404),
    ),
    Row("page:activities.ActivityPage", "{activity}namens/{occurrence}/", "GET", SIGN_UP_OTHERS),
    Row("page:activities.ActivityPage", "{activity}deelnemers/{occurrence}/", "GET", SIGN_UP_OTHERS),
    # The organisers cancel a neighbour's sign-up or drop the guest: a page that asks first, then the POST (302).
    Row(
        "page:activities.ActivityPage",
        "{activity}deelnemers/{occurrence}/aanmelding/{registration}/",
        "GET",
        SIGN_UP_OTHERS,
    ),
    Row(
        "page:activities.ActivityPage",
        "{activity}deelnemers/{occurrence}/aanmelding/{registration}/",
        "POST",
        SIGN_UP_OTHERS_POST,
    ),
    # The call list (who has no e-mail and must hear of a change): like the list of names.
    Row("page:activities.ActivityPage", "{activity}bellijst/", "GET", SIGN_UP_OTHERS),
    # Coming alone after all: the resident's own sign-up, and the organisers.
    Row(
        "page:activities.ActivityPage",
        "{activity}gast-afmelden/{registration}/",
        "POST",
        (*SIGN_UP_OTHERS_OR_OWN, 404, 404),
    ),
    Row("page:activities.ActivityPage", "{activity}gast-afmelden/{registration}/", "GET", NOT_ALLOWED),
    # A consultation: its page and the online answer for everyone (who may not answer is told how to); the paper
    # ballots for the committee that asks and staff; the short address on the paper ballot's QR code.
    Row("page:consultations.ConsultationPage", "{consultation}", "GET", (200,) * 10),
    Row("page:consultations.ConsultationPage", "{consultation}antwoorden/", "GET", (200,) * 10),
    Row("page:consultations.ConsultationPage", "{consultation}code/", "GET", (200,) * 10),
    Row(
        "page:consultations.ConsultationPage",
        "{consultation}antwoorden/99/",
        "GET",
        (200, 404, 200, 200, 200, 200, 200, 200, 404, 200),
    ),
    Row("page:consultations.ConsultationPage", "{consultation}papier/", "GET", PAPER_BALLOTS),
    Row("page:consultations.ConsultationPage", "{consultation}papier/", "POST", PAPER_BALLOTS),
    Row("consultation_short", "/raadpleging/{consultation_pk}/", "GET", (302,) * 10),
    Row("consultation_short", "/raadpleging/999999/", "GET", (404,) * 10),
    # Stopping the consultation e-mails: the link in the e-mail is the key (no log-in); the choice on /mijn/.
    Row("consultation_no_email", "/raadpleging/geen-e-mail/{opt_out_token}/", "GET", (200,) * 10),
    Row("consultation_no_email", "/raadpleging/geen-e-mail/ongeldig/", "GET", (404,) * 10),
    Row("consultation_email_choice", "/mijn/raadplegingen/e-mail/", "POST", REDIRECT_ALL),
    Row("consultation_email_choice", "/mijn/raadplegingen/e-mail/", "GET", (302,) + (405,) * 9),
    # The consultation in the admin: ballots and results for its committee and staff; the rest for staff only.
    Row("consultation_admin", "/admin/raadplegingen/{consultation_pk}/", "GET", CONSULTATION_ADMIN),
    Row("consultation_admin", "/admin/raadplegingen/{consultation_pk}/", "POST", CONSULTATION_ADMIN_POST),
    Row("consultation_admin", "/admin/raadplegingen/999999/", "GET", (302,) + (404,) * 9),
    Row(
        "consultation_ballots",
        "/admin/raadplegingen/{consultation_pk}/formulieren/?gebouw={building_pk}",
        "GET",
        CONSULTATION_ADMIN,
    ),
    Row("consultation_ballots", "/admin/raadplegingen/{consultation_pk}/formulieren/", "GET", CONSULTATION_ADMIN),
    Row("consultation_ballots", "/admin/raadplegingen/{consultation_pk}/formulieren/", "POST", CONSULTATION_ADMIN_POST),
    Row("consultation_conflicts", "/admin/raadplegingen/{consultation_pk}/dubbel/", "GET", CONSULTATION_STAFF_ONLY),
    Row(
        "consultation_readiness",
        "/admin/raadplegingen/{consultation_pk}/rekening-houden/",
        "GET",
        CONSULTATION_STAFF_ONLY,
    ),
    Row(
        "consultation_readiness",
        "/admin/raadplegingen/{consultation_pk}/rekening-houden/?export=csv",
        "GET",
        CONSULTATION_STAFF_ONLY,
    ),
    Row(
        "consultation_results_export",
        "/admin/raadplegingen/{consultation_pk}/uitslag.csv",
        "GET",
        CONSULTATION_RESULTS_OPEN,
    ),
    Row(
        "consultation_results_export",
        "/admin/raadplegingen/{closed_consultation_pk}/uitslag.csv",
        "GET",
        CONSULTATION_ADMIN,
    ),
    Row(
        "consultation_results_export",
        "/admin/raadplegingen/{closed_consultation_pk}/uitslag.xlsx",
        "GET",
        CONSULTATION_ADMIN,
    ),
    Row(
        "consultation_results_export",
        "/admin/raadplegingen/{closed_consultation_pk}/uitslag.pdf",
        "GET",
        (302, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    # The portal's own views.
    Row("healthz", "/healthz", "GET", EVERYONE_200),
    Row("healthz", "/healthz", "POST", NOT_ALLOWED),
    # Uploaded files (local runs and tests; the web server serves /media/ in production): public, like the pages
    # that show them; a name that is not there is a 404, a path out of the storage a 400.
    Row("media_file", "/media/bestaat-niet.jpg", "GET", EVERYONE_404),
    Row("media_file", "/media/../config/settings/base.py", "GET", (400,) * 8),  # SuspiciousFileOperation
    Row("display_preferences", "/weergave/", "POST", REDIRECT_ALL),
    Row("display_preferences", "/weergave/", "GET", NOT_ALLOWED),
    Row("language_switch", "/taal/", "POST", REDIRECT_ALL),
    Row("language_switch", "/taal/", "GET", NOT_ALLOWED),
    # "Welk gebouw is van u?" on the front page: a cookie, for everyone.
    Row("building_choose", "/gebouw-kiezen/", "POST", REDIRECT_ALL),
    Row("building_choose", "/gebouw-kiezen/", "GET", NOT_ALLOWED),
    # Search: public pages only, for everyone; what a role may see beyond that is not searched.
    Row("search", "/zoeken/", "GET", EVERYONE_200),
    Row("search", "/zoeken/?q=stoelgym&pagina=2", "GET", EVERYONE_200),
    Row("search", "/zoeken/", "POST", NOT_ALLOWED),
    Row("my_page", "/mijn/", "GET", LOGIN_NEEDED),
    Row("my_presence", "/mijn/aanwezigheid/", "GET", CARETAKERS_OWN),
    Row("my_absence_add", "/mijn/aanwezigheid/afwezig/", "GET", CARETAKERS_OWN),
    Row("my_absence_add", "/mijn/aanwezigheid/afwezig/", "POST", CARETAKERS_OWN),
    # Only De Linde's caretaker removes their own absence (and is sent back); for anyone else it is not there.
    Row(
        "my_absence_delete",
        "/mijn/aanwezigheid/afwezig/{absence}/verwijderen/",
        "POST",
        (302, 404, 404, 302, 404, 404, 404, 404),
    ),
    Row("my_absence_delete", "/mijn/aanwezigheid/afwezig/{absence}/verwijderen/", "GET", NOT_ALLOWED_AFTER_LOGIN),
    # Verifying one's home with the code from the letter: everyone with an account; confirming residents and
    # handing over a code at the door: caretakers.
    Row("my_home", "/mijn/woning/", "GET", LOGIN_NEEDED),
    Row("my_home", "/mijn/woning/", "POST", LOGIN_NEEDED),
    Row("residents_verify", "/mijn/bewoners/", "GET", CARETAKERS_OWN),
    Row("residents_verify", "/mijn/bewoners/", "POST", CARETAKERS_OWN),
    # My data: everyone logged in, their own only (there is no id in the URL to try someone else's).
    Row("my_data", "/mijn/gegevens/", "GET", LOGIN_NEEDED),
    Row("my_data_json", "/mijn/gegevens.json", "GET", LOGIN_NEEDED),
    # Deleting one's account: an explanation for everyone logged in; the POST asks who you are again.
    Row("account_delete", "/mijn/account-verwijderen/", "GET", LOGIN_NEEDED),
    # The goodbye page is for the logged-out person who just deleted their account.
    Row("account_deleted", "/account-verwijderd/", "GET", ANONYMOUS_ONLY),
    # Staff anonymise an account on request.
    Row("account_anonymise_index", "/admin/accounts-verwijderen/", "GET", STAFF_ONLY),
    Row("account_anonymise", "/admin/accounts-verwijderen/{resident_pk}/", "GET", STAFF_ONLY),
    # The homes: staff import them, print their letters and mark a move; nobody else sees them.
    Row("homes:index", "/admin/woningen/", "GET", STAFF_ONLY),
    Row("homes:index_results", "/admin/woningen/results/", "GET", STAFF_ONLY),
    Row("homes:edit", "/admin/woningen/edit/{home}/", "GET", STAFF_ONLY),
    Row("homes_import", "/admin/woningen/importeren/", "GET", STAFF_ONLY),
    Row("homes_letters", "/admin/woningen/brieven/?gebouw={building_pk}", "GET", STAFF_ONLY),
    Row("homes_move_out", "/admin/woningen/{home}/verhuisd/", "GET", STAFF_ONLY),
    Row("my_presence", "/mijn/aanwezigheid/", "POST", (302, 404, 404, 200, 200, 404, 404, 404)),
    Row("admin_login_redirect", "/admin/login/", "GET", REDIRECT_ALL),
    Row("admin_login_redirect", "/admin/login/", "POST", REDIRECT_ALL),
    # Account pages (allauth).
    Row("account_login", "/accounts/login/", "GET", ANONYMOUS_ONLY),
    Row("account_signup", "/accounts/signup/", "GET", ANONYMOUS_ONLY),
    Row("account_request_login_code", "/accounts/login/code/", "GET", ANONYMOUS_ONLY),
    Row("account_reset_password", "/accounts/password/reset/", "GET", EVERYONE_200),
    Row("account_logout", "/accounts/logout/", "GET", (302, 200, 200, 200, 200, 200, 200, 200)),
    Row("account_email", "/accounts/email/", "GET", LOGIN_NEEDED),
    Row("account_change_password", "/accounts/password/change/", "GET", LOGIN_NEEDED),
    Row("mfa_index", "/accounts/2fa/", "GET", LOGIN_NEEDED),
    # Setting up the authenticator app (portal.second_factor, allauth's page): a session without a fresh log-in
    # is asked for the password first; anonymous visitors go to the log-in.
    Row("mfa_activate_totp", "/accounts/2fa/totp/activate/?next=/mijn/", "GET", REDIRECT_ALL),
    # The Wagtail admin and what the portal adds to it.
    Row("wagtailadmin_home", "/admin/", "GET", ADMIN_USERS),
    Row("wagtailadmin_password_reset", "/admin/password_reset/", "GET", EVERYONE_404),
    Row("wagtailadmin_pages:add", "/admin/pages/add/committees/newspage/{committee_pk}/", "GET", DRAFT_UNDER_COMMITTEE),
    Row("committeemembership:index", "/admin/commissieleden/", "GET", STAFF_ONLY),
    Row("committeemembership:add", "/admin/commissieleden/new/", "GET", STAFF_ONLY),
    Row("committeemembership:edit", "/admin/commissieleden/edit/{membership}/", "GET", STAFF_ONLY),
    Row("committeemembership:delete", "/admin/commissieleden/delete/{membership}/", "GET", STAFF_ONLY),
    Row("report:index", "/admin/meldingen/", "GET", STAFF_ONLY),
    Row("report:edit", "/admin/meldingen/edit/{report}/", "GET", STAFF_ONLY),
    Row("report:add", "/admin/meldingen/new/", "GET", REDIRECT_ALL),  # reports come from residents only
    # Asking to take a live page down: who may edit it and not publish it (the committee of De Linde). Others
    # get a 404, the moderator too: they take a page offline themselves, with Wagtail's own "Offline halen".
    Row("page_takedown_request", "/admin/offline-halen/{news_pk}/", "GET", TAKEDOWN_REQUEST),
    Row("page_takedown_request", "/admin/offline-halen/{activity_pk}/", "GET", TAKEDOWN_REQUEST),
    Row("page_takedown_request", "/admin/offline-halen/{news_pk}/", "POST", TAKEDOWN_REQUEST_POST),
    Row("caretakermessage:index", "/admin/berichten/", "GET", MESSAGES_ADMIN),
    Row("caretakermessage:edit", "/admin/berichten/edit/{message}/", "GET", ONE_MESSAGE),
    Row("my_message", "/mijn/berichten/{message}/", "GET", OWN_MESSAGE),
    Row("my_message", "/mijn/berichten/{message}/", "POST", OWN_MESSAGE_POST),
    Row("message_photo", "/mijn/berichten/{message_with_photo}/foto/", "GET", MESSAGE_PHOTO),
    Row("message_photo", "/mijn/berichten/{message}/foto/", "GET", (302, *(404,) * 9)),  # a message without a photo
    Row("caretaker_hours_report", "/admin/rapporten/huismeesteruren/", "GET", STAFF_ONLY),
    Row("caretaker_hours_report", "/admin/rapporten/huismeesteruren/?export=xlsx", "GET", STAFF_ONLY),
    Row("caretaker_hours_report_results", "/admin/rapporten/huismeesteruren/results/", "GET", STAFF_ONLY),
    Row("wagtailsnippets_portal_caretaker:list", "/admin/snippets/portal/caretaker/", "GET", STAFF_ONLY),
    Row("wagtailsnippets_portal_caretaker:add", "/admin/snippets/portal/caretaker/add/", "GET", STAFF_ONLY),
    Row(
        "wagtailsnippets_portal_caretaker:edit",
        "/admin/snippets/portal/caretaker/edit/{caretaker}/",
        "GET",
        STAFF_ONLY,
    ),
    # Absences and the caretakers' meeting: staff in the admin (a caretaker records their own on /mijn/).
    Row("wagtailsnippets_portal_caretakerabsence:list", "/admin/snippets/portal/caretakerabsence/", "GET", STAFF_ONLY),
    Row(
        "wagtailsnippets_portal_caretakerabsence:add",
        "/admin/snippets/portal/caretakerabsence/add/",
        "GET",
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_portal_caretakerabsence:edit",
        "/admin/snippets/portal/caretakerabsence/edit/{absence}/",
        "GET",
        STAFF_ONLY,
    ),
    Row(
        "wagtailsnippets_portal_caretakersmeeting:list", "/admin/snippets/portal/caretakersmeeting/", "GET", STAFF_ONLY
    ),
    Row(
        "wagtailsnippets_portal_caretakersmeeting:add",
        "/admin/snippets/portal/caretakersmeeting/add/",
        "GET",
        STAFF_ONLY,
    ),
    # Tours: public booking, the visitor's signed link (the link is the key), the ambassador's own pages.
    Row("page:ambassadors.TourIndexPage", "/rondleidingen/", "GET", (*EVERYONE_200, 200)),
    Row("page:ambassadors.TourIndexPage", "/rondleidingen/{building}/", "GET", (*EVERYONE_200, 200)),
    # A building without an ambassador: its group tours and the form to ask the letting team for a tour.
    Row("page:ambassadors.TourIndexPage", "/rondleidingen/{other_building}/", "GET", (*EVERYONE_200, 200)),
    Row("page:ambassadors.TourIndexPage", "/rondleidingen/bestaat-niet/", "GET", (*EVERYONE_404, 404)),
    Row("tour_request", "/rondleidingen/{other_building}/aanvragen/", "POST", (200,) * 9),
    Row("tour_request", "/rondleidingen/{other_building}/aanvragen/", "GET", (302,) * 9),
    Row("tour_request", "/rondleidingen/{other_building}/aanvragen/?verstuurd=1", "GET", (200,) * 9),
    Row("tour_link_resend", "/rondleidingen/{building}/link-opnieuw/", "POST", (302,) * 9),
    Row("tour_link_resend", "/rondleidingen/{building}/link-opnieuw/", "GET", (405,) * 9),
    Row("group_place_book", "/rondleidingen/{other_building}/groep/{group_tour}/", "GET", (200,) * 9),
    Row("group_place_book", "/rondleidingen/{building}/groep/{group_tour}/", "GET", (404,) * 9),
    Row("group_place_book", "/rondleidingen/{other_building}/groep/{group_tour}/", "POST", (200,) * 9),
    Row("group_place", "/rondleidingen/groep/{group_token}/", "GET", (200,) * 9),
    Row("group_place", "/rondleidingen/groep/ongeldig:123/", "GET", (404,) * 9),
    Row("ambassadors_grouptour:index", "/admin/groepsrondleidingen/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_grouptour:add", "/admin/groepsrondleidingen/new/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_grouptour:edit", "/admin/groepsrondleidingen/edit/{group_tour}/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourrequest:index", "/admin/aanvragen-rondleiding/", "GET", (*STAFF_ONLY, 302)),
    Row(
        "ambassadors_tourrequest:inspect",
        "/admin/aanvragen-rondleiding/inspect/{tour_request}/",
        "GET",
        (*STAFF_ONLY, 302),
    ),
    Row("tour_book", "/rondleidingen/{building}/boeken/?tijd={slot}", "GET", (200,) * 9),
    Row("tour_book", "/rondleidingen/{building}/boeken/", "POST", (302,) * 9),
    Row("tour_booking", "/rondleidingen/boeking/{token}/", "GET", (200,) * 9),
    Row("tour_booking", "/rondleidingen/boeking/ongeldig:123/", "GET", (404,) * 9),
    Row("tour_booking_cancel", "/rondleidingen/boeking/{token}/annuleren/", "GET", (200,) * 9),
    Row("tour_booking_move", "/rondleidingen/boeking/{token}/verzetten/", "GET", (200,) * 9),
    Row("my_tours", "/mijn/rondleidingen/", "GET", AMBASSADOR_OWN),
    Row("my_availability", "/mijn/rondleidingen/beschikbaarheid/", "GET", AMBASSADOR_OWN),
    Row("my_phone_booking", "/mijn/rondleidingen/boeken/", "GET", AMBASSADOR_OWN),
    # An open afternoon offered by the ambassador; an empty POST shows the form again with the errors.
    Row("my_group_tours", "/mijn/rondleidingen/open-middag/", "GET", AMBASSADOR_OWN),
    Row("my_group_tours", "/mijn/rondleidingen/open-middag/", "POST", AMBASSADOR_OWN),
    Row("my_tour_mark", "/mijn/rondleidingen/{tour}/status/", "POST", AMBASSADOR_OWN_POST),
    # "Ik kan niet": a page (hand over to a colleague, else cancel with a reason); a POST without a choice shows it
    # again with the error.
    Row("my_tour_cancel", "/mijn/rondleidingen/{tour}/annuleren/", "GET", AMBASSADOR_OWN),
    Row("my_tour_cancel", "/mijn/rondleidingen/{tour}/annuleren/", "POST", AMBASSADOR_OWN),
    Row("my_tours_day", "/mijn/rondleidingen/dag/{tour_day}/", "GET", AMBASSADOR_OWN),
    Row("my_tours_day", "/mijn/rondleidingen/dag/2026-02-30/", "GET", (302,) + (404,) * 8),
    # The ambassador's own tours at a secret address: the link is the key (a calendar app does not log in).
    Row("my_tours_feed", "/mijn/rondleidingen/agenda/{ambassador_feed_token}/rondleidingen.ics", "GET", (200,) * 10),
    Row("my_tours_feed", "/mijn/rondleidingen/agenda/ongeldig:123/rondleidingen.ics", "GET", (404,) * 10),
    Row("my_tours_feed_renew", "/mijn/rondleidingen/agenda/nieuw/", "POST", AMBASSADOR_OWN_POST),
    Row("my_tours_feed_renew", "/mijn/rondleidingen/agenda/nieuw/", "GET", (302,) + (405,) * 8),
    Row("ambassadors_tourbooking:index", "/admin/rondleidingen/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:index", "/admin/rondleidingen/?export=csv", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:index", "/admin/rondleidingen/?export=xlsx", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:add", "/admin/rondleidingen/new/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:add", "/admin/rondleidingen/new/?gebouw={building_pk}", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:edit", "/admin/rondleidingen/edit/{tour}/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:inspect", "/admin/rondleidingen/inspect/{tour}/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:move", "/admin/rondleidingen/verzetten/{tour}/", "GET", (*STAFF_ONLY, 302)),
    Row("ambassadors_tourbooking:cancel", "/admin/rondleidingen/annuleren/{tour}/", "GET", (*STAFF_ONLY, 302)),
    Row("tours_per_month_report", "/admin/rapporten/rondleidingen/", "GET", (*STAFF_ONLY, 302)),
    Row("tours_per_month_report", "/admin/rapporten/rondleidingen/?export=xlsx", "GET", (*STAFF_ONLY, 302)),
    # Participation figures per building: staff only.
    Row("participation_report", "/admin/rapporten/deelname/", "GET", (*STAFF_ONLY, 302)),
    Row("participation_report", "/admin/rapporten/deelname/?export=csv", "GET", (*STAFF_ONLY, 302)),
    Row(
        "participation_report",
        "/admin/rapporten/deelname/?gebouw={building}&van=2026-01&tot=2026-06",
        "GET",
        (*STAFF_ONLY, 302),
    ),
    Row("participation_report_results", "/admin/rapporten/deelname/results/", "GET", (*STAFF_ONLY, 302)),
    Row("tours_per_month_report_results", "/admin/rapporten/rondleidingen/results/", "GET", (*STAFF_ONLY, 302)),
    Row(
        "wagtailsnippets_ambassadors_ambassador:list",
        "/admin/ambassadeurs/",
        "GET",
        (*STAFF_ONLY, 302),
    ),
    Row(
        "wagtailsnippets_ambassadors_ambassador:edit",
        "/admin/ambassadeurs/edit/{ambassador}/",
        "GET",
        (*STAFF_ONLY, 302),
    ),
]

# Routes that send anonymous visitors somewhere other than the log-in page.
NOT_TO_LOGIN = {"account_logout"}

# Snippet viewset routes that share the rules of the rows above (same permission policy).
SNIPPET_ROUTES_COVERED_BY_POLICY = ("wagtailsnippets_portal_", "wagtailsnippets_ambassadors_", "ambassadors_")


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def objects(building, other_building, home_page, people):
    committee = services_committees.committee_create(
        parent=building, title="Bewonerscommissie De Linde", kind="bewoners", description="Wij."
    )
    platform = services_committees.committee_create(
        parent=home_page, title="Huurdersplatform", slug="huurdersplatform", kind="platform", description="Wij."
    )
    membership = services_committees.committee_member_add(
        committee=committee, user=people["committee_member"], role="voorzitter"
    )
    services_committees.committee_member_add(committee=platform, user=people["platform_member"], role="lid")
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes", slug="nieuwe-bankjes")
    draft = NewsPageFactory(parent=committee, title="Concept", slug="concept", live=False)
    report = services_committees.page_report_create(page=news, reporter=people["resident"], reason="onjuist")
    activity = ActivityPage(
        title="Stoelgym",
        slug="stoelgym",
        category=ActivityCategory.objects.get(slug="bewegen"),
        description="<p>Bewegen.</p>",
        start_date=timezone.localdate() + timedelta(days=2),
        start_time=time(14),
        end_time=time(15),
        capacity=10,
    )
    committee.add_child(instance=activity)
    services_activities.occurrences_sync(activity=activity)
    occurrence = activity.occurrences.get()
    registration = services_activities.registration_create(occurrence=occurrence, user=people["resident"])
    message = services_committees.message_create(
        building=building, sender=people["resident"], category="vraag", subject="Vraag", body="Wanneer?"
    )
    message_with_photo = services_committees.message_create(
        building=building,
        sender=people["resident"],
        category="klusje",
        subject="Lamp",
        body="Zie de foto.",
        photo=ContentFile(_jpeg(), name="lamp.jpg"),
    )
    ambassador = people["ambassador"].ambassador
    slots = selectors_ambassadors.building_slots(building=building)
    tour = services_ambassadors.booking_create(
        ambassador_id=ambassador.pk, start=slots[0].start, name="Marijke Smit", email="marijke@example.net"
    )
    group_start = timezone.now() + timedelta(days=5)
    group_tour = visitor_services.group_tour_offer(
        building=other_building, start=group_start, end=group_start + timedelta(hours=2), capacity=10
    )
    group_place = visitor_services.group_place_book(
        group_tour_id=group_tour.pk, name="Nel Kramer", email="nel@example.net"
    )
    tour_request = visitor_services.tour_request_create(building=other_building, name="Gerrit Bos", phone="010 1234567")
    today = timezone.localdate()
    consultation = committee.add_child(
        instance=ConsultationPage(
            title="De tuin",
            kind="peiling",
            intro="Wat wilt u?",
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=7),
        )
    )
    ConsultationQuestion.objects.create(page=consultation, text="Een bankje?", kind="ja_nee")
    closed_consultation = committee.add_child(
        instance=ConsultationPage(
            title="De hal",
            kind="peiling",
            intro="Welke kleur?",
            opens_on=today - timedelta(days=30),
            closes_on=today - timedelta(days=1),
        )
    )
    ConsultationQuestion.objects.create(page=closed_consultation, text="Groen?", kind="ja_nee")
    absence = portal_services.absence_save(
        absence=CaretakerAbsence(
            caretaker=building.caretaker, first_day=today + timedelta(days=30), last_day=today + timedelta(days=34)
        ),
        stand_ins=[],
    )
    return {
        "absence": absence.pk,
        "consultation": consultation.url,
        "consultation_pk": consultation.pk,
        "closed_consultation_pk": closed_consultation.pk,
        "opt_out_token": opt_out_token(people["resident"]),
        "resident_pk": people["resident"].pk,
        "home": HomeFactory(building=building, number="7").pk,
        "ambassador": ambassador.pk,
        "slot": slots[1].key,
        "tour": tour.pk,
        "token": booking_token(tour),
        "group_tour": group_tour.pk,
        "group_token": group_place_token(group_place),
        "tour_request": tour_request.pk,
        "my_calendar_token": calendar_token(people["resident"]),
        "ambassador_feed_token": feed_token(ambassador),
        "tour_day": f"{timezone.localtime(tour.start):%Y-%m-%d}",
        "committee": committee.slug,
        "committee_pk": committee.pk,
        "news": news.slug,
        "news_pk": news.pk,
        "draft": draft.slug,
        "membership": membership.pk,
        "report": report.pk,
        "message": message.pk,
        "message_with_photo": message_with_photo.pk,
        "activity": activity.url,
        "activity_pk": activity.pk,
        "occurrence": occurrence.pk,
        "registration": registration.pk,
        "cancel_token": cancel_token(registration),
    }


@pytest.fixture
def people(building, other_building, caretaker, other_caretaker, moderator):
    resident = UserFactory(email="bewoner@example.org")
    ResidentProfileFactory(user=resident, building=building)
    ResidencyFactory(user=resident, home=HomeFactory(building=building, number="1"))
    neighbour_elsewhere = UserFactory(email="elders@example.org")
    ResidentProfileFactory(user=neighbour_elsewhere, building=other_building)
    ResidencyFactory(user=neighbour_elsewhere, home=HomeFactory(building=other_building, number="1"))
    ambassador = UserFactory(email="ambassadeur@example.org")
    ResidentProfileFactory(user=ambassador, building=building)
    ResidencyFactory(user=ambassador, home=HomeFactory(building=building, number="2"))
    unverified = UserFactory(email="nieuw@example.org")
    ResidentProfileFactory(user=unverified, building=building)
    services_ambassadors.ambassador_appoint(
        user=ambassador, building=building, display_name="Ria", introduction="Ik laat u de tuin zien."
    )
    services_ambassadors.weekly_times_replace(
        ambassador=ambassador.ambassador,
        times=[services_ambassadors.TimeRange(weekday=day, start=time(10), end=time(12)) for day in range(7)],
    )
    return {
        "ambassador": ambassador,
        "committee_member": UserFactory(email="commissie@example.org"),
        "platform_member": UserFactory(email="platform@example.org"),
        "anonymous": None,
        "resident": resident,
        "resident_elsewhere": neighbour_elsewhere,
        "caretaker": caretaker.user,
        "caretaker_elsewhere": other_caretaker.user,
        "moderator": moderator,
        "unverified": unverified,
    }


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method} {row.path}")
def test_permission_matrix(client, people, objects, building, other_building, caretaker, row):
    path = row.path.format(
        building=building.slug,
        building_pk=building.pk,
        other_building=other_building.slug,
        caretaker=caretaker.pk,
        **objects,
    )
    expected_per_role = (*row.expected, *(row.expected[1],) * (len(ROLES) - len(row.expected)))
    mismatches = []
    for role, expected in zip(ROLES, expected_per_role, strict=True):
        if path.startswith("/admin/") and role in WITHOUT_ADMIN:
            expected = 403  # "dit deel is voor commissies en medewerkers", never a redirect loop to the log-in
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])

        response = client.generic(row.method, path)

        if response.status_code != expected:
            mismatches.append(f"{role}: expected {expected}, got {response.status_code}")
        elif (
            role == "anonymous"
            and expected == 302
            and row.method == "GET"
            and row.expected[1] != 302
            and row.route not in NOT_TO_LOGIN
        ):
            # Pages that logged-in people may see send anonymous visitors to the log-in, and back.
            location = response["Location"]
            if not location.startswith("/accounts/login/?next="):
                mismatches.append(f"anonymous: redirected to {location}, not to the log-in")

    assert not mismatches, f"{row.method} {path}: " + "; ".join(mismatches)


def _own_routes():
    """URL names of every route whose view belongs to the portal, plus its snippet viewsets."""
    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.split(".")[0] in OWN_APPS or namespace.startswith(SNIPPET_ROUTES_COVERED_BY_POLICY):
                    found.add(name)

    walk(get_resolver().url_patterns)
    return found


def test_every_portal_route_is_in_the_matrix():
    listed = {row.route for row in MATRIX}
    snippet_namespaces = {route.split(":")[0] for route in listed if ":" in route}

    missing = {
        route for route in _own_routes() if route not in listed and route.split(":")[0] not in snippet_namespaces
    }

    assert not missing, f"Add these routes to the permission matrix: {sorted(missing)}"


def test_every_snippet_viewset_has_a_row():
    namespaces = {route.split(":")[0] for route in _own_routes() if route.startswith(SNIPPET_ROUTES_COVERED_BY_POLICY)}
    listed = {row.route.split(":")[0] for row in MATRIX}

    assert namespaces <= listed, f"Add rows for these snippet viewsets: {sorted(namespaces - listed)}"


def test_every_page_type_is_in_the_matrix():
    listed = {row.route.removeprefix("page:") for row in MATRIX if row.route.startswith("page:")}
    page_types = {model._meta.label for model in get_page_models() if model._meta.app_label in OWN_APPS}

    assert page_types <= listed, f"Add these page types to the permission matrix: {sorted(page_types - listed)}"


# Uploaded documents (/documenten/<id>/<name>, Wagtail's serve view with portal.uploads' check): a committee's
# upload is for that committee and the moderators until a live page uses it; then for everyone who may see the page.
DOCUMENT_EDITORS = {"moderator", "committee_member"}


@pytest.mark.parametrize(
    ("used_by", "allowed"),
    [("live page", set(ROLES)), ("draft", DOCUMENT_EDITORS), ("no page", DOCUMENT_EDITORS)],
)
def test_document_matrix(client, people, objects, used_by, allowed):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from committees.models import CommitteePage

    committee = CommitteePage.objects.get(pk=objects["committee_pk"])
    document = get_document_model().objects.create(
        title="Verslag",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="verslag.pdf"),
        collection=Collection.objects.get(name=committee.group.name),
    )
    if used_by != "no page":
        NewsPageFactory(
            parent=committee, title="Verslag", slug="verslag", document=document, live=used_by == "live page"
        )

    statuses = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        statuses[role] = client.get(document.url).status_code

    assert statuses == {role: 200 if role in allowed else 404 for role in ROLES}


# Pages with other people's personal data (issue 15): with the second factor required (as in production), staff
# and caretakers without it are sent to set it up, and back; everyone else fares as in the matrix above (which
# runs with it off, as the demo does).
PERSONAL_DATA_PATHS = (
    "{activity}deelnemers/{occurrence}/",
    "{activity}namens/{occurrence}/",
    "/admin/berichten/",
    "/admin/berichten/edit/{message}/",
    "/mijn/berichten/{message_with_photo}/foto/",
    "/admin/rondleidingen/",
    "/admin/rondleidingen/inspect/{tour}/",
    "/admin/aanvragen-rondleiding/",
    "/mijn/bewoners/",
    "/admin/woningen/",
)
NEED_SECOND_FACTOR = {"caretaker", "caretaker_elsewhere", "moderator"}


@pytest.mark.parametrize("personal_path", PERSONAL_DATA_PATHS)
def test_personal_data_needs_the_second_factor(client, people, objects, building, caretaker, personal_path, settings):
    from urllib.parse import quote

    settings.PORTAL_MFA_REQUIRED_FOR_ADMIN = True
    row = next(row for row in MATRIX if row.path == personal_path and row.method == "GET")
    path = row.path.format(building=building.slug, caretaker=caretaker.pk, **objects)
    expected_per_role = (*row.expected, *(row.expected[1],) * (len(ROLES) - len(row.expected)))
    mismatches = []
    for role, expected in zip(ROLES, expected_per_role, strict=True):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = client.get(path)
        # The whole admin asks for it first; a page outside it only those who may see the page.
        if role in NEED_SECOND_FACTOR and (expected == 200 or path.startswith("/admin/")):
            setup = f"/accounts/2fa/totp/activate/?next={quote(path, safe='')}"
            if response.status_code != 302 or response["Location"] != setup:
                mismatches.append(f"{role}: expected the way to the QR code, got {response.status_code}")
        elif path.startswith("/admin/") and role in WITHOUT_ADMIN:
            continue  # the matrix above checks their one page
        elif response.status_code != expected:
            mismatches.append(f"{role}: expected {expected}, got {response.status_code}")

    assert not mismatches, f"GET {path}: " + "; ".join(mismatches)
