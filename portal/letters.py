"""The activation letter: one A4 per home, in large print, with the home's code and a QR code that opens the
activation page with the code filled in (reportlab for the PDF, segno for the QR code).

Staff print the letters for a building from the admin (portal.admin_homes); making a letter issues a new code
(portal.services.home_code_issue), so an older letter of the same home stops working.
"""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from portal.context_processors import corporation_contact
from portal.models import Home

BODY = 15  # points: large print for readers of 75 and older
LEADING = 21


def activation_url(code: str) -> str:
    """The address on the letter and in its QR code: the activation page, with the code filled in."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('my_home')}?{urlencode({'code': code})}"


def letters_pdf(letters: list[tuple[Home, str]]) -> bytes:
    """One page per (home, code)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0)  # the text stays searchable, and small
    canvas.setTitle(_("Uw code voor het Bewonersportaal"))
    canvas.setAuthor(corporation_contact()["name"])
    for home, code in letters:
        _letter(canvas, home, code)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _letter(canvas: Canvas, home: Home, code: str) -> None:
    width, height = A4
    left, y = 2.5 * cm, height - 2.5 * cm
    building = home.building
    caretaker = building.caretaker

    def line(text: str, *, size: int = BODY, font: str = "Helvetica", gap: float = LEADING) -> None:
        nonlocal y
        canvas.setFont(font, size)
        canvas.drawString(left, y, text)
        y -= gap

    def paragraph(text: str, *, size: int = BODY) -> None:
        """Wrap `text` to the page width."""
        words, current = text.split(), ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if canvas.stringWidth(candidate, "Helvetica", size) > width - 2 * left:
                line(current, size=size)
                current = word
            else:
                current = candidate
        if current:
            line(current, size=size)

    line(corporation_contact()["name"], size=12, font="Helvetica-Bold", gap=36)
    line(_("Aan de bewoners van"), size=BODY)
    line(home.address, size=BODY)
    line(f"{home.postal_code or building.postal_code} {building.city}".strip(), size=BODY, gap=40)

    line(_("Uw code voor het Bewonersportaal"), size=22, font="Helvetica-Bold", gap=34)
    paragraph(
        _(
            "Met deze code ziet het Bewonersportaal dat u echt in %(building)s woont. Daarna kunt u zich aanmelden "
            "voor de activiteiten van uw gebouw en de huismeester een bericht sturen."
        )
        % {"building": building.title}
    )
    y -= 10
    line(_("Uw code:"), size=BODY, font="Helvetica-Bold", gap=40)
    line(code, size=34, font="Courier-Bold", gap=44)

    qr = segno.make(activation_url(code), error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=8, border=2)
    image.seek(0)
    qr_size = 5 * cm
    canvas.drawImage(ImageReader(image), width - left - qr_size, y + 30, qr_size, qr_size)

    line(_("Zo doet u het:"), size=BODY, font="Helvetica-Bold")
    paragraph(_("1. Scan de QR-code met uw telefoon, of ga naar:"))
    line(f"   {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('my_home')}", size=BODY, font="Helvetica-Bold")
    paragraph(_("2. Log in, of maak een account met uw e-mailadres."))
    paragraph(_("3. Vul de code in. Kleine letters mag ook."))
    y -= 10
    expires = timezone.localdate() + timedelta(days=settings.PORTAL_HOME_CODE_DAYS)
    paragraph(_("De code werkt één keer, tot en met %(date)s.") % {"date": date_format(expires, "j F Y")})
    y -= 10
    line(_("Geen computer, of hulp nodig?"), size=BODY, font="Helvetica-Bold")
    if caretaker is not None:
        paragraph(
            _("Uw huismeester %(name)s helpt u graag, ook in het gebouw. Telefoon: %(phone)s.")
            % {"name": caretaker.name, "phone": caretaker.phone}
        )
    paragraph(_("Of bel de corporatie: %(phone)s.") % {"phone": corporation_contact()["phone"]})
    paragraph(_("Bewaar deze brief goed, of gooi hem weg als u de code heeft gebruikt."), size=12)
