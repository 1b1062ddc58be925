"""The 招商顾问 (consultant) group and its permissions, kept in step after every migrate."""

from __future__ import annotations

CONSULTANT_GROUP = "招商顾问"

CONSULTANT_PERMISSIONS = [
    ("leads", "access_desk"),
    ("leads", "export_leads"),
    ("leads", "view_lead"),
    ("leads", "change_lead"),
    ("leads", "view_note"),
    ("leads", "add_note"),
    ("leads", "view_assignmentrule"),
]


def ensure_consultant_group(sender=None, using="default", **kwargs):
    """post_migrate receiver: create the group and grant it the permissions above."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Permissions are created by another post_migrate receiver; make sure they exist first.
    create_permissions(apps.get_app_config("leads"), verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=CONSULTANT_GROUP)
    perms = []
    for app_label, codename in CONSULTANT_PERMISSIONS:
        perms.extend(Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename))
    group.permissions.add(*perms)
