"""The staff side of a consultation, in the admin: the printed ballots per home, the results as a spreadsheet after
closing, the homes that answered twice and the homes to take into account (staff only)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from django.utils.formats import date_format

from consultations import ballots, services
from consultations.codes import ballot_code
from consultations.models import (
    BallotChannel,
    ConsultationKind,
    ConsultationPage,
    ConsultationQuestion,
    QuestionKind,
)
from portal.factories import HomeFactory

pytestmark = pytest.mark.django_db


def consultation_make(committee, *, kind=ConsultationKind.POLL, questions=None, title="De tuin"):
    today = timezone.localdate()
    page = committee.add_child(
        instance=ConsultationPage(
            title=title,
            kind=kind,
            intro="Wat wilt u in de tuin?",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=10),
        )
    )
    questions = questions or [
        ("Een bankje bij de ingang?", QuestionKind.YES_NO, ""),
        ("Welke planten?", QuestionKind.SEVERAL, "Rozen\nLavendel\nBuxus"),
    ]
    for order, (text, question_kind, choices) in enumerate(questions):
        ConsultationQuestion.objects.create(page=page, sort_order=order, text=text, kind=question_kind, choices=choices)
    return page


def close(page):
    page.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    page.save_revision().publish()


@pytest.fixture
def poll(committee):
    return consultation_make(committee)


@pytest.fixture
def renovation(committee):
    return consultation_make(
        committee,
        kind=ConsultationKind.RENOVATION,
        title="Nieuwe keukens",
        questions=[
            ("Bent u voor het renovatievoorstel?", QuestionKind.FOR_AGAINST, ""),
            ("Moeten wij straks met u rekening houden?", QuestionKind.READINESS, ""),
        ],
    )


def pdf_lines(content: bytes) -> list[str]:
    """The lines drawn on the pages (the PDF is written uncompressed, as the activation letters are)."""
    parts = re.findall(rb"\((.*?)\) Tj", content)
    unescaped = (re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), part) for part in parts)
    return [part.decode("cp1252") for part in unescaped]


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_lines(content))


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", content))


def answer(page, home, values, *, by, channel=BallotChannel.PAPER):
    questions = list(page.questions.all())
    return services.ballot_submit(
        consultation=page,
        home=home,
        answers={question.pk: [value] for question, value in zip(questions, values, strict=False) if value},
        channel=channel,
        by=by,
    )


# --- The printed ballot ---


def qr_codes_per_page(content: bytes) -> list[list[str]]:
    """What a phone reads from each page's QR code: every page drawn as an image (pdfium), then decoded (zxing)."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(content)
    return [[code.text for code in zxingcpp.read_barcodes(page.render(scale=2).to_pil())] for page in document]


def test_the_ballots_have_one_page_per_home_with_its_code_and_qr_code(poll, building, settings):
    homes = [HomeFactory(building=building, number=str(n)) for n in (3, 5, 7)]

    content = ballots.ballots_pdf(consultation=poll, homes=ballots.ballot_homes(consultation=poll))

    text = pdf_text(content)
    assert pdf_pages(content) == 3
    read = qr_codes_per_page(content)
    for page_number, home in enumerate(homes):
        code = ballot_code(consultation_id=poll.pk, home_id=home.pk)
        assert code in text
        assert home.address in text
        assert read[page_number] == [f"http://testserver/raadpleging/{poll.pk}/?code={code}"], "this home's own page"
    assert "De tuin" in text
    assert "Een bankje bij de ingang?" in text
    assert "Lavendel" in text
    assert "meer vakjes aankruisen" in text
    assert "het laatst is ingeleverd" in text
    lines = pdf_lines(content)
    # The corporation's number, never broken over two lines.
    assert any(settings.PORTAL_CORPORATION_PHONE in line for line in lines)
    assert "Bewonerscommissie De Linde" in text  # where to hand it in
    assert any(date_format(poll.closes_on, "l j F Y") in line for line in lines)  # the closing date, in words


def test_the_qr_address_opens_the_online_answer_for_that_home(client, poll, building):
    home = HomeFactory(building=building, number="9")
    url = ballots.ballot_url(poll, home)

    short = client.get(url.removeprefix("http://testserver"))
    entered = client.get(short["Location"])

    assert entered["Location"].endswith(poll.url + "antwoorden/")
    assert client.get(poll.url + "antwoorden/").context["home"] == home


