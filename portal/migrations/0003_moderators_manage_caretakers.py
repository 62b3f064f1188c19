from django.db import migrations

PERMISSIONS = ["add_caretaker", "change_caretaker", "delete_caretaker", "view_caretaker"]


def grant(apps, schema_editor):
    """Staff moderators manage caretakers and their presence hours."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="caretaker")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for codename in PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Moderators").first()
    if group:
        group.permissions.remove(*group.permissions.filter(codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_buildings_caretakers"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
