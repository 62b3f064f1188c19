"""Checks a moderator sees before approving a news item. They advise; they never block."""

from __future__ import annotations

import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

MAX_WORDS = 600
MAX_SENTENCE_WORDS = 25
GENERIC_ALT_TEXTS = {"foto", "afbeelding", "plaatje", "image", "photo", "img", "picture"}
FILENAME = re.compile(r"\.(jpe?g|png|gif|webp)$|^(img|dsc|image)[-_ ]?\d+", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def content_flags(page) -> list[str]:
    """Plain-language remarks about a news item's latest draft."""
    page = page.get_latest_revision_as_object() if getattr(page, "pk", None) else page
    flags: list[str] = []
    image = getattr(page, "image", None)
    alt_text = (getattr(page, "image_alt_text", "") or "").strip()
    if image is not None and (not alt_text or alt_text.lower() in GENERIC_ALT_TEXTS or FILENAME.search(alt_text)):
        flags.append(_("De foto heeft geen bruikbare beschrijving voor wie hem niet kan zien."))
    body_html = str(getattr(page, "body", "") or "")
    for alt in re.findall(r'<embed[^>]*embedtype="image"[^>]*>', body_html):
        if 'alt=""' in alt or "alt=" not in alt:
            flags.append(_("Een foto in de tekst heeft geen beschrijving."))
            break
    text = strip_tags(body_html.replace("</p>", "</p>\n"))
    words = _words(f"{getattr(page, 'intro', '')} {text}")
    if len(words) > MAX_WORDS:
        flags.append(
            _("Het bericht is %(count)s woorden lang. Boven de %(max)s woorden haken veel lezers af.")
            % {"count": len(words), "max": MAX_WORDS}
        )
    long_sentences = [
        sentence
        for sentence in SENTENCE_END.split(" ".join(text.split()))
        if len(_words(sentence)) > MAX_SENTENCE_WORDS
    ]
    if long_sentences:
        first = " ".join(long_sentences[0].split()[:8])
        flags.append(
            _("%(count)s zin(nen) met meer dan %(max)s woorden, bijvoorbeeld: ‘%(start)s…’")
            % {"count": len(long_sentences), "max": MAX_SENTENCE_WORDS, "start": first}
        )
    return flags
