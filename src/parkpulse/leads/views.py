"""Lead pages: the public form and confirmation, the consultants' desk, and the park view."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parkpulse.leads import export
from parkpulse.leads.forms import DeskForm, LeadForm, NoteForm
from parkpulse.leads.intake import RateLimited, receive
from parkpulse.leads.matching import leads_for_park, matches_for_lead
from parkpulse.leads.models import (
    FUNNEL,
    STAGE_RANK,
    AssignmentRule,
    AuditLog,
    Lead,
    Note,
    Stage,
    Submission,
)
from parkpulse.leads.roles import CONSULTANT_GROUP
from parkpulse.parks.models import Industry, Listing, Park
from parkpulse.portal.models import Article
from parkpulse.site.client_ip import client_ip
from parkpulse.site.params import Params

SESSION_KEY = "leads_last_submitted"


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
    article_id = Params(request.POST).id("article") or Params(request.GET).id("article")
    if article_id:
        article = Article.objects.published().filter(pk=article_id).first()
    if request.method == "POST":
        form = LeadForm(request.POST)
        if form.is_bot:
            # Look like success so the bot learns nothing; store nothing.
            return render(request, "leads/thanks.html", {"lead": None})
        if form.is_valid():
            try:
                got = receive(form.cleaned_data, client_ip(request), article=article)
            except RateLimited as exc:
                form.add_error(None, str(exc))
                return render(request, "leads/form.html", {"form": form, "article": article}, status=429)
            request.session[SESSION_KEY] = {"submission": got.submission.pk, "article": article.pk if article else None}
            return redirect("leads:thanks")
        return render(request, "leads/form.html", {"form": form, "article": article}, status=200)
    form = LeadForm(initial={"article": article.pk if article else None, **_listing_initial(request)})
    return render(request, "leads/form.html", {"form": form, "article": article})


def _listing_initial(request) -> dict:
    """``?listing=<id>`` (the link on a listing page) pre-fills use, area and region."""
    listing_id = Params(request.GET).id("listing")
    listing = Listing.objects.select_related("park").filter(pk=listing_id).first() if listing_id else None
    if listing is None or not listing.is_available:
        return {}
    return {
        "use": listing.kind, "area_m2": f"{listing.area_m2:f}".rstrip("0").rstrip("."),
        "regions": listing.park.city or listing.park.province,
        "description": f"对「{listing.park.name} · {listing.title}」感兴趣。",
    }


def _as_submitted(submission: Submission, article_id) -> Lead:
    """What the visitor sent, as an unsaved Lead for the confirmation page.

    Never the stored lead: a merged submission would otherwise show an anonymous visitor
    another submitter's industry, region and figures.
    """
    data = submission.data
    industry = Industry.objects.filter(pk=data.get("industry")).first() if data.get("industry") else None
    return Lead(
        company=data.get("company") or "", contact_name=data.get("contact_name") or "",
        phone=submission.phone, use=data.get("use") or "", industry=industry,
        area_m2=data.get("area_m2"), regions=data.get("regions") or "",
        article=Article.objects.published().filter(pk=article_id).first() if article_id else None,
    )


def lead_thanks(request):
    info = request.session.get(SESSION_KEY) or {}
    submission = Submission.objects.filter(pk=info.get("submission")).first() if info.get("submission") else None
    if submission is None:
        return redirect("leads:new")
    return render(request, "leads/thanks.html", {"lead": _as_submitted(submission, info.get("article"))})


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
    if region := _region(request):
        # 意向地区 is free text, read on save into LeadProvince as the park map counts it
        leads = leads.filter(provinces__code=region)
    return leads, stage, q


def _region(request) -> str:
    """``?region=<province code>`` (the park map's links); anything else is no filter."""
    from parkpulse.parks.mapdata import division_name

    code = Params(request.GET).raw("region")
    return code if len(code) == 6 and code.endswith("0000") and division_name(code) else ""


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
        "region": _region(request), "region_name": _region_name(request),
        "today": timezone.localdate(), "query": query.urlencode(),
        "can_export": request.user.has_perm("leads.export_leads"),
        "rules": AssignmentRule.objects.filter(active=True).select_related("industry", "consultant"),
        "my_due": Lead.objects.filter(assignee=request.user, follow_up_on__lte=timezone.localdate())
        .exclude(stage__in=[Stage.SIGNED, Stage.LOST]).count(),
    })


def _region_name(request) -> str:
    from parkpulse.parks.mapdata import division_name

    code = _region(request)
    return division_name(code) if code else ""


def _consultants():
    User = get_user_model()
    return User.objects.filter(Q(groups__name=CONSULTANT_GROUP) | Q(is_superuser=True), is_active=True).distinct()


