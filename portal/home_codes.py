"""Activation codes of homes: made, written and recognised; never stored (only a keyed digest is).

A code is ten characters from an alphabet without look-alikes (no I, L, O, 0, 1), printed in groups as
`KQ7M-4TXR-9C`. People may type it with spaces, dashes or in small letters; `code_normalise` takes that away.
Ten characters from 30 give 30**10 ≈ 5.9 × 10^14 codes: with at most `PORTAL_HOME_CODE_TRIES_PER_HOUR` wrong
tries per account, guessing one is hopeless (tests/portal/test_homes.py computes it).
"""

from __future__ import annotations

import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ2345678"  # 23 letters and 7 digits; no I, L, O, 0, 1, 9 (looks like g)
LENGTH = 10
GROUPS = (4, 4, 2)
_SALT = "portal.home_codes"


def code_make() -> str:
    """A new code, as it is printed."""
    return code_format("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def code_normalise(typed: str) -> str:
    """What was typed, without spaces and dashes, in capitals."""
    return "".join(character for character in typed.upper() if character.isalnum())


def code_format(code: str) -> str:
    """`KQ7M4TXR9C` as it is printed: `KQ7M-4TXR-9C`."""
    code = code_normalise(code)
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(part for part in parts if part)


def code_digest(code: str) -> str:
    """The keyed digest stored for a code (HMAC with the SECRET_KEY): recognisable, not reversible."""
    return salted_hmac(_SALT, code_normalise(code), algorithm="sha256").hexdigest()


def code_looks_valid(typed: str) -> bool:
    code = code_normalise(typed)
    return len(code) == LENGTH and all(character in ALPHABET for character in code)
