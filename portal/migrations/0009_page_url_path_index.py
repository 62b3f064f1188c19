"""An index on Wagtail's page url_path: `HomePage.route` finds a page for a URL with one query on it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_page_address_permission"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_page_url_path_idx ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS portal_page_url_path_idx",
        ),
    ]
