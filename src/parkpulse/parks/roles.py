"""Roles as Django groups, and the permission questions the parks pages ask.

Groups are (re)created after every ``migrate`` (``post_migrate``), additively: a group keeps
permissions someone else gave it. Per-object rules — a park manager acts on the parks they
manage only, a manager or consultant edits only the listings they own — are answered here,
in one place, so views and tests ask the same questions.
"""

from __future__ import annotations

COMPANY = "公司用户"
MANAGER = "园区负责人"
EDITOR = "编辑"
CONSULTANT = "招商顾问"  # owned by the leads app; parks only adds the listing permissions

ROLE_PERMISSIONS: dict[str, list[str]] = {
    COMPANY: ["parks.add_parkclaim"],
    MANAGER: ["parks.add_parkclaim", "parks.add_changerequest", "parks.add_listing"],
    EDITOR: [
        "parks.view_park", "parks.add_park", "parks.change_park",
        "parks.view_parkphoto", "parks.add_parkphoto", "parks.change_parkphoto", "parks.delete_parkphoto",
        "parks.view_listing", "parks.add_listing", "parks.change_listing", "parks.delete_listing",
        "parks.list_in_any_park",
        "parks.view_listingphoto", "parks.add_listingphoto", "parks.change_listingphoto",
        "parks.delete_listingphoto",
        "parks.view_parkclaim", "parks.review_parkclaim", "parks.view_claim_proof",
        "parks.view_changerequest", "parks.review_changerequest",
        "parks.view_parkrevision",
        "parks.view_parkfact", "parks.review_parkfact",
    ],
    CONSULTANT: ["parks.add_listing", "parks.list_in_any_park"],
}


def ensure_roles(**kwargs) -> None:
    """Create the groups and grant their permissions (idempotent; never removes any)."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)


def add_to_group(user, name: str) -> None:
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=name)
    user.groups.add(group)


def is_editor(user) -> bool:
    return user.is_authenticated and user.has_perm("parks.change_park")


def manages(user, park) -> bool:
    """An approved manager of this very park (membership is granted by an approved claim)."""
    return user.is_authenticated and park.managers.filter(pk=user.pk).exists()


def can_propose_change(user, park) -> bool:
    return manages(user, park) and user.has_perm("parks.add_changerequest")


def can_add_listing(user, park=None) -> bool:
    """Editors and consultants list in any park; a park manager only in the parks they manage."""
    if not (user.is_authenticated and user.has_perm("parks.add_listing")):
        return False
    if user.has_perm("parks.list_in_any_park"):
        return True
    if park is None:
        return user.managed_parks.exists()
    return manages(user, park)


def listing_parks(user):
    """The parks this user may put a listing in."""
    from parkpulse.parks.models import Park

    if not (user.is_authenticated and user.has_perm("parks.add_listing")):
        return Park.objects.none()
    if user.has_perm("parks.list_in_any_park"):
        return Park.objects.all()
    return Park.objects.filter(managers=user)


def can_edit_listing(user, listing) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_perm("parks.change_listing"):
        return True
    return listing.owner_id == user.pk and can_add_listing(user, listing.park)


def can_view_proof(user, claim) -> bool:
    return user.is_authenticated and (user.has_perm("parks.view_claim_proof") or claim.user_id == user.pk)
