"""Open a downloaded table as staff do: the CSV as Dutch Excel reads it (`;`, UTF-8 with BOM), the XLSX in openpyxl."""

from __future__ import annotations

import csv
import io

import openpyxl


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download; fails unless it starts with the byte order mark Dutch Excel needs."""
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark: Dutch Excel would read Windows-1252"
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def csv_dicts(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_sheet(response):
    """The first worksheet of an XLSX download (cells with their types and number formats)."""
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


def xlsx_dicts(response) -> list[dict[str, openpyxl.cell.Cell]]:
    """Each row of the sheet as {heading: cell}."""
    header, *rows = list(xlsx_sheet(response).iter_rows())
    return [{h.value: cell for h, cell in zip(header, row, strict=True)} for row in rows]