def test_a_long_consultation_continues_on_a_second_sheet_with_the_code(committee, building):
    page = consultation_make(
        committee, questions=[(f"Vraag {n}: vindt u dit goed?", QuestionKind.YES_NO, "") for n in range(12)]
    )
    home = HomeFactory(building=building, number="3")

    content = ballots.ballots_pdf(consultation=page, homes=[home])

    assert pdf_pages(content) >= 2
    assert pdf_text(content).count(ballot_code(consultation_id=page.pk, home_id=home.pk)) >= 2


def test_the_committee_downloads_the_ballots_of_its_building_from_the_admin(client, poll, member, building):
    HomeFactory(building=building, number="3")
    HomeFactory(building=building, number="5")
    client.force_login(member)

    overview = client.get(f"/admin/raadplegingen/{poll.pk}/")
    response = client.get(f"/admin/raadplegingen/{poll.pk}/formulieren/?gebouw={building.pk}")

    assert overview.status_code == 200
    assert f"/admin/raadplegingen/{poll.pk}/formulieren/?gebouw={building.pk}" in overview.text
    assert "Woningen die twee keer antwoordden" not in overview.text  # staff only
    assert response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == 2


def test_ballots_of_a_building_not_asked_are_not_there(client, poll, moderator, other_building):
    client.force_login(moderator)

    assert client.get(f"/admin/raadplegingen/{poll.pk}/formulieren/?gebouw={other_building.pk}").status_code == 404
    assert client.get(f"/admin/raadplegingen/{poll.pk}/formulieren/?gebouw=x").status_code == 404


def test_another_committee_finds_nothing(client, poll, platform_member):
    client.force_login(platform_member)

    for path in ("", "formulieren/", "dubbel/", "rekening-houden/", "uitslag.csv", "uitslag.xlsx"):
        assert client.get(f"/admin/raadplegingen/{poll.pk}/{path}").status_code == 404, path


def test_the_button_on_the_page_in_the_admin_leads_there(client, poll, member, moderator):
    for user in (member, moderator):
        client.force_login(user)
        edit = client.get(f"/admin/pages/{poll.pk}/edit/")
        listing = client.get(f"/admin/pages/{poll.get_parent().pk}/")

        assert f"/admin/raadplegingen/{poll.pk}/" in edit.text
        assert f"/admin/raadplegingen/{poll.pk}/" in listing.text


# --- The results as a spreadsheet ---


