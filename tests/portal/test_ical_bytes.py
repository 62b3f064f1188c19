"""The portal's iCalendar files are what the icalendar library writes, byte for byte, though made faster."""

from datetime import UTC, datetime

from icalendar import Calendar

from portal.ical import calendar_bytes, calendar_new, event_add


def test_the_file_is_the_librarys_own_with_long_and_accented_lines_folded_alike():
    calendar = calendar_new(product="Activiteiten", name="Activiteiten in De Linde")
    texts = ["Kort", "Café " * 40, "y" * 66, "y" * 67, "é" * 33, "é" * 34, "a\\b;c,d\nregel twee " * 9]
    for n, text in enumerate(texts):
        event_add(
            calendar,
            uid=f"test-{n}",
            start=datetime(2027, 3, 28, 9, tzinfo=UTC),
            end=datetime(2027, 3, 28, 10, tzinfo=UTC),
            summary=text,
            description=text,
            location=text,
            organizer="Bewonerscommissie " + text,
            stamp=datetime(2027, 1, 1, tzinfo=UTC),
        )

    written = calendar_bytes(calendar)

    assert written == calendar.to_ical()
    assert [str(event["SUMMARY"]) for event in Calendar.from_ical(written).walk("VEVENT")] == texts
    assert max(len(line) for line in written.split(b"\r\n")) <= 75
