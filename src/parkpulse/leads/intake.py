"""Receiving a lead: the rate limit, the 30-day merge and automatic assignment.

The rate limit counts ``Submission`` rows in the database, so it holds across every gunicorn
worker and server without a shared cache. Limits are settings with safe defaults.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from parkpulse.leads.match_core import expand_regions, normalize_region, split_regions
from parkpulse.leads.models import AssignmentRule, Lead, Note, Submission

MERGE_WINDOW = timedelta(days=30)
RATE_WINDOW = timedelta(hours=1)


def rate_limits() -> tuple[int, int]:
    """(per IP, per phone) submissions allowed in one hour."""
    return (
        int(getattr(settings, "LEADS_RATE_LIMIT_PER_IP", 10)),
        int(getattr(settings, "LEADS_RATE_LIMIT_PER_PHONE", 3)),
    )


def rate_limited(ip: str | None, phone: str) -> str | None:
    """The Chinese message to show when this IP or phone has sent too much, else None."""
    per_ip, per_phone = rate_limits()
    since = timezone.now() - RATE_WINDOW
    recent = Submission.objects.filter(created_at__gte=since)
    if ip and recent.filter(ip=ip).count() >= per_ip:
        return gettext("您提交得太频繁了，请一小时后再试，或直接致电我们。")
    if recent.filter(phone=phone).count() >= per_phone:
        # says nothing about earlier submissions: the visitor may not be the one who sent them
        return gettext("该手机号提交次数过多，请一小时后再试，或直接致电我们。")
    return None


# After NFKC (which folds （） and ［］ to ASCII), the other bracket shapes people use in names.
_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")", "〖": "(", "〗": ")"})


def company_key(company: str) -> str:
    """The company name as compared for merging: NFKC, one bracket shape, no spaces, no case.

    ``示例(苏州)有限公司``, ``示例（苏州）有限公司`` and ``示例 【苏州】 有限公司`` are one company.
    """
    text = unicodedata.normalize("NFKC", company).translate(_BRACKETS)
    return "".join(text.split()).casefold()


def pick_assignee(lead: Lead):
    """The consultant of the first active rule whose region and industry fit the lead."""
    for rule in AssignmentRule.objects.filter(active=True, consultant__is_active=True).select_related("consultant"):
        if rule.industry_id and rule.industry_id != lead.industry_id:
            continue
        if rule.region and not _region_fits(rule.region, lead.regions):
            continue
        return rule.consultant
    return None


def _with_ancestors(names: set[str], text: str) -> set[str]:
    """The places a region text names plus the cities and provinces they lie in （苏州 → 江苏）."""
    from parkpulse.textkit.regions import find_regions, gazetteer

    divisions = gazetteer().by_code
    found = {
        normalize_region(divisions[r.code].name)
        for r in find_regions(text, declared=True) if r.code in divisions  # a field of places
    }
    return names | found


def _region_fits(rule_region: str, lead_regions: str) -> bool:
    """True when the rule's region and the lead's overlap, one containing the other:
    rule 长三角 takes a lead for 江苏 or 苏州；rule 江苏 takes a lead for 昆山，or one open to
    all of 长三角."""
    if not lead_regions:
        return False
    lead = expand_regions(split_regions(lead_regions))
    if lead is None:  # 'anywhere' is for rules without a region
        return False
    rule = expand_regions(split_regions(rule_region))
    if rule is None:
        return True
    return bool(rule & _with_ancestors(lead, lead_regions)) or bool(lead & _with_ancestors(rule, rule_region))


def _lock_phone(phone: str) -> None:
    """Serialise submissions of one phone so a double click cannot create two leads.

    SQLite already runs write transactions one at a time (IMMEDIATE mode in settings); on
    PostgreSQL a transaction-scoped advisory lock keyed on the number does the same.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [int(phone)])


@dataclass
class Received:
    lead: Lead
    submission: Submission
    merged: bool


FIELDS = ("description", "industry", "use", "area_m2", "investment_wan", "annual_tax_wan", "regions",
          "company", "contact_name", "phone", "consent")


class RateLimited(Exception):
    """Raised by ``receive`` with the Chinese message to show."""


def receive(cleaned: dict, ip: str | None, article=None) -> Received:
    """Store a validated submission: a new lead, or one more submission of the same lead.

    The form is public, so a submission never changes or reveals an existing lead: with the
    same phone and company within 30 days it is added to that lead's submissions (the
    consultant sees it on the lead page, with a note), and the visitor is shown what they
    sent, exactly as for a new lead.

    Raises RateLimited. The limit is checked under the same lock as the merge, so racing
    requests cannot slip past it either.
    """
    now = timezone.now()
    key = company_key(cleaned["company"])
    data = {k: (str(v.pk) if hasattr(v, "pk") else (str(v) if v is not None else None))
            for k, v in cleaned.items() if k in FIELDS}
    with transaction.atomic():
        _lock_phone(cleaned["phone"])
        limited = rate_limited(ip, cleaned["phone"])
        if limited:
            raise RateLimited(limited)
        lead = (
            Lead.objects.select_for_update()
            .filter(phone=cleaned["phone"], company_key=key, last_submitted_at__gte=now - MERGE_WINDOW)
            .order_by("-last_submitted_at")
            .first()
        )
        if lead is not None:
            stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
            # only the counters: a desk save racing this one keeps its own fields (see views.update)
            Lead.objects.filter(pk=lead.pk).update(
                submission_count=F("submission_count") + 1, last_submitted_at=now,
                version=F("version") + 1, updated_at=now,
            )
            # the caller and the submission's receivers (metrics) read the new counts
            lead.refresh_from_db(fields=["submission_count", "last_submitted_at", "version", "updated_at"])
            Note.objects.create(
                lead=lead, kind=Note.Kind.SYSTEM,
                body=f"客户于 {stamp} 再次提交需求，内容见提交记录（线索资料未自动改动）",
            )
            merged = True
        else:
            lead = Lead(
                description=cleaned["description"], industry=cleaned.get("industry"), use=cleaned["use"],
                area_m2=cleaned.get("area_m2"), investment_wan=cleaned.get("investment_wan"),
                annual_tax_wan=cleaned.get("annual_tax_wan"), regions=cleaned.get("regions", ""),
                company=cleaned["company"], company_key=key, contact_name=cleaned["contact_name"],
                phone=cleaned["phone"], consent=cleaned["consent"], article=article,
                last_submitted_at=now,
            )
            lead.assignee = pick_assignee(lead)
            lead.save()
            if lead.assignee:
                Note.objects.create(lead=lead, kind=Note.Kind.SYSTEM, body=f"按分配规则分配给 {lead.assignee}")
            merged = False
        submission = Submission.objects.create(lead=lead, ip=ip, phone=cleaned["phone"], data=data)
    return Received(lead, submission, merged)