def test_the_results_download_only_after_closing(client, poll, member):
    client.force_login(member)

    response = client.get(f"/admin/raadplegingen/{poll.pk}/uitslag.csv", follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/raadplegingen/{poll.pk}/"
    assert "De uitslag kunt u downloaden na sluiting" in response.text


def test_the_results_csv_opens_in_dutch_excel(client, poll, member, building):
    for n in range(6):
        answer(poll, HomeFactory(building=building, number=str(100 + n)), ["ja" if n < 4 else "nee"], by=member)
    close(poll)
    client.force_login(member)

    response = client.get(f"/admin/raadplegingen/{poll.pk}/uitslag.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="uitslag-' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Gebouw", "Woningen", "Woningen die antwoordden", "Respons (%)"]
    yes = next(row for row in rows if row[4] == "Een bankje bij de ingang?" and row[5] == "Ja")
    assert yes[0] == building.title
    assert (yes[2], yes[6], yes[7]) == ("6", "4", "67")


def test_the_results_xlsx_has_the_same_rows(client, poll, moderator, member, building):
    for n in range(6):
        answer(poll, HomeFactory(building=building, number=str(100 + n)), ["ja"], by=member)
    close(poll)
    client.force_login(moderator)

    response = client.get(f"/admin/raadplegingen/{poll.pk}/uitslag.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Gebouw"
    assert [building.title, 6, 6, 100, "Een bankje bij de ingang?", "Ja", 6, 100] in [row[:8] for row in rows]


def test_the_results_withhold_detail_below_five_homes(client, poll, member, building):
    for n in range(3):
        answer(poll, HomeFactory(building=building, number=str(100 + n)), ["ja"], by=member)
    close(poll)
    client.force_login(member)

    text = client.get(f"/admin/raadplegingen/{poll.pk}/uitslag.csv").content.decode("utf-8-sig")

    assert "Een bankje bij de ingang?" not in text
    assert "Minder dan vijf woningen antwoordden" in text


def test_a_text_that_looks_like_a_formula_is_neutralised(client, committee, member, building):
    page = consultation_make(committee, questions=[('=HYPERLINK("x")', QuestionKind.ONE, "+1\n@ja\n-nee")])
    for n in range(5):
        answer(page, HomeFactory(building=building, number=str(100 + n)), ["+1"], by=member)
    close(page)
    client.force_login(member)

    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/admin/raadplegingen/{page.pk}/uitslag.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )

    assert {row[4] for row in rows[1:]} == {'\'=HYPERLINK("x")'}
    assert [row[5] for row in rows[1:]] == ["'+1", "'@ja", "'-nee"]


def test_the_renovation_results_carry_the_threshold(client, renovation, member, building):
    for n in range(5):
        answer(renovation, HomeFactory(building=building, number=str(100 + n)), ["voor", "nee"], by=member)
    HomeFactory(building=building, number="200")  # did not answer: counts as not for
    close(renovation)
    client.force_login(member)

    text = client.get(f"/admin/raadplegingen/{renovation.pk}/uitslag.csv").content.decode("utf-8-sig")

    assert "Drempel: 70 % van alle woningen voor;gehaald;5;83" in text
    assert "rekening houden" not in text  # the readiness answers are for staff only


# --- Staff only: the homes that answered twice, the homes to take into account ---


def test_staff_see_which_homes_answered_twice_and_which_answer_counted(
    client, poll, member, moderator, resident, building
):
    from portal.permissions import verified_home_of

    home = verified_home_of(resident)
    answer(poll, home, ["ja"], by=resident, channel=BallotChannel.ONLINE)
    answer(poll, home, ["nee"], by=member, channel=BallotChannel.PAPER)

    client.force_login(member)
    assert client.get(f"/admin/raadplegingen/{poll.pk}/dubbel/").status_code == 404
    client.force_login(moderator)
    response = client.get(f"/admin/raadplegingen/{poll.pk}/dubbel/")

    assert str(home) in response.text
    assert "online" in response.text
    assert "op papier" in response.text
    assert "nee, anders" in response.text


def test_only_staff_see_the_homes_to_take_into_account(client, renovation, member, moderator, building):
    home = HomeFactory(building=building, number="21")
    answer(renovation, home, ["voor", "ja_bellen"], by=member)
    answer(renovation, HomeFactory(building=building, number="23"), ["tegen", "nee"], by=member)

    client.force_login(member)
    assert client.get(f"/admin/raadplegingen/{renovation.pk}/rekening-houden/").status_code == 404
    assert "rekening-houden" not in client.get(f"/admin/raadplegingen/{renovation.pk}/").text
    client.force_login(moderator)
    page = client.get(f"/admin/raadplegingen/{renovation.pk}/rekening-houden/")
    export = client.get(f"/admin/raadplegingen/{renovation.pk}/rekening-houden/?export=csv")

    assert str(home) in page.text
    assert "Ja, bel mij" in page.text
    assert "23" not in page.text.split("<tbody>")[1].split("</tbody>")[0]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == [building.title, home.address]
    assert rows[1][3] == "Ja, bel mij"


def test_too_many_homes_for_one_file_asks_for_a_building(client, poll, moderator, building, monkeypatch):
    monkeypatch.setattr(ballots, "MAX_HOMES_PER_FILE", 1)
    HomeFactory(building=building, number="3")
    HomeFactory(building=building, number="5")
    client.force_login(moderator)

    response = client.get(f"/admin/raadplegingen/{poll.pk}/formulieren/", follow=True)

    assert "Kies een gebouw" in response.text
    assert client.get(f"/admin/raadplegingen/{poll.pk}/formulieren/?gebouw={building.pk}")["Content-Type"] == (
        "application/pdf"
    )
