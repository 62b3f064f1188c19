"""Staff manage the homes in the admin: import the corporation's list, print the activation letters, mark a move."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import permissions, services
from portal.factories import HomeFactory, ResidencyFactory, UserFactory
from portal.models import Home, Residency

pytestmark = pytest.mark.django_db

CSV = "gebouw,huisnummer,straat,postcode,vhe\nDe Linde,1,Lindelaan,3512ab,VHE-1\nde-linde,2,,3512 AB,VHE-2\n"


@pytest.fixture
def staff(client, moderator):
    client.force_login(moderator)
    return client


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_an_import_shows_what_would_change_and_saves_only_when_confirmed(staff, building):
    preview = staff.post("/admin/woningen/importeren/", {"file": upload("woningen.csv", CSV.encode())})

    assert "Dit bestand geeft 2 nieuwe woningen, 0 bijgewerkt en 0 ongewijzigd." in preview.text
    assert not Home.objects.exists()

    done = staff.post("/admin/woningen/importeren/", {"pending": preview.context["pending"]}, follow=True)

    assert "Woningen ingelezen: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in done.text
    assert sorted(Home.objects.values_list("number", "postal_code", "reference")) == [
        ("1", "3512 AB", "VHE-1"),
        ("2", "3512 AB", "VHE-2"),
    ]
    again = staff.post("/admin/woningen/importeren/", {"file": upload("woningen.csv", CSV.encode())})
    assert "0 nieuwe woningen, 0 bijgewerkt en 2 ongewijzigd" in again.text


def test_an_excel_list_imports_too(staff, building):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Gebouw", "Huisnummer"])
    sheet.append(["De Linde", 14])
    content = io.BytesIO()
    book.save(content)

    preview = staff.post("/admin/woningen/importeren/", {"file": upload("woningen.xlsx", content.getvalue())})
    staff.post("/admin/woningen/importeren/", {"pending": preview.context["pending"]})

    assert list(Home.objects.values_list("number", flat=True)) == ["14"]


def test_a_list_with_problems_saves_nothing_and_names_each_line(staff, building):
    bad = "gebouw,huisnummer,postcode\nDe Linde,1,3512AB\nBestaat Niet,2,\nDe Linde,,\nDe Linde,4,12345\n"

    response = staff.post("/admin/woningen/importeren/", {"file": upload("woningen.csv", bad.encode())})

    assert "Er is niets opgeslagen." in response.text
    assert "Regel 3: Gebouw &#x27;Bestaat Niet&#x27; bestaat niet op de website." in response.text
    assert "Regel 4, huisnummer: Het huisnummer ontbreekt." in response.text
    assert "Regel 5, postcode: Dit is geen postcode zoals 3512 AB." in response.text
    assert response.context["pending"] == ""
    assert not Home.objects.exists()


def test_a_file_that_is_not_a_list_is_refused_in_dutch(staff, building):
    response = staff.post("/admin/woningen/importeren/", {"file": upload("foto.jpg", b"\xff\xd8\xff")})

    assert "Kies een CSV- of Excel-bestand (.csv of .xlsx)." in response.text


def test_the_letters_carry_a_code_that_works_and_skip_homes_with_a_verified_resident(staff, building, resident):
    empty = HomeFactory(building=building, number="14")
    occupied = Home.objects.get(building=building, number="12")  # Truus lives there

    response = staff.post("/admin/woningen/brieven/", {"gebouw": building.pk})

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="activeringsbrieven.pdf"'
    codes = re.findall(rb"\(([A-Z2-8]{4}-[A-Z2-8]{4}-[A-Z2-8]{2})\) Tj", response.content)
    assert len(codes) == 1  # one letter: number 14
    occupied.refresh_from_db()
    assert occupied.code_digest == ""
    newcomer = UserFactory()
    residency = services.residency_activate(user=newcomer, code=codes[0].decode())
    assert residency.home == empty
    assert b"/mijn/woning/" in response.content  # the address, for who types it instead of scanning


def test_moving_out_ends_the_link(staff, building, resident):
    home = Home.objects.get(building=building, number="12")

    page = staff.get(f"/admin/woningen/{home.pk}/verhuisd/")
    assert "is 1 bewoner bevestigd" in page.text
    response = staff.post(f"/admin/woningen/{home.pk}/verhuisd/", follow=True)

    assert "1 bewoner(s) losgekoppeld" in response.text
    assert not Residency.objects.filter(ended_at__isnull=True).exists()
    resident.__dict__.pop("_verified_home_cache", None)
    assert not permissions.is_verified_resident(resident)


def test_the_list_shows_which_homes_have_a_verified_resident_in_a_fixed_number_of_queries(
    staff, building, django_assert_max_num_queries
):
    for number in range(1, 31):
        home = HomeFactory(building=building, number=str(number))
        if number % 2:
            ResidencyFactory(home=home)

    with django_assert_max_num_queries(QUERIES_FOR_THE_LIST):
        response = staff.get("/admin/woningen/")

    cells = re.findall(r"<td[^>]*>\s*(ja|nee)\s*</td>", response.text)
    assert cells.count("ja") == 15
    assert cells.count("nee") == 15


QUERIES_FOR_THE_LIST = 20  # the same for 30 homes as for 3: the residents are one annotation, not a query per row
