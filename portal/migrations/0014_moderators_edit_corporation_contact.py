from django.db import migrations

PERMISSIONS = ["change_corporationcontact", "view_corporationcontact"]


def grant(apps, schema_editor):
    """Staff moderators keep the corporation's name, phone number and hours current (Instellingen)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="corporationcontact")
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
        group.permissions.remove(*group.permissions.filter(content_type__app_label="portal", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_pg_trgm"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