def _detail_context(request, lead, show_phone=False, desk_form=None, note_form=None):
    parks, listings = matches_for_lead(lead)
    can_edit = lead.can_edit(request.user)
    if desk_form is None and can_edit:
        desk_form = DeskForm(
            initial={"stage": lead.stage, "follow_up_on": lead.follow_up_on, "assignee": lead.assignee,
                     "version": lead.version},
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


CHANGED_MEANWHILE = gettext_noop("该线索刚被他人修改（客户再次提交或其他顾问操作），请查看最新内容后重新保存。")


@desk_required
@require_POST
def update(request, pk):
    """Stage, follow-up and assignee: only the fields that changed, and only if the lead is
    still the version the consultant saw (else 409 with the fresh lead and their input)."""
    lead = _get_lead(pk)
    if not lead.can_edit(request.user):
        raise PermissionDenied
    consultants = _consultants() if request.user.is_superuser else None
    form = DeskForm(request.POST, consultants=consultants)
    if not form.is_valid():
        return render(request, "leads/detail.html", _detail_context(request, lead, desk_form=form), status=400)
    seen = form.cleaned_data.get("version")
    seen = lead.version if seen is None else seen
    changes, fields = [], {}
    new_stage = form.cleaned_data["stage"]
    if new_stage != lead.stage:
        changes.append(_("阶段：%(old)s → %(new)s") % {"old": lead.get_stage_display(), "new": Stage(new_stage).label})
        lead.set_stage(new_stage)
        fields.update(stage=lead.stage, furthest_stage=lead.furthest_stage)
    if form.cleaned_data["follow_up_on"] != lead.follow_up_on:
        fields["follow_up_on"] = form.cleaned_data["follow_up_on"]
        changes.append(_("下次跟进：%(date)s") % {"date": fields["follow_up_on"] or _("无")})
    # a POST without the field (an older page, a script) keeps the assignee
    if "assignee" in form.fields and "assignee" in request.POST and form.cleaned_data["assignee"] != lead.assignee:
        fields["assignee"] = form.cleaned_data["assignee"]
        changes.append(_("顾问：%(name)s") % {"name": fields["assignee"] or _("未分配")})
    if changes or seen != lead.version:
        saved = 0
        if changes:
            with transaction.atomic():
                saved = Lead.objects.filter(pk=lead.pk, version=seen).update(
                    **fields, version=F("version") + 1, updated_at=timezone.now()
                )
                if saved:
                    Note.objects.create(lead=lead, author=request.user, kind=Note.Kind.STAGE, body="；".join(str(c) for c in changes))
        if not saved:  # the lead moved on since the page was drawn (or since it was read above)
            return _conflict(request, pk, form)
        messages.success(request, _("已保存：") + "；".join(str(c) for c in changes))
    return redirect(lead)


def _conflict(request, pk, form):
    """The fresh lead, the consultant's input kept, and a form that saves over the new version."""
    lead = _get_lead(pk)
    data = request.POST.copy()
    data["version"] = str(lead.version)
    retry = DeskForm(data, consultants=form.fields["assignee"].queryset if "assignee" in form.fields else None)
    retry.is_valid()
    retry.add_error(None, gettext(CHANGED_MEANWHILE))
    return render(request, "leads/detail.html", _detail_context(request, lead, desk_form=retry), status=409)


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
    # one conditional UPDATE: of two consultants claiming at once, exactly one matches a row
    with transaction.atomic():
        claimed = Lead.objects.filter(pk=lead.pk, assignee__isnull=True).update(
            assignee=request.user, version=F("version") + 1, updated_at=timezone.now()
        )
        if claimed:
            Note.objects.create(lead=lead, author=request.user, kind=Note.Kind.STAGE, body=f"{request.user} 认领了线索")
    if not claimed:
        messages.error(request, gettext("该线索已有顾问跟进（可能刚被他人认领）。"))
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
    detail = f"{fmt.upper()} 导出 {len(leads)} 条（完整手机号 {whole} 条）筛选：{request.GET.urlencode() or '无'}"
    try:
        if fmt == "xlsx":
            body = export.to_xlsx(leads, request.user)
            ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = export.to_csv(leads, request.user)
            ctype = "text/csv; charset=utf-8"
    except Exception as exc:
        # the audit log says what happened: an export that failed handed out nothing
        AuditLog.objects.create(user=request.user, action=AuditLog.Action.EXPORT, ip=client_ip(request),
                                detail=f"失败({type(exc).__name__}):{detail}"[:300])
        raise
    AuditLog.objects.create(user=request.user, action=AuditLog.Action.EXPORT, ip=client_ip(request),
                            detail=detail[:300])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
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
