"""allauth's forms, where the portal needs more than its adapter can give."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """Sign-up that takes as long for an address that has an account as for a new one.

    With ACCOUNT_PREVENT_ENUMERATION allauth answers both the same way (a code is sent), but a new address costs
    a password hash (`set_password`, about a second with the production hasher) and a known one did not: the
    answer's time told whether someone has an account (190 ms against 1,573 ms). The known address now hashes
    the submitted password too, and throws the hash away. The adapter has no hook on that path, hence the form.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
