"""Importing the corporation's homes from a spreadsheet (CSV or XLSX), with django-import-export.

Columns (the first row names them, in any order): `gebouw` (the building's name or its address slug),
`huisnummer`, and optionally `straat`, `postcode`, `vhe` (the corporation's unit number). A home is recognised by
building and number, so importing the same list again changes nothing and a corrected list updates what changed.
No tenant names: the portal needs none (portal.models.Home).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from portal.models import BuildingPage, Home

POSTAL_CODE = re.compile(r"^\d{4}\s?[A-Z]{2}$")
FORMATS = {"csv": "csv", "xlsx": "xlsx"}
MAX_ROWS = 20_000


class BuildingWidget(widgets.ForeignKeyWidget):
    """A building by its name or its address slug, as staff would write it."""

    def __init__(self):
        super().__init__(BuildingPage, field="title")

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            raise ValueError(_("Het gebouw ontbreekt."))
        building = (
            BuildingPage.objects.filter(slug=name).first() or BuildingPage.objects.filter(title__iexact=name).first()
        )
        if building is None:
            raise ValueError(_("Gebouw '%(name)s' bestaat niet op de website.") % {"name": name})
        return building


class HomeResource(resources.ModelResource):
    building = fields.Field(attribute="building", column_name="gebouw", widget=BuildingWidget())
    number = fields.Field(attribute="number", column_name="huisnummer")
    street = fields.Field(attribute="street", column_name="straat")
    postal_code = fields.Field(attribute="postal_code", column_name="postcode")
    reference = fields.Field(attribute="reference", column_name="vhe")

    class Meta:
        model = Home
        fields = ("building", "number", "street", "postal_code", "reference")
        import_id_fields = ("building", "number")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        for column in ("huisnummer", "straat", "postcode", "vhe"):
            if column in row:
                row[column] = str(row[column] if row[column] is not None else "").strip()
        if row.get("huisnummer", "").endswith(".0"):  # a spreadsheet's number cell
            row["huisnummer"] = row["huisnummer"][:-2]
        if row.get("postcode"):
            row["postcode"] = row["postcode"].upper().replace(" ", "")
            row["postcode"] = f"{row['postcode'][:4]} {row['postcode'][4:]}"

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.number:
            raise ValidationError({"number": _("Het huisnummer ontbreekt.")})
        if instance.postal_code and not POSTAL_CODE.match(instance.postal_code):
            raise ValidationError({"postal_code": _("Dit is geen postcode zoals 3512 AB.")})


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)  # "Regel 4: …", for the person importing

    @property
    def ok(self) -> bool:
        return not self.problems


def homes_import(*, content: bytes, file_format: str, dry_run: bool) -> ImportSummary:
    """Read the file and import it (or, with `dry_run`, only say what would happen). Nothing is saved when a row
    has a problem: staff correct the file and try again."""
    if file_format not in FORMATS:
        return ImportSummary(problems=[_("Kies een CSV- of Excel-bestand (.csv of .xlsx).")])
    try:
        if file_format == "csv":
            dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            dataset = tablib.Dataset().load(content, format="xlsx")
    except Exception:  # any unreadable file gets the same answer
        return ImportSummary(problems=[_("Dit bestand kunnen wij niet lezen. Is het een CSV- of Excel-bestand?")])
    dataset.headers = [str(header or "").strip().lower() for header in (dataset.headers or [])]
    missing = [column for column in ("gebouw", "huisnummer") if column not in dataset.headers]
    if missing:
        return ImportSummary(
            problems=[
                _("De eerste regel moet de kolommen noemen; deze ontbreken: %(columns)s.")
                % {"columns": ", ".join(missing)}
            ]
        )
    if len(dataset) > MAX_ROWS:
        return ImportSummary(problems=[_("Te veel regels: hoogstens %(count)s per bestand.") % {"count": MAX_ROWS}])
    result = HomeResource().import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )
    summary = ImportSummary(new=result.totals["new"], updated=result.totals["update"], unchanged=result.totals["skip"])
    for row in result.invalid_rows:
        for field_name, messages in row.error_dict.items():
            label = {"number": _("huisnummer"), "postal_code": _("postcode"), "building": _("gebouw")}.get(
                field_name, field_name
            )
            summary.problems.extend(
                _("Regel %(row)s, %(field)s: %(message)s") % {"row": row.number + 1, "field": label, "message": message}
                for message in messages
            )
    for number, errors in result.row_errors():
        summary.problems.extend(
            _("Regel %(row)s: %(message)s") % {"row": number + 1, "message": _error_text(error.error)}
            for error in errors
        )
    summary.problems.extend(str(error.error) for error in result.base_errors)
    return summary


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
