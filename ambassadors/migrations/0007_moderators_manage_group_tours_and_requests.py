from django.db import migrations

# Staff offer group tours and follow up tour requests; requests come from visitors only (no "add").
PERMISSIONS = {
    "grouptour": ["add", "change", "delete", "view"],
    "grouptourplace": ["view"],
    "tourrequest": ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for model, actions in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="ambassadors", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Moderators").first()
    if group:
        codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
        group.permissions.remove(*group.permissions.filter(content_type__app_label="ambassadors", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("ambassadors", "0006_visitor_requests_and_group_tours")]

    operations = [migrations.RunPython(grant, revoke)]
