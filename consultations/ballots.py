"""The printed ballot: one A4 per home, in large print, with the questions and a box to tick for each answer, the
home's address and personal code (`consultations.codes.ballot_code`), a QR code that opens the online answer with
the code filled in, the rule for a home that answers twice, and where and until when to hand it in (reportlab for
the PDF, segno for the QR code; the same way as the activation letter, `portal.letters`).

The code is derived from the consultation and the home, so printing again gives the same codes: nothing changes
in the database, and a ballot printed twice still counts once (the last one handed in).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from consultations.codes import ballot_code
from consultations.models import ConsultationPage
from portal.context_processors import corporation_contact
from portal.models import Home

BODY = 15  # points: large print for readers of 75 and older
LEADING = 21
TITLE = 22
BOX = 14  # the tick box, in points
MARGIN = 2 * cm
BOTTOM = 1.5 * cm
QR_SIZE = 4.5 * cm
# One file for every building asked, up to this many homes (the tenants' platform asks them all: per building then).
MAX_HOMES_PER_FILE = 500


def short_address(consultation: ConsultationPage) -> str:
    """The address printed for who types it in instead of scanning: the page asks for the code."""
    path = reverse("consultation_short", args=[consultation.pk])
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def ballot_url(consultation: ConsultationPage, home: Home) -> str:
    """The address in the QR code: the short address with the home's code, which `views.short_link` passes to
    the page that lets this browser answer for the home (`views.answer_with_code`)."""
    code = ballot_code(consultation_id=consultation.pk, home_id=home.pk)
    return f"{short_address(consultation)}?{urlencode({'code': code})}"


def ballot_homes(*, consultation: ConsultationPage, building=None):
    """The homes that get a ballot: of `building`, or of every building asked; in the order they are delivered."""
    from consultations.selectors import consultation_homes

    homes = consultation_homes(consultation=consultation).select_related("building")
    if building is not None:
        homes = homes.filter(building=building)
    return homes.order_by("building__title", "number")


def ballots_pdf(*, consultation: ConsultationPage, homes) -> bytes:
    """One A4 page per home (a long consultation continues on a second sheet, with the code on it again)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0)  # the text stays searchable
    canvas.setTitle(consultation.title)
    canvas.setAuthor(corporation_contact()["name"])
    questions = list(consultation.questions.all())
    committee = consultation.committee
    for home in homes:
        _Ballot(canvas, consultation, committee, questions, home).draw()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _unbroken(text: str) -> str:
    return text.replace(" ", "\u00a0")


