"""Downloads of a table: CSV that Dutch Excel opens as it should, and XLSX; nothing a spreadsheet would run."""

import csv
import io

import openpyxl

from portal.export import cell_neutralise, csv_response, xlsx_response


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
