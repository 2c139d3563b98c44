"""Create the portal's roles as auth Groups, with the model permissions each role holds.

Object-level access (which case a user sees) is decided by the visibility rule, not here; these
model permissions say what kind of record a role may create or change at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "investigator": [],
    "coordinator": [],
    "prosecutor": [],
    "registry_admin": [
        ("treaties", action, model)
        for model in (
            "instrument",
            "instrumentparty",
            "provision",
            "deadlinerule",
            "requiredelement",
            "refusalground",
        )
        for action in ("add", "change", "view")
    ],
    "auditor": [("audit", "view", "auditevent")],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, action, model in perms:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
        ("treaties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
