"""Claims: a registered user claims a park with a private proof; an editor approves (the user
becomes a manager of that park) or rejects with a reason. Also the user's own dashboard and
the editors' review queue."""

from __future__ import annotations

import mimetypes
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from parkpulse.parks import limits, roles
from parkpulse.parks.forms import ClaimForm, ReviewForm
from parkpulse.parks.models import ChangeRequest, Park, ParkClaim, ReviewStatus


@login_required
def claim_new(request, pk):
    park = get_object_or_404(Park, pk=pk)
    user = request.user
    if roles.manages(user, park):
        messages.info(request, _("您已是该园区的负责人。"))
        return redirect("parks:update", pk=park.pk)
    if park.claims.filter(user=user, status=ReviewStatus.PENDING).exists():
        messages.info(request, _("您对该园区的认领申请正在审核中。"))
        return redirect("parks:dashboard")
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        proof = form.cleaned_data["proof"]
        refused = limits.claims_limited(user) or limits.over_quota(user, proof.size)
        if refused:
            form.add_error(None, refused)
            return render(request, "parks/claim_form.html", {"park": park, "form": form}, status=429)
        claim = form.save(commit=False)
        claim.park = park
        claim.user = user
        claim.proof_name = os.path.basename(request.FILES["proof"].name)[:200]
        claim.proof_size = proof.size
        claim.save()
        messages.success(request, _("认领申请已提交，编辑审核后会在“我的园区”中显示结果。"))
        return redirect("parks:dashboard")
    return render(request, "parks/claim_form.html", {"park": park, "form": form})


@login_required
def dashboard(request):
    user = request.user
    return render(request, "parks/dashboard.html", {
        "managed": user.managed_parks.all(),
        "claims": user.park_claims.select_related("park"),
        "changes": user.park_change_requests.select_related("park")[:50],
        "listings": user.listings.select_related("park")[:100],
        "can_add_listing": roles.can_add_listing(user),
        "is_editor": roles.is_editor(user),
    })


def is_reviewer(user) -> bool:
    return user.has_perm("parks.review_parkclaim") or user.has_perm("parks.review_changerequest")


@login_required
def review_queue(request):
    if not is_reviewer(request.user):
        raise PermissionDenied
    limits.expire_stale_claims()  # cheap when nothing is stale; `manage expireclaims` for cron
    return render(request, "parks/review_queue.html", {
        "claims": ParkClaim.objects.filter(status=ReviewStatus.PENDING).select_related("park", "user"),
        "changes": ChangeRequest.objects.filter(status=ReviewStatus.PENDING).select_related("park", "author"),
        "recent_claims": ParkClaim.objects.exclude(status=ReviewStatus.PENDING).select_related("park", "user")[:20],
        "recent_changes": ChangeRequest.objects.exclude(status=ReviewStatus.PENDING).select_related("park", "author")[:20],
    })


@login_required
def claim_detail(request, pk):
    claim = get_object_or_404(ParkClaim.objects.select_related("park", "user", "reviewer"), pk=pk)
    user = request.user
    reviewer = user.has_perm("parks.review_parkclaim")
    if not (reviewer or claim.user_id == user.pk):
        raise PermissionDenied
    can_review = reviewer and claim.status == ReviewStatus.PENDING
    form = ReviewForm(request.POST or None) if can_review else None
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        if form.is_valid():
            error = review_claim(claim, user, form.cleaned_data["decision"], form.cleaned_data["reason"])
            if error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已处理该认领申请。"))
                return redirect("parks:review_queue")
    return render(request, "parks/claim_detail.html", {
        "claim": claim, "form": form, "can_view_proof": roles.can_view_proof(user, claim),
    })


def review_claim(claim, reviewer, decision: str, reason: str) -> str | None:
    with transaction.atomic():
        claim = ParkClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ReviewStatus.PENDING:
            return _("该申请已被处理。")
        if decision == "approve":
            claim.status = ReviewStatus.APPROVED
            claim.park.managers.add(claim.user)
            roles.add_to_group(claim.user, roles.MANAGER)
        else:
            claim.status = ReviewStatus.REJECTED
        claim.reviewer = reviewer
        claim.review_reason = reason
        claim.reviewed_at = timezone.now()
        claim.save()
    return None


@login_required
def claim_proof(request, pk):
    """The proof file, to editors and to the claimant only; never from a public URL."""
    claim = get_object_or_404(ParkClaim, pk=pk)
    if not roles.can_view_proof(request.user, claim):
        raise PermissionDenied
    if not claim.proof or not claim.proof.storage.exists(claim.proof.name):
        raise Http404(_("证明材料文件不存在。"))
    content_type = mimetypes.guess_type(claim.proof.name)[0] or "application/octet-stream"
    response = FileResponse(
        claim.proof.open("rb"), as_attachment=True, filename=claim.proof_name or os.path.basename(claim.proof.name),
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


