"""The index that joins Wagtail's PostgreSQL search entries to their pages: `page.id::varchar = object_id`.

Wagtail's search entries point at their object by `object_id`, a string, and its database backend joins them to
the pages on the page's key cast to a string, which no index had: every search read every page of the tree
(8,500 at 1,200 buildings, 3 ms of a search for "stoelgym", growing with the corporation) to find the few
hundred it matched. An index on that expression lets PostgreSQL look up each match (with the planner's
random_page_cost for memory or SSD, config/settings/base.py: 7.3 → 3.5 ms at 1,200 buildings). SQLite searches
its own FTS5 table and needs nothing here.
"""

from django.db import migrations

INDEX = "portal_page_id_text"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page ((((id)::varchar(50))::text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0018_search_entry_title_body_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
