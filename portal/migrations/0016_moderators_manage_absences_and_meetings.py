from django.db import migrations

MODELS = ["caretakerabsence", "standin", "caretakersmeeting"]
PERMISSIONS = [(model, f"{action}_{model}") for model in MODELS for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    """Staff moderators record caretakers' absences (with stand-ins) and plan the caretakers' meeting."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for model, codename in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="portal", model=model)
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
        group.permissions.remove(*group.permissions.filter(codename__in=[codename for _model, codename in PERMISSIONS]))


class Migration(migrations.Migration):
    dependencies = [("portal", "0015_caretaker_absence_contract_hours_meeting")]

    operations = [migrations.RunPython(grant, revoke)]
