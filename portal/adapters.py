"""django-allauth glue."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from portal.display import Display
from portal.models import ResidentProfile


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, **kwargs):
        """Bring back the display and language choices stored on the profile."""
        response = super().post_login(request, user, **kwargs)
        profile = ResidentProfile.objects.filter(user=user).first()
        if profile is not None:
            Display(larger_text=profile.larger_text, high_contrast=profile.high_contrast).set_cookie(response)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                profile.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
