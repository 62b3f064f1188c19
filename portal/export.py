"""Downloads of a table for staff and committees: CSV that opens correctly in Dutch Excel, and XLSX.

Dutch Excel reads a CSV as Windows-1252 with `;` between cells unless told otherwise: the file starts with a
UTF-8 byte order mark (so é, ë and € survive) and uses `;`. A cell that starts with = + - @ (or a tab or carriage
return) would be run as a formula by a spreadsheet; such text gets a leading ' so it is shown as typed
(OWASP "CSV injection"). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_neutralise(value):
    """Text that a spreadsheet would read as a formula, prefixed with '; other values as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_content(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell_neutralise(value) for value in headers])
    for row in rows:
        writer.writerow([cell_neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download: UTF-8 with BOM, `;` between cells, formulas neutralised."""
    response = HttpResponse(csv_content(headers, rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def xlsx_content(headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "") -> bytes:
    import tablib

    dataset = tablib.Dataset(headers=[cell_neutralise(value) for value in headers], title=(sheet_title or "Blad1")[:31])
    for row in rows:
        dataset.append([cell_neutralise(value) for value in row])
    return dataset.export("xlsx")


def xlsx_response(filename: str, headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "") -> HttpResponse:
    """An Excel download (.xlsx); text that looks like a formula is stored as text with a leading '."""
    response = HttpResponse(xlsx_content(headers, rows, sheet_title=sheet_title), content_type=XLSX_TYPE)
    return _attachment(response, filename)
