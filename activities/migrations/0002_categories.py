from django.db import migrations

CATEGORIES = [
    ("Koffie en ontmoeting", "koffie-en-ontmoeting"),
    ("Bewegen", "bewegen"),
    ("Creatief", "creatief"),
    ("Uitstapje", "uitstapje"),
    ("Informatie", "informatie"),
    ("Samen eten", "samen-eten"),
]


def add(apps, schema_editor):
    ActivityCategory = apps.get_model("activities", "ActivityCategory")
    for name, slug in CATEGORIES:
        ActivityCategory.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
