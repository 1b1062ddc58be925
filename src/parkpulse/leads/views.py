"""Lead pages: the public form and confirmation, the consultants' desk, and the park view."""

from __future__ import annotations

import ipaddress
import os
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkpulse.leads import export
from parkpulse.leads.forms import DeskForm, LeadForm, NoteForm
from parkpulse.leads.intake import RateLimited, receive
from parkpulse.leads.matching import leads_for_park, matches_for_lead
from parkpulse.leads.models import FUNNEL, STAGE_RANK, AssignmentRule, AuditLog, Lead, Note, Stage
from parkpulse.leads.roles import CONSULTANT_GROUP
from parkpulse.parks.models import Listing, Park
from parkpulse.portal.models import Article

SESSION_KEY = "leads_last_submitted"


def trusted_proxies() -> int:
    """How many reverse proxies in front of us append to X-Forwarded-For (0: none)."""
    default = os.environ.get("PARKPULSE_TRUSTED_PROXIES", "0")
    return int(getattr(settings, "LEADS_TRUSTED_PROXY_COUNT", default) or 0)


def client_ip(request) -> str | None:
    """The visitor's address for the rate limit.

    Behind N trusted proxies the visitor is the N-th address from the right of
    X-Forwarded-For (what the visitor wrote further left is not trusted). With no proxy
    configured the header is ignored, so nobody escapes the limit by forging it; behind a
    proxy, REMOTE_ADDR alone would put every visitor under one shared limit.
    """
    n = trusted_proxies()
    if n > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= n:
            try:
                return str(ipaddress.ip_address(hops[-n]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def desk_required(view):
    """Logged-in users with the 招商顾问 permission (or admins); others get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("leads.access_desk"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- the public form ------------------------------------------------------------------------


def lead_new(request):
    article = None
    article_id = request.POST.get("article") or request.GET.get("article")
    if article_id and str(article_id).isdigit():
        article = Article.objects.published().filter(pk=int(article_id)).first()
    if request.method == "POST":
        form = LeadForm(request.POST)
        if form.is_bot:
            # Look like success so the bot learns nothing; store nothing.
            return render(request, "leads/thanks.html", {"lead": None, "merged": False})
        if form.is_valid():
            try:
                got = receive(form.cleaned_data, client_ip(request), article=article)
            except RateLimited as exc:
                form.add_error(None, str(exc))
                return render(request, "leads/form.html", {"form": form, "article": article}, status=429)
            request.session[SESSION_KEY] = {"id": got.lead.pk, "merged": got.merged}
            return redirect("leads:thanks")
        return render(request, "leads/form.html", {"form": form, "article": article}, status=200)
    form = LeadForm(initial={"article": article.pk if article else None, **_listing_initial(request)})
    return render(request, "leads/form.html", {"form": form, "article": article})


def _listing_initial(request) -> dict:
    """``?listing=<id>`` (the link on a listing page) pre-fills use, area and region."""
    listing_id = request.GET.get("listing", "")
    listing = Listing.objects.select_related("park").filter(pk=int(listing_id)).first() if listing_id.isdigit() else None
    if listing is None or not listing.is_available:
        return {}
    return {
        "use": listing.kind, "area_m2": f"{listing.area_m2:f}".rstrip("0").rstrip("."),
        "regions": listing.park.city or listing.park.province,
        "description": f"对「{listing.park.name} · {listing.title}」感兴趣。",
    }


def lead_thanks(request):
    info = request.session.get(SESSION_KEY)
    if not info:
        return redirect("leads:new")
    lead = Lead.objects.filter(pk=info["id"]).select_related("industry", "article").first()
    return render(request, "leads/thanks.html", {"lead": lead, "merged": info.get("merged")})


# --- the desk -------------------------------------------------------------------------------


def _filtered(request):
    leads = Lead.objects.select_related("industry", "assignee")
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        leads = leads.filter(stage=stage)
    if request.GET.get("mine"):
        leads = leads.filter(assignee=request.user)
    if request.GET.get("unassigned"):
        leads = leads.filter(assignee__isnull=True)
    if request.GET.get("due"):
        leads = leads.filter(follow_up_on__lte=timezone.localdate())
    q = request.GET.get("q", "").strip()
    if q:
        leads = leads.filter(Q(company__icontains=q) | Q(contact_name__icontains=q) | Q(description__icontains=q))
    return leads, stage, q


def funnel_data():
    """How many leads reached each stage (by furthest stage), and how many were lost."""
    total = Lead.objects.count()
    reached = dict(Lead.objects.values_list("furthest_stage").annotate(n=Count("id")))
    rows, prev = [], None
    for stage in FUNNEL:
        n = sum(c for rank, c in reached.items() if rank >= STAGE_RANK[stage])
        rows.append({
            "label": stage.label, "stage": stage.value, "count": n,
            "width": round(100 * n / total, 1) if total else 0,
            "rate": round(100 * n / prev) if prev else None,
        })
        prev = n
    lost = Lead.objects.filter(stage=Stage.LOST).count()
    return {"rows": rows, "lost": lost, "total": total}


@desk_required
def inbox(request):
    leads, stage, q = _filtered(request)
    counts = dict(Lead.objects.values_list("stage").annotate(n=Count("id")))
    tabs = [{"value": "", "label": _("全部"), "count": sum(counts.values())}] + [
        {"value": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in Stage
    ]
    page = Paginator(leads, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "leads/inbox.html", {
        "page": page, "tabs": tabs, "stage": stage, "q": q, "funnel": funnel_data(),
        "today": timezone.localdate(), "query": query.urlencode(),
        "can_export": request.user.has_perm("leads.export_leads"),
        "rules": AssignmentRule.objects.filter(active=True).select_related("industry", "consultant"),
        "my_due": Lead.objects.filter(assignee=request.user, follow_up_on__lte=timezone.localdate())
        .exclude(stage__in=[Stage.SIGNED, Stage.LOST]).count(),
    })


def _consultants():
    User = get_user_model()
    return User.objects.filter(Q(groups__name=CONSULTANT_GROUP) | Q(is_superuser=True), is_active=True).distinct()


def _detail_context(request, lead, show_phone=False, desk_form=None, note_form=None):
    parks, listings = matches_for_lead(lead)
    can_edit = lead.can_edit(request.user)
    if desk_form is None and can_edit:
        desk_form = DeskForm(
            initial={"stage": lead.stage, "follow_up_on": lead.follow_up_on, "assignee": lead.assignee},
            consultants=_consultants() if request.user.is_superuser else None,
        )
    return {
        "lead": lead, "show_phone": show_phone, "can_see_phone": lead.can_see_phone(request.user),
        "can_edit": can_edit, "desk_form": desk_form, "note_form": note_form or NoteForm(),
        "notes": lead.notes.select_related("author"), "park_matches": parks, "listing_matches": listings,
        "submissions": lead.submissions.all()[:20],
        # the comparison page takes 2–5 parks: the best-matched ones, in match order
        "compare_ids": ",".join(str(m.id) for m in list(parks)[:5]) if len(list(parks)[:5]) >= 2 else "",
    }


def _get_lead(pk):
    return get_object_or_404(Lead.objects.select_related("industry", "assignee", "article"), pk=pk)


@desk_required
def detail(request, pk):
    lead = _get_lead(pk)
    return render(request, "leads/detail.html", _detail_context(request, lead))


@desk_required
@require_POST
def reveal_phone(request, pk):
    lead = _get_lead(pk)
    if not lead.can_see_phone(request.user):
        raise PermissionDenied
    AuditLog.objects.create(user=request.user, action=AuditLog.Action.PHONE_VIEW, lead=lead,
                            detail=f"查看线索 #{lead.pk} 完整手机号", ip=client_ip(request))
    return render(request, "leads/detail.html", _detail_context(request, lead, show_phone=True))


@desk_required
@require_POST
def update(request, pk):
    lead = _get_lead(pk)
    if not lead.can_edit(request.user):
        raise PermissionDenied
    form = DeskForm(request.POST, consultants=_consultants() if request.user.is_superuser else None)
    if not form.is_valid():
        return render(request, "leads/detail.html", _detail_context(request, lead, desk_form=form), status=400)
    changes = []
    new_stage = form.cleaned_data["stage"]
    if new_stage != lead.stage:
        changes.append(_("阶段：%(old)s → %(new)s") % {"old": lead.get_stage_display(), "new": Stage(new_stage).label})
        lead.set_stage(new_stage)
    if form.cleaned_data["follow_up_on"] != lead.follow_up_on:
        lead.follow_up_on = form.cleaned_data["follow_up_on"]
        changes.append(_("下次跟进：%(date)s") % {"date": lead.follow_up_on or _("无")})
    if "assignee" in form.cleaned_data and form.cleaned_data["assignee"] != lead.assignee:
        lead.assignee = form.cleaned_data["assignee"]
        changes.append(_("顾问：%(name)s") % {"name": lead.assignee or _("未分配")})
    if changes:
        lead.save()
        Note.objects.create(lead=lead, author=request.user, kind=Note.Kind.STAGE, body=";".join(changes))
        messages.success(request, _("已保存：") + "；".join(str(c) for c in changes))
    return redirect(lead)


@desk_required
@require_POST
def add_note(request, pk):
    lead = _get_lead(pk)
    if not lead.can_edit(request.user):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(request, "leads/detail.html", _detail_context(request, lead, note_form=form), status=400)
    Note.objects.create(lead=lead, author=request.user, body=form.cleaned_data["body"])
    return redirect(lead)


@desk_required
@require_POST
def claim(request, pk):
    lead = _get_lead(pk)
    if lead.assignee_id is not None:
        messages.error(request, _("该线索已有顾问跟进"))
        return redirect(lead)
    lead.assignee = request.user
    lead.save(update_fields=["assignee", "updated_at"])
    Note.objects.create(lead=lead, author=request.user, kind=Note.Kind.STAGE, body=f"{request.user} 认领了线索")
    return redirect(lead)


@desk_required
def export_leads(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("仅支持 CSV 与 XLSX 导出")
    if not request.user.has_perm("leads.export_leads"):
        raise PermissionDenied
    leads, stage, q = _filtered(request)
    leads = list(leads)
    whole = sum(1 for lead in leads if lead.can_see_phone(request.user))
    AuditLog.objects.create(
        user=request.user, action=AuditLog.Action.EXPORT, ip=client_ip(request),
        detail=f"{fmt.upper()} 导出 {len(leads)} 条（完整手机号 {whole} 条）筛选：{request.GET.urlencode() or '无'}"[:300],
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body = export.to_xlsx(leads, request.user)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = export.to_csv(leads, request.user)
        ctype = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="leads-{stamp}.{fmt}"'
    return response


# --- park managers --------------------------------------------------------------------------


def park_leads(request, park_id):
    """Which open leads fit this park: for its managers, consultants and admins.

    Managers see the demand, never the company or the contact: the visitor consented to be
    contacted by our consultants, so the page names the consultant to talk to instead.
    """
    park = get_object_or_404(Park, pk=park_id)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    is_manager = park.managers.filter(pk=user.pk).exists()
    if not (is_manager or user.has_perm("leads.access_desk")):
        raise PermissionDenied
    ranked = leads_for_park(park)
    return render(request, "leads/park_leads.html", {
        "park": park, "ranked": ranked, "show_contacts": user.has_perm("leads.access_desk"),
    })
