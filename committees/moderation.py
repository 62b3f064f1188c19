"""Checks a moderator sees before approving what a committee wrote. They advise; they never block.

The checks here read the text and the photo of any page (news: intro and body; an activity: its
description). An app adds checks of its own with Wagtail's hook `moderation_flags`: a function
`(page) -> list[str]` (activities: a clash in the meeting room).
"""

from __future__ import annotations

import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

MAX_WORDS = 600
MAX_SENTENCE_WORDS = 25
GENERIC_ALT_TEXTS = {"foto", "afbeelding", "plaatje", "image", "photo", "img", "picture"}
FILENAME = re.compile(r"\.(jpe?g|png|gif|webp)$|^(img|dsc|image)[-_ ]?\d+", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Officialese and its plain Dutch (after the lists of the Direct Duidelijk and B1 guides). Matched as whole words.
PLAIN_WORDS = {
    "conform": gettext_lazy("volgens"),
    "in het kader van": gettext_lazy("voor, bij"),
    "vigerende": gettext_lazy("geldende"),
    "vigerend": gettext_lazy("geldend"),
    "middels": gettext_lazy("met, door"),
    "teneinde": gettext_lazy("om"),
    "derhalve": gettext_lazy("daarom"),
    "alsmede": gettext_lazy("en, ook"),
    "dientengevolge": gettext_lazy("daardoor"),
    "reeds": gettext_lazy("al"),
    "echter": gettext_lazy("maar"),
    "indien": gettext_lazy("als"),
    "ten behoeve van": gettext_lazy("voor"),
    "met betrekking tot": gettext_lazy("over"),
    "inzake": gettext_lazy("over"),
    "aanvang": gettext_lazy("begin"),
    "woonachtig": gettext_lazy("wonend"),
    "verstrekken": gettext_lazy("geven"),
    "retourneren": gettext_lazy("terugsturen"),
    "trachten": gettext_lazy("proberen"),
}
PLAIN_PATTERNS = {word: re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE) for word in PLAIN_WORDS}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _text_html(page) -> str:
    """The page's running text as HTML: a news item's body, an activity's description."""
    return str(getattr(page, "body", None) or getattr(page, "description", None) or "")


def plain_language_flags(text: str) -> list[str]:
    found = [(word, PLAIN_WORDS[word]) for word, pattern in PLAIN_PATTERNS.items() if pattern.search(text)]
    if not found:
        return []
    return [
        _("Ambtelijke woorden; zeg het eenvoudiger: %(pairs)s.")
        % {"pairs": "; ".join(_("‘%(word)s’ wordt ‘%(plain)s’") % {"word": w, "plain": p} for w, p in found)}
    ]


def content_flags(page) -> list[str]:
    """Plain-language remarks about a page's latest draft, and those the apps add (hook `moderation_flags`)."""
    page = page.get_latest_revision_as_object() if getattr(page, "pk", None) else page
    flags: list[str] = []
    image = getattr(page, "image", None)
    alt_text = (getattr(page, "image_alt_text", "") or "").strip()
    if image is not None and (not alt_text or alt_text.lower() in GENERIC_ALT_TEXTS or FILENAME.search(alt_text)):
        flags.append(_("De foto heeft geen bruikbare beschrijving voor wie hem niet kan zien."))
    body_html = _text_html(page)
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
    flags += plain_language_flags(f"{page.title} {getattr(page, 'intro', '')} {text}")
    for app_flags in hooks.get_hooks("moderation_flags"):
        flags += app_flags(page)
    return flags
