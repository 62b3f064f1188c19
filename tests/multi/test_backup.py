"""The backup and restore of deploy/ (backup.sh, restore.sh) on a real database and media folder."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests import stack as harness

pytestmark = pytest.mark.stack

BACKUP = harness.REPO / "deploy" / "backup.sh"
RESTORE = harness.REPO / "deploy" / "restore.sh"
TABLES = ["portal_user", "wagtailcore_page", "activities_registration", "ambassadors_ambassador"]


def counts(database_url: str) -> dict[str, int]:
    return {table: harness.sql(database_url, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}  # noqa: S608


def run(*command, env):
    # A fixed argument list, no shell.
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603


def test_a_backup_restores_into_a_new_database_with_every_row_and_file(make_stack, tmp_path):
    if not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql")):
        harness.unavailable("The backup scripts need PostgreSQL's client tools (pg_dump, pg_restore, psql).")
    stack = make_stack(redis_url="", servers=0)
    photo = harness.Path(stack.env["MEDIA_ROOT"]) / "original_images" / "tuin.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(os.urandom(4096))
    env = {**stack.env, "BACKUP_DIR": str(tmp_path / "backups")}

    backup = run(BACKUP, env=env)
    assert backup.returncode == 0, backup.stderr
    (dump,) = (tmp_path / "backups").glob("portal-*.dump")
    (archive,) = (tmp_path / "backups").glob("media-*.tar.gz")

    target = f"{stack.database}_restored"
    target_url = f"{stack.template.server}/{target}"
    restored_media = tmp_path / "media-restored"
    harness.database_create(target, server=stack.template.server)
    try:
        restore = run(RESTORE, dump, target_url, archive, restored_media, env=env)
        again = run(RESTORE, dump, target_url, env=env)
        restored = counts(target_url)
    finally:
        harness.database_drop(target, server=stack.template.server)

    original = counts(stack.database_url)
    print(f"\nRestored from {dump.name}: {restored} (original {original})")
    assert restore.returncode == 0, restore.stderr
    assert restored == original
    assert original["portal_user"] > harness.RESIDENTS, "the data set's accounts were backed up"
    assert original["activities_registration"] > 0, "and its sign-ups"
    assert (restored_media / "original_images" / "tuin.jpg").read_bytes() == photo.read_bytes()
    assert again.returncode == 1, "a restore never overwrites a database that has tables"
    assert "not empty" in again.stderr
