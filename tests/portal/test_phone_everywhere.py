"""Every "bel" has a number: a template that asks someone to call shows the number on the same line (the
corporation's, the committee's, the caretaker's) — the one channel residents without internet have."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = ["templates", "portal", "committees", "activities", "ambassadors", "consultations"]
CALL = re.compile(r"\b[Bb]el\b")
# What counts as the number being there.
NUMBER = re.compile(r"corporation_phone\.html|corporation\.phone|contact_phone|caretaker\.phone|\bphone\b|\b112\b")
# Lines where the number is the person's own, shown next to it (the ambassador's list of their visitors).
EXEMPT = {("ambassadors/templates/ambassadors/my_tours.html", "Bel of mail de bezoeker")}


def templates():
    for folder in TEMPLATE_DIRS:
        yield from (ROOT / folder).rglob("*.html")
        yield from (ROOT / folder).rglob("*.txt")


def test_every_bel_in_a_template_comes_with_a_number():
    missing = []
    for path in templates():
        if "/static/" in str(path):
            continue
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if not CALL.search(line) or NUMBER.search(line):
                continue
            if any(relative == file and text in line for file, text in EXEMPT):
                continue
            missing.append(f"{relative}:{number}: {line.strip()[:120]}")
    assert not missing, "'Bel …' without a number:\n" + "\n".join(missing)


def test_the_check_finds_a_bel_without_a_number():
    line = '{% translate "Lukt het niet? Bel ons." %}'
    assert CALL.search(line)
    assert not NUMBER.search(line)
