"""Short free text that the portal passes on to others: a name, a phone number, a title.

Such a value is copied into e-mails the corporation sends, sometimes to an address anyone can type in (the tour
booking form). So a short field holds one line of plain text: no line breaks, no internet address (`https://…`,
`www.…`, `bit.ly/x`, `example.com`) and no e-mail address. Every public form's short fields use
`PlainTextValidator`; long fields (a message to the caretaker) stay free.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Top-level domains that mail programs turn into a link even without http:// or www. (with every two-letter
# country code, below); a bare `word.tld` with one of these is an internet address.
_COMMON_TLDS = (
    "com|net|org|info|biz|eu|xyz|online|site|top|app|shop|club|live|link|click|icu|vip|win|work|store|tech|"
    "website|space|fun|pro|mobi|name|gov|edu|int|asia|cloud|page|dev|digital|email|support|help|bank|money|"
    "amsterdam|frl|nu"
)
_NOT_PLAIN = re.compile(
    r"""
      [\x00-\x1f\x7f\x85\u2028\u2029]                      # a line break or other control character
    | @                                                   # an e-mail address
    | ://                                                 # https://, ftp://, …
    | \bwww\d*\.                                          # www.example
    | \b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/                   # a domain with a path: bit.ly/x, t.co/abc
    | \b\d{1,3}(?:\.\d{1,3}){3}\b                         # an IP address
    | \b[\w-]+\.(?:"""
    + _COMMON_TLDS
    + r""")\b                                             # example.com, toeslag.info
    | \b[\w-]{3,}\.[a-z]{2}\b                             # evil.nl, bit.ly (a country code; "mw.de Jong" passes)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Dots that browsers and mail programs read as a dot in an address.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def is_plain_text(value: str) -> bool:
    """True for one line of text without an internet address or an e-mail address."""
    text = unicodedata.normalize("NFKC", value or "").translate(_DOTS)
    return _NOT_PLAIN.search(text) is None


@deconstructible
class PlainTextValidator:
    """Refuses line breaks, internet addresses and e-mail addresses in a short field, with a Dutch message."""

    message = _("Vul alleen een naam in, zonder internetadres of e-mailadres.")
    code = "not_plain_text"

    def __init__(self, message=None):
        if message is not None:
            self.message = message

    def __call__(self, value):
        if not is_plain_text(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and self.message == other.message


validate_plain_name = PlainTextValidator()
validate_plain_phone = PlainTextValidator(_("Vul alleen een telefoonnummer in, bijvoorbeeld 06 12345678."))
validate_plain_title = PlainTextValidator(_("Vul alleen een korte titel in, zonder internetadres of e-mailadres."))
validate_plain_house_number = PlainTextValidator(_("Vul alleen een huisnummer in, bijvoorbeeld 12 of 3B."))
