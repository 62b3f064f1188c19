"""A committee member adds a weekly coffee morning with a photo and one cancelled date; a moderator approves it.

The whole way runs in Wagtail's admin under the portal's Content-Security-Policy: the guard of every journey
fails it on any blocked inline script, console error or uncaught exception (tests/e2e/console.py).
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.services import holidays_between
from tests.e2e.admin import upload_in_chooser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHOTO = Path(__file__).parent / "files" / "koffie.jpg"
TITLE = "Koffieochtend in de Serre"


def dutch(day) -> str:
    return day.strftime("%d-%m-%Y")


def test_committee_member_adds_a_weekly_coffee_morning_that_a_moderator_approves(
    page, new_context, login_as, audit, mailoutbox, building, committee, member, moderator
):
    from activities.models import ActivityPage

    first = timezone.localdate() + timedelta(days=3)
    # Four weeks without a public holiday (a date on one would not take place either: activities.services).
    while holidays_between(first, first + timedelta(weeks=3)):
        first += timedelta(weeks=1)
    cancelled = first + timedelta(weeks=1)
    until = first + timedelta(weeks=3)

    member_context = new_context()
    login_as(member_context, member)
    editor = member_context.new_page()
    # From their own page, into the admin's dashboard, to the large "Activiteit toevoegen" of their committee.
    editor.goto("/mijn/")
    editor.get_by_role("link", name="Nieuws of een activiteit schrijven voor uw commissie").click()
    editor.get_by_role("link", name="Activiteit toevoegen").click()
    expect(editor).to_have_url(re.compile(f"/admin/pages/add/activities/activitypage/{committee.pk}/$"))
    editor.locator("#id_title").fill(TITLE)
    editor.get_by_role("radio", name="Koffie en ontmoeting").check()
    editor.get_by_role("region", name="Beschrijving").get_by_role("textbox").click()
    editor.keyboard.type("Gezellig samen koffie drinken, met iets lekkers erbij.")
    expect(editor.locator('input[name="description"]')).to_have_value(re.compile("koffie drinken"))

    # The photo: chosen in Wagtail's chooser, uploaded from this computer.
    upload_in_chooser(editor, button="Kies een afbeelding", title="Koffie", file=PHOTO)
    editor.get_by_role("textbox", name="Beschrijving van de foto").fill("Een kop koffie op tafel")

    editor.get_by_role("textbox", name="(eerste) datum").fill(dutch(first))
    editor.get_by_role("textbox", name="Begintijd").fill("10:00")
    editor.get_by_role("textbox", name="Eindtijd").fill("11:30")
    editor.get_by_role("combobox", name="Hoe vaak").select_option(label="Elke week")
    editor.get_by_role("textbox", name="Herhalen tot en met").fill(dutch(until))
    # Wagtail's date pickers open 100 ms after their field gets focus: typed at a robot's speed they open after
    # the field was left, and cover "Voeg datum toe". A click beside them closes them, as it does for a person.
    editor.get_by_text("Vul de eerste datum en de tijden in").click()
    expect(editor.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    editor.get_by_role("button", name="Voeg datum toe").click()
    editor.locator('input[name="cancelled_dates-0-date"]').fill(dutch(cancelled))
    editor.get_by_role("textbox", name="Plek").fill("De Serre")

    # Someone who may not publish has "Ter controle aanbieden" as the main button, not in a menu.
    editor.get_by_role("button", name="Ter controle aanbieden").click()
    expect(editor.get_by_role("status").first).to_contain_text("aangemaakt en ingediend voor controle")

    editor.goto("/admin/")
    expect(editor.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Wacht op controle")

    activity = ActivityPage.objects.get(title=TITLE)
    assert not activity.live
    assert activity.get_latest_revision_as_object().image is not None

    # The moderator approves it.
    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto(f"/admin/pages/{activity.pk}/edit/")
    admin.get_by_role("button", name="Meer acties").click()
    admin.get_by_role("button", name=re.compile(r"^Goedkeuren en publiceren")).click()
    admin.get_by_role("dialog").get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(admin.get_by_role("row", name=re.compile(TITLE))).to_contain_text("live", ignore_case=True)

    # Every visitor sees it: the photo, its four dates, the second one marked as not taking place.
    page.goto(ActivityPage.objects.get(pk=activity.pk).url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("img", name="Een kop koffie op tafel")).to_be_visible()
    dates = page.locator(".card-list > li")
    expect(dates).to_have_count(4)
    expect(dates.nth(1)).to_contain_text("Gaat niet door")
    expect(dates.nth(0)).not_to_contain_text("Gaat niet door")
    audit.check(page, "activiteit")

    page.goto(building.url)
    expect(page.get_by_role("main")).to_contain_text(TITLE)
    audit.check(page, "gebouw")
    audit.assert_no_violations()
