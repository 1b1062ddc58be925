"""Updating a park: editors edit directly, approved managers propose change requests that an
editor approves (applied as a new version) or rejects with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from parkpulse.parks import roles, versioning
from parkpulse.parks.forms import ParkProfileForm, ReviewForm
from parkpulse.parks.models import ChangeRequest, Park, ReviewStatus


@login_required
def park_update(request, pk):
    """The target of "我是园区负责人，我要更新园区资料": edit, propose, or claim first."""
    park = get_object_or_404(Park, pk=pk)
    user = request.user
    editor = roles.is_editor(user)
    if not editor and not roles.can_propose_change(user, park):
        if park.claims.filter(user=user, status=ReviewStatus.PENDING).exists():
            messages.info(request, _("您对该园区的认领申请正在审核中，通过后即可提交资料更新。"))
            return redirect("parks:dashboard")
        messages.info(request, _("更新园区资料前，请先认领该园区并等待编辑审核。"))
        return redirect("parks:claim", pk=park.pk)

    base = versioning.snapshot(park)
    form = ParkProfileForm(request.POST or None, instance=park)
    if request.method == "POST" and form.is_valid():
        values = versioning.values_from_form(form.cleaned_data)
        changed = versioning.changed_values(base, values)
        reason = form.cleaned_data["reason"]
        if not changed:
            form.add_error(None, _("您没有修改任何内容。"))
        elif editor:
            try:
                versioning.apply_changes(park, changed, author=user, reason=reason, approved_by=user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("园区资料已更新，并已记录新版本。"))
                return redirect(park)
        else:
            cr = ChangeRequest.objects.create(park=park, author=user, base=base, proposed=changed, note=reason)
            messages.success(request, _("修改申请已提交，编辑审核通过后生效。"))
            return redirect(cr)
    if request.method == "POST":
        # the ModelForm wrote the posted values onto the instance; the park itself is unchanged
        park.refresh_from_db()
    return render(request, "parks/park_update.html", {"park": park, "form": form, "editor": editor})


def can_view_change(user, cr) -> bool:
    return cr.author_id == user.pk or user.has_perm("parks.review_changerequest")


@login_required
def change_detail(request, pk):
    cr = get_object_or_404(ChangeRequest.objects.select_related("park", "author", "reviewer"), pk=pk)
    user = request.user
    if not can_view_change(user, cr):
        raise PermissionDenied
    can_review = user.has_perm("parks.review_changerequest") and cr.status == ReviewStatus.PENDING
    form = ReviewForm(request.POST or None) if can_review else None
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        if form.is_valid():
            error = review_change(cr, user, form.cleaned_data["decision"], form.cleaned_data["reason"])
            if error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已处理该修改申请。"))
                return redirect("parks:review_queue")
    if cr.status == ReviewStatus.PENDING:
        rows = versioning.change_request_diff(cr)
    else:
        rows = versioning.diff(cr.base, {**cr.base, **cr.proposed}, fields=list(cr.proposed))
    return render(request, "parks/change_detail.html", {"cr": cr, "rows": rows, "form": form})


def review_change(cr, reviewer, decision: str, reason: str) -> str | None:
    """Approve (apply + new version) or reject a pending request; return an error or None."""
    with transaction.atomic():
        cr = ChangeRequest.objects.select_for_update().get(pk=cr.pk)
        if cr.status != ReviewStatus.PENDING:
            return _("该申请已被处理。")
        if decision == "approve":
            try:
                versioning.apply_changes(
                    cr.park, cr.proposed, author=cr.author, reason=cr.note, approved_by=reviewer,
                    change_request=cr,
                )
            except ValidationError as exc:
                return _("无法应用该修改：%(error)s") % {"error": "; ".join(exc.messages)}
            cr.status = ReviewStatus.APPROVED
        else:
            cr.status = ReviewStatus.REJECTED
        cr.reviewer = reviewer
        cr.review_reason = reason
        cr.reviewed_at = timezone.now()
        cr.save()
    return None
