"""Downloads of a table for staff and committees: CSV that opens correctly in Dutch Excel, and XLSX.

Dutch Excel reads a CSV as Windows-1252 with `;` between cells unless told otherwise: the file starts with a
UTF-8 byte order mark (so é, ë and € survive) and uses `;`; a number with decimals has a decimal comma (2,5) and
a date is written as Dutch Excel reads one (04-12-2026, 04-12-2026 14:30). In XLSX numbers, dates and times are
real numbers, dates and times (in local time), so staff can sort, sum and filter them. A cell that starts with
= + - @ (or a tab or carriage return) would be run as a formula by a spreadsheet; such text gets a leading ' so
it is shown as typed (OWASP "CSV injection"). Numbers stay numbers.

`csv_response` and `xlsx_response` write a table given as headers and rows; `DutchSpreadsheetExportMixin` makes
Wagtail's own export (`SpreadsheetExportMixin`: ReportView, a ModelViewSet's IndexView) write the same files.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from portal.localtime import local_tz

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# How Dutch Excel shows and reads dates; also the number formats of the XLSX cells.
CSV_DATE = "%d-%m-%Y"
CSV_DATETIME = "%d-%m-%Y %H:%M"
CSV_TIME = "%H:%M"
XLSX_DATE = "dd-mm-yyyy"
XLSX_DATETIME = "dd-mm-yyyy hh:mm"
XLSX_TIME = "hh:mm"
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


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


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware date and time as the wall-clock time in the Netherlands, without a zone (spreadsheets know none)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, local_tz())
    return value.replace(tzinfo=None)


def csv_cell(value) -> str:
    """One value as Dutch Excel reads it from a CSV: decimal comma, Dutch dates, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        return format(value, "f" if isinstance(value, Decimal) else "").replace(".", ",")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(CSV_DATETIME)
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE)
    if isinstance(value, datetime.time):
        return value.strftime(CSV_TIME)
    return cell_neutralise(str(value))


def xlsx_cell(value):
    """One value for an XLSX cell: numbers, dates and times as themselves (local time), text neutralised."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, datetime.date | datetime.time):
        return value
    return cell_neutralise(str(value))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class _Line:
    """The file-like object `csv.writer` writes one line to, which it then returns."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence, rows: Iterable[Sequence]) -> Iterable[str]:
    """The lines of the CSV file, the first one starting with the byte order mark."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([csv_cell(value) for value in headers])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_content(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download: UTF-8 with BOM, `;` between cells, decimal comma, Dutch dates, formulas neutralised."""
    response = HttpResponse(csv_content(headers, rows), content_type=CSV_TYPE)
    return _attachment(response, filename)


def sheet_title(title) -> str:
    """A worksheet's name as Excel allows it: at most 31 characters, none of []:*?/\\."""
    return " ".join(str(title or "").translate(SHEET_TITLE_FORBIDDEN).split())[:31].strip() or "Blad1"


def xlsx_write(output, headers: Sequence, rows: Iterable[Sequence], *, title: str = "") -> None:
    """Write a workbook of one sheet: a bold heading row that stays in view, real numbers and dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet_title(title))
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cells(values, *, heading=False):
        for value in values:
            cell = WriteOnlyCell(worksheet, xlsx_cell(value))
            if cell.data_type == "f":  # openpyxl reads a leading = as a formula: it is text here
                cell.data_type = "s"
            if heading:
                cell.font = bold
            elif isinstance(value, datetime.datetime):
                cell.number_format = XLSX_DATETIME
            elif isinstance(value, datetime.date):
                cell.number_format = XLSX_DATE
            elif isinstance(value, datetime.time):
                cell.number_format = XLSX_TIME
            yield cell

    worksheet.append(list(cells(headers, heading=True)))
    for row in rows:
        worksheet.append(list(cells(row)))
    workbook.save(output)


def xlsx_content(headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "") -> bytes:
    output = io.BytesIO()
    xlsx_write(output, headers, rows, title=sheet_title)
    return output.getvalue()


def xlsx_response(filename: str, headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "") -> HttpResponse:
    """An Excel download (.xlsx); text that looks like a formula is stored as text with a leading '."""
    response = HttpResponse(xlsx_content(headers, rows, sheet_title=sheet_title), content_type=XLSX_TYPE)
    return _attachment(response, filename)


class DutchSpreadsheetExportMixin:
    """Put before a Wagtail view with `SpreadsheetExportMixin` (a `ReportView`, a viewset's `IndexView`): its
    "Download CSV" and "Download XLSX" give the files described at the top of this module.

    Wagtail decides what is exported (`list_export`, `export_headings`, `custom_field_preprocess`, the
    filters); this mixin only changes how values are written (Wagtail writes a date and time in UTC, a
    decimal with a point, `,` between cells, no byte order mark and text as is): `preprocess_field_value`
    keeps a value as it is (after a field's own `custom_field_preprocess`), for `csv_cell` and `xlsx_cell`;
    `stream_csv` and `write_xlsx` write the files with the same functions as `csv_response` and
    `xlsx_response`.
    """

    def get_sheet_title(self) -> str:
        return str(getattr(self, "page_title", "") or "")

    def preprocess_field_value(self, field, value, export_format):
        field_preprocess = self.custom_field_preprocess.get(field, {})
        if export_format in field_preprocess and field_preprocess[export_format] is not None:
            value = field_preprocess[export_format](value)
        elif isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        return value  # written by csv_cell or xlsx_cell

    def stream_csv(self, queryset):
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        return (line.encode("utf-8") for line in csv_lines(headings, rows))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type=CSV_TYPE)
        return _attachment(response, f"{self.get_filename()}.csv")

    def write_xlsx(self, queryset, output):
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_XLSX)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        xlsx_write(output, headings, rows, title=self.get_sheet_title())

    def write_xlsx_response(self, queryset):
        response = super().write_xlsx_response(queryset)
        response["Cache-Control"] = "no-store"
        return response
