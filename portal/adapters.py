"""django-allauth glue."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import InterfaceError, OperationalError

from portal import services
from portal.display import COOKIE_NAME as DISPLAY_COOKIE
from portal.display import Display
from portal.models import ResidentProfile


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request, **credentials):
        """A log-in attempt that failed because the database was away is not a wrong password.

        allauth counts the attempt against the "login_failed" limit (five per account per five minutes) before
        it asks the database, and takes it back only when the log-in succeeds. If the database does not answer,
        the attempt is taken back here too, so people who kept trying during an outage can log in at once
        when it is over. The error itself goes on (the visitor sees the 503 page; portal.errors).
        """
        try:
            return super().authenticate(request, **credentials)
        except (OperationalError, InterfaceError):
            self._rollback_login_failed_rl_usage()
            raise

    def is_reauthentication_required(self, *, app, **kwargs):
        """No second question for the password typed a moment ago, when the first second factor is added.

        allauth asks again before changes to the second factor unless the person *re*-authenticated recently,
        so a member of staff sent from the log-in to set up the authenticator app would type the same password
        twice. Adding the first factor only protects the account more: within ACCOUNT_REAUTHENTICATION_TIMEOUT
        of logging in it is not asked. Everything else (removing a factor, deleting the account) still asks."""
        from allauth.core import context

        from portal.second_factor import may_add_first_factor_without_asking

        request = context.request or self.request
        if app == "allauth.mfa" and request is not None and may_add_first_factor_without_asking(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def post_login(self, request, user, **kwargs):
        """Keep the display and language choices made on this device before logging in (and store them on the
        profile); where none was made here, bring back those stored on the profile."""
        response = super().post_login(request, user, **kwargs)
        profile = ResidentProfile.objects.filter(user=user).first()
        if profile is None:
            return response  # the cookies of this device stay as they are
        if DISPLAY_COOKIE in request.COOKIES:
            display = Display.from_request(request)
            if (profile.larger_text, profile.high_contrast) != (display.larger_text, display.high_contrast):
                services.display_preferences_save(
                    user=user, larger_text=display.larger_text, high_contrast=display.high_contrast
                )
        else:
            Display(larger_text=profile.larger_text, high_contrast=profile.high_contrast).set_cookie(response)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            if profile.language != chosen:
                services.resident_profile_language_set(user=user, language=chosen)
        else:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                profile.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
