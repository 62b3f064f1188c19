"""Downloads of a table: CSV that Dutch Excel opens as it should, and XLSX; nothing a spreadsheet would run."""

import csv
import io
from datetime import UTC, date, datetime, time
from decimal import Decimal

import openpyxl

from portal.export import cell_neutralise, csv_content, csv_response, sheet_title, xlsx_response


def test_the_csv_has_a_bom_semicolons_and_no_formulas():
    response = csv_response("lijst.csv", ["Naam", "Aantal"], [["Café de Linde; zaal", 3], ["=1+1", -2], ["@SOM", None]])

    assert response["Content-Disposition"] == 'attachment; filename="lijst.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Naam;Aantal"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1:] == [["Café de Linde; zaal", "3"], ["'=1+1", "-2"], ["'@SOM", ""]]


def test_every_formula_start_is_neutralised_and_numbers_stay_numbers():
    assert [cell_neutralise(value) for value in ("=A1", "+31", "-x", "@x", "\tx", "\rx", "gewoon")] == [
        "'=A1",
        "'+31",
        "'-x",
        "'@x",
        "'\tx",
        "'\rx",
        "gewoon",
    ]
    assert cell_neutralise(-5) == -5
    assert cell_neutralise(2.5) == 2.5


def test_the_xlsx_keeps_numbers_and_neutralises_formulas():
    response = xlsx_response("lijst.xlsx", ["Naam", "Aantal"], [["=HYPERLINK(1)", 4]], sheet_title="Uitslag")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Uitslag"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Naam", "Aantal"], ["'=HYPERLINK(1)", 4]]
    assert response["Content-Disposition"] == 'attachment; filename="lijst.xlsx"'


def test_numbers_have_a_decimal_comma_and_dates_are_dutch_in_the_csv():
    moment = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)  # 14:30 in Amsterdam (summer time)
    row = [Decimal("2.5"), -1.25, Decimal("-3.0"), 7, date(2026, 12, 4), moment, time(9, 5)]

    rows = list(csv.reader(io.StringIO(csv_content(["a"] * 7, [row]).decode("utf-8-sig")), delimiter=";"))

    # A negative number is a number, not a formula: no leading '.
    assert rows[1] == ["2,5", "-1,25", "-3,0", "7", "04-12-2026", "01-07-2026 14:30", "09:05"]


def test_the_xlsx_has_real_dates_in_local_time_and_real_numbers():
    moment = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
    response = xlsx_response("lijst.xlsx", ["Dag", "Moment", "Uren"], [[date(2026, 12, 4), moment, Decimal("2.5")]])

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    day, when, hours = next(sheet.iter_rows(min_row=2))
    assert day.is_date
    assert day.value == datetime(2026, 12, 4)
    assert day.number_format == "dd-mm-yyyy"
    assert when.is_date
    assert when.value == datetime(2026, 1, 15, 10, 0)
    assert (hours.value, hours.data_type) == (2.5, "n")
    assert sheet["A1"].font.bold


def test_a_sheet_title_is_one_excel_allows():
    assert sheet_title("Rondleidingen: per maand [2026]") == "Rondleidingen per maand 2026"
    assert sheet_title("Huismeesteruren per gebouw, per week en per maand") == "Huismeesteruren per gebouw, per"
    assert sheet_title("") == "Blad1"
