"""Roles are groups created after migrate, with the permissions the parks pages check."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from parkpulse.parks import roles


def perms(name):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}


@pytest.mark.django_db
def test_groups_exist_with_their_permissions():
    for name, expected in roles.ROLE_PERMISSIONS.items():
        assert perms(name) >= set(expected), name
    assert "parks.change_park" not in perms(roles.MANAGER)
    assert "parks.change_listing" not in perms(roles.MANAGER)  # own listings only, by ownership
    assert "parks.review_changerequest" not in perms(roles.MANAGER)
    assert perms(roles.COMPANY) == {"parks.add_parkclaim"}


@pytest.mark.django_db
def test_ensure_roles_is_idempotent_and_keeps_other_permissions():
    group = Group.objects.get(name=roles.CONSULTANT)
    extra = Permission.objects.get(codename="view_park")
    group.permissions.add(extra)
    roles.ensure_roles()
    roles.ensure_roles()
    assert Group.objects.filter(name=roles.CONSULTANT).count() == 1
    assert group.permissions.filter(pk=extra.pk).exists()
    assert "parks.list_in_any_park" in perms(roles.CONSULTANT)


@pytest.mark.django_db
def test_superuser_and_editor_rules(admin_user, editor, manager_a, park_a, park_b, listing_a):
    assert roles.is_editor(admin_user) and roles.is_editor(editor) and not roles.is_editor(manager_a)
    assert roles.can_propose_change(manager_a, park_a) and not roles.can_propose_change(manager_a, park_b)
    assert roles.can_add_listing(manager_a, park_a) and not roles.can_add_listing(manager_a, park_b)
    assert set(roles.listing_parks(manager_a)) == {park_a}
    assert roles.can_edit_listing(editor, listing_a)
    park_a.managers.remove(manager_a)  # a manager removed from the park loses the rights
    assert not roles.can_edit_listing(manager_a, listing_a)
