"""What a visitor reads of a page of search results: each hit's title, kind and next date, from the HTML."""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.formats import date_format


@dataclass
class Hit:
    title: str
    kind: str  # the "search-result--<kind>" of the card: "gebouw", "activiteit", "nieuws"
    text: str  # all the card says


class _Hits(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hits: list[Hit] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" and "search-result" in classes:
            kind = next(c.removeprefix("search-result--") for c in classes if c.startswith("search-result--"))
            self.hits.append(Hit(title="", kind=kind, text=""))
        if tag == "h3" and "card__title" in classes and self.hits:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in_title = False

    def handle_data(self, data):
        if self.hits:
            self.hits[-1].text += data
            if self._in_title:
                self.hits[-1].title += data.strip()


def hits(response) -> list[Hit]:
    parser = _Hits()
    parser.feed(response.content.decode())
    for hit in parser.hits:
        hit.text = " ".join(hit.text.split())
    return parser.hits


def titles(response) -> list[str]:
    return [hit.title for hit in hits(response)]


def next_time(moment) -> str:
    """How a hit says an activity's next date: "Volgende keer: dinsdag 3 maart, 14:00"."""
    local = timezone.localtime(moment)
    return f"Volgende keer: {date_format(local, 'l j F')}, {local:%H:%M}"
