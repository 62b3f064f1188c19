"""The authentication backends: Django's and allauth's, reading a logged-in person's account with its caretaker
(a reverse one-to-one, so one join) in the one query every request makes for the user.

Whether someone is a caretaker is asked on most pages they see (`portal.permissions.caretaker_of`: the menu, my
page's inbox, the message routing); fetched along with the account it costs no query of its own. allauth signs
in through its backend and `force_login`/the admin through Django's, and a session keeps the path of the one it
used, so both are here under their own names.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class _UserWithCaretaker:
    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("caretaker").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithCaretaker, DjangoModelBackend):
    """Django's ModelBackend (log-in by e-mail address and password, `force_login`)."""


class AuthenticationBackend(_UserWithCaretaker, AllauthBackend):
    """allauth's backend (its log-in forms, log-in by code)."""
