"""Sign-up does the same work, and so takes the same time, for an address with an account and a new one.

Timing tests are not allowed here; the cost that differed is the password hash (about a second with the
production hasher), so the test counts the hashes instead."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from portal.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Zonnebloem-Tuin-1948"


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def _sign_up(client, email):
    return client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_a_known_and_a_new_address_cost_one_password_hash_each(client, resident, counting_hasher):
    known = _sign_up(client, resident.email)
    known_hashes = counting_hasher.calls
    counting_hasher.calls = 0
    client.logout()
    new = _sign_up(client, "nieuw@example.org")

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]  # the same answer: "we sent you a code"
    assert (known_hashes, counting_hasher.calls) == (1, 1)
    assert User.objects.filter(email="nieuw@example.org").exists()
    assert len(mail.outbox) == 2  # "you already have an account", and the new account's code
