"""The code printed on a home's paper ballot: who typed it in knows which home answered, nobody can make one up.

A code is derived (HMAC with the SECRET_KEY) from the consultation and the home, so it is never stored; it is
eight characters from the homes' alphabet without look-alikes (`portal.home_codes`), printed as `KQ7M-4TXR`.
A code of another consultation, or a typing mistake, finds no home.
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

from portal.home_codes import ALPHABET, code_normalise

LENGTH = 8
_SALT = "consultations.ballot_codes"


def ballot_code(*, consultation_id: int, home_id: int) -> str:
    digest = salted_hmac(_SALT, f"{consultation_id}:{home_id}", algorithm="sha256").digest()
    characters = "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:LENGTH])
    return f"{characters[:4]}-{characters[4:]}"


def ballot_code_matches(typed: str, *, consultation_id: int, home_id: int) -> bool:
    expected = code_normalise(ballot_code(consultation_id=consultation_id, home_id=home_id))
    return constant_time_compare(code_normalise(typed), expected)
