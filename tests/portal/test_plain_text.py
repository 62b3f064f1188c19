"""Short fields of public forms hold one line of plain text; e-mail addresses are counted per mailbox."""

import pytest

from activities.forms import SignupForOtherForm
from committees.forms import CaretakerMessageForm
from portal.forms import ProfileForm
from portal.mail import email_canonical
from portal.models import User
from portal.validators import is_plain_text

PLAIN = [
    "Marijke Smit",
    "J.R.R. Tolkien",
    "Jan v.d. Berg",
    "A. de Vries-Öztürk",
    "Mw.de Jong",
    "Truus van nummer 12",
    "St.-Jansstraat 12",
    "06-12345678",
    "3B",
]
NOT_PLAIN = [
    "Jan\nUw huurtoeslag is geblokkeerd",
    "Jan\r\nx",
    "Jan\u2028x",
    "https://toeslag.example",
    "ftp://x",
    "www.toeslag",
    "bit.ly/x",
    "t.co/abc",
    "bit\u3002ly/x",
    "example.com",
    "TOESLAG.NL",
    "login.mijn-toeslag.nl",
    "kijk op evil.nl.",
    "192.168.1.1",
    "jan@example.net",
]


@pytest.mark.parametrize("value", PLAIN)
def test_names_numbers_and_abbreviations_are_plain_text(value):
    assert is_plain_text(value)


@pytest.mark.parametrize("value", NOT_PLAIN)
def test_line_breaks_internet_addresses_and_email_addresses_are_not(value):
    assert not is_plain_text(value)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            lambda data: SignupForOtherForm(data, residents=User.objects.none()),
            "neighbour_name",
            "Vul alleen een naam in, zonder internetadres of e-mailadres.",
        ),
        (
            lambda data: SignupForOtherForm(data, residents=User.objects.none()),
            "neighbour_phone",
            "Vul alleen een telefoonnummer in, bijvoorbeeld 06 12345678.",
        ),
        (
            lambda data: SignupForOtherForm(data, residents=User.objects.none()),
            "neighbour_apartment",
            "Vul alleen een huisnummer in, bijvoorbeeld 12 of 3B.",
        ),
        (
            CaretakerMessageForm,
            "subject",
            "Vul alleen een korte titel in, zonder internetadres of e-mailadres.",
        ),
        (ProfileForm, "apartment_number", "Vul alleen een huisnummer in, bijvoorbeeld 12 of 3B."),
    ],
    ids=["neighbour-name", "neighbour-phone", "neighbour-apartment", "caretaker-subject", "profile-apartment"],
)
@pytest.mark.django_db
def test_short_fields_of_resident_forms_refuse_links_with_a_dutch_message(form, field, message):
    bound = form({field: "Zie www.toeslag-herstel.com\nof mail hulp@example.net"})

    assert not bound.is_valid()
    assert message in bound.errors[field]


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("a+1@x.nl", "a@x.nl"),
        (" A+2@X.nl ", "a@x.nl"),
        ("a.b@x.nl", "a.b@x.nl"),  # dots count at most providers
        ("j.a.n@gmail.com", "jan@gmail.com"),
        ("jan@googlemail.com", "jan@gmail.com"),
        ("J.an+tour@GoogleMail.com", "jan@gmail.com"),
        ("geen-adres", "geen-adres"),
    ],
)
def test_an_address_is_counted_by_the_mailbox_it_reaches(address, mailbox):
    assert email_canonical(address) == mailbox
