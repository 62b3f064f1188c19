"""Steps in Wagtail's admin that several journeys take."""

from pathlib import Path

from playwright.sync_api import Page, expect


def upload_in_chooser(editor: Page, *, button: str, title: str, file: Path) -> None:
    """Open a chooser ("Kies een afbeelding", "Kies een document"), upload `file` from this computer under `title`,
    and wait until the chooser has closed with it chosen."""
    editor.get_by_role("button", name=button).click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label("Titel").fill(title)
    chooser.locator('input[type="file"]').set_input_files(file)
    chooser.get_by_role("button", name="Upload").click()
    expect(editor.get_by_role("dialog")).to_have_count(0)