class _Ballot:
    """One home's ballot, drawn from the top of the page down."""

    def __init__(self, canvas: Canvas, consultation, committee, questions, home: Home):
        self.canvas = canvas
        self.consultation = consultation
        self.committee = committee
        self.questions = questions
        self.home = home
        self.code = ballot_code(consultation_id=consultation.pk, home_id=home.pk)
        self.width, self.height = A4
        self.left = MARGIN
        self.right = self.width - MARGIN
        self.y = self.height - MARGIN

    # --- drawing helpers ---

    def line(self, text: str, *, size: int = BODY, font: str = "Helvetica", gap: float = LEADING, x=None) -> None:
        self.canvas.setFont(font, size)
        self.canvas.drawString(self.left if x is None else x, self.y, text)
        self.y -= gap

    def wrap(self, text: str, *, size: int, font: str, width: float) -> list[str]:
        lines, current = [], ""
        for word in text.split(" "):  # not at a non-breaking space: a date or phone number stays whole
            if not word:
                continue
            candidate = f"{current} {word}".strip()
            if current and self.canvas.stringWidth(candidate, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def paragraph(self, text: str, *, size: int = BODY, font: str = "Helvetica", indent: float = 0, width=None):
        width = width if width is not None else self.right - self.left - indent
        gap = LEADING if size <= BODY else size * 1.3
        for text_line in self.wrap(text, size=size, font=font, width=width):
            self.room(gap)
            self.line(text_line, size=size, font=font, gap=gap, x=self.left + indent)

    def room(self, needed: float) -> None:
        """Continue on a new sheet when `needed` points do not fit: the code and address come along."""
        if self.y - needed >= BOTTOM:
            return
        self.canvas.showPage()
        self.y = self.height - MARGIN
        self.line(
            _("Vervolg — %(address)s — code %(code)s") % {"address": self.home.address, "code": self.code},
            size=12,
            font="Helvetica-Bold",
            gap=30,
        )

    # --- the ballot ---

    def draw(self) -> None:
        self.header()
        self.paragraph(self.consultation.title, size=TITLE, font="Helvetica-Bold")
        self.y -= 4
        if self.committee is not None:
            self.paragraph(_("Een vraag van %(committee)s.") % {"committee": self.committee.title})
        self.paragraph(self.consultation.intro)
        self.y -= 8
        self.paragraph(_("Zet bij elke vraag één kruisje, in het vakje van uw antwoord."), font="Helvetica-Bold")
        self.y -= 6
        for number, question in enumerate(self.questions, start=1):
            self.question(number, question)
        self.footer()

    def header(self) -> None:
        canvas = self.canvas
        top = self.y
        self.line(corporation_contact()["name"], size=14, font="Helvetica-Bold", gap=26)
        self.line(_("Voor de bewoners van"), size=BODY)
        self.line(self.home.address, size=BODY, font="Helvetica-Bold")
        building = self.home.building
        self.line(f"{self.home.postal_code or building.postal_code} {building.city}".strip(), size=BODY, gap=16)
        # The code, top right, where the online page says to look ("rechtsboven, 8 tekens").
        box_width, box_height = 6.2 * cm, 2.3 * cm
        x = self.right - box_width
        canvas.setLineWidth(1.5)
        canvas.rect(x, top - box_height + 12, box_width, box_height)
        canvas.setFont("Helvetica", 14)
        canvas.drawString(x + 10, top - 6, _("Uw persoonlijke code:"))
        canvas.setFont("Courier-Bold", 26)
        canvas.drawString(x + 10, top - 40, self.code)
        self.y -= 18

    def question(self, number: int, question) -> None:
        options = question.options()
        self.room(LEADING * 2 + BOX * 2)
        self.paragraph(f"{number}. {question.text}", font="Helvetica-Bold", indent=0)
        if question.allows_several:
            self.paragraph(_("Bij deze vraag mag u meer vakjes aankruisen."), size=14, indent=0.6 * cm)
        for _value, label in options:
            lines = self.wrap(label, size=BODY, font="Helvetica", width=self.right - self.left - 2 * cm)
            self.room(LEADING * len(lines) + 6)
            self.canvas.setLineWidth(1.5)
            self.canvas.rect(self.left + 0.6 * cm, self.y - 2, BOX, BOX)
            for text_line in lines:
                self.line(text_line, x=self.left + 0.6 * cm + BOX + 10, gap=LEADING)
            self.y -= 6
        self.y -= 8

    def footer(self) -> None:
        closes = _unbroken(date_format(self.consultation.closes_on, "l j F Y"))
        where = (
            _("bij %(committee)s of in de brievenbus van de ontmoetingsruimte") % {"committee": self.committee.title}
            if self.committee is not None
            else _("in de brievenbus van de ontmoetingsruimte")
        )
        text_width = self.right - self.left - QR_SIZE - 0.5 * cm
        self.room(QR_SIZE + 20)
        top = self.y
        qr = segno.make(ballot_url(self.consultation, self.home), error="m")
        image = io.BytesIO()
        qr.save(image, kind="png", scale=8, border=2)
        image.seek(0)
        self.canvas.drawImage(ImageReader(image), self.right - QR_SIZE, top - QR_SIZE + 14, QR_SIZE, QR_SIZE)
        self.paragraph(_("Inleveren"), font="Helvetica-Bold", width=text_width)
        self.paragraph(
            _("Lever dit formulier uiterlijk %(date)s in, %(where)s.") % {"date": closes, "where": where},
            width=text_width,
        )
        self.paragraph(_("Liever via internet? Scan de QR-code, of ga naar:"), width=text_width)
        self.paragraph(short_address(self.consultation), font="Helvetica-Bold", width=text_width)
        self.paragraph(_("en typ uw code."), width=text_width)
        self.y = min(self.y, top - QR_SIZE) - 6
        self.paragraph(
            _(
                "Per woning telt één antwoord. Antwoordt uw woning twee keer, bijvoorbeeld op papier én via "
                "internet? Dan telt het antwoord dat het laatst is ingeleverd."
            ),
            size=14,
        )
        self.paragraph(
            _("Vragen? Bel de corporatie: %(phone)s.") % {"phone": _unbroken(corporation_contact()["phone"])},
            size=14,
            font="Helvetica-Bold",
        )
