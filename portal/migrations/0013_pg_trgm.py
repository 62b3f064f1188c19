"""pg_trgm on PostgreSQL, for the site search's "what you probably meant" (`portal.search`). A trusted extension
since PostgreSQL 13: the database owner may create it. Nothing happens on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_corporation_contact")]

    operations = [TrigramExtension()]
