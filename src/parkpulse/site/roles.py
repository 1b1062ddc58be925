"""Who the signed-in user is to the site: the links their work needs and where they land.

One place answers "what does this role do here" for the header's user bar and for the
redirect after login, using the permissions the apps already define (parks.roles,
leads.roles) rather than group names, so a superuser or a custom group behaves alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RoleLink:
    key: str
    label: str
    url: str


def role_links(user) -> list[RoleLink]:
    """The work pages this user may open, most specific first."""
    if not user.is_authenticated:
        return []
    links = []
    if user.has_perm("leads.access_desk"):
        links.append(RoleLink("desk", _("线索台"), reverse("leads:inbox")))
    if user.has_perm("parks.review_parkclaim") or user.has_perm("parks.review_changerequest"):
        links.append(RoleLink("review", _("审核队列"), reverse("parks:review_queue")))
    links.append(RoleLink("mine", _("我的园区"), reverse("parks:dashboard")))
    if user.is_staff:
        links.append(RoleLink("collect", _("采集状态"), reverse("collect:health")))
        links.append(RoleLink("admin", _("管理后台"), reverse("admin:index")))
    return links


def landing_url(user) -> str:
    """Where a user's work is: staff → collection health, consultant → desk, editor →
    review queue, a park manager → their park (or their list when they run several)."""
    if user.is_staff and user.is_superuser:
        return reverse("collect:health")
    if user.has_perm("leads.access_desk"):
        return reverse("leads:inbox")
    if user.has_perm("parks.review_parkclaim") or user.has_perm("parks.review_changerequest"):
        return reverse("parks:review_queue")
    managed = list(user.managed_parks.all()[:2]) if hasattr(user, "managed_parks") else []
    if len(managed) == 1:
        return managed[0].get_absolute_url()
    if user.is_staff:
        return reverse("collect:health")
    return reverse("parks:dashboard")
