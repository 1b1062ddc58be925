"""Park facts from the news: extraction when an article is (re)analysed, editors' review, and
the per-metric timeline of confirmed figures.

Extraction runs after enrichment has linked the article to its parks: the search index row
(``search.SearchDocument``) is saved at the end of every analysis, so a ``post_save`` on it
(connected in apps.py) sees the final park links without touching enrichment's code. Only
the parks the article is linked to are looked for. Re-analysis replaces the article's pending
facts; reviewed ones (confirmed or rejected) are kept and never proposed again.

Review follows the park profile's versioning: each confirm, correction or rejection stores a
numbered ``ParkFactRevision`` with a JSON snapshot, its author and reason.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags

from parkpulse.parks.fact_models import ParkFact, ParkFactRevision
from parkpulse.textkit.facts import FactExtractor

log = logging.getLogger(__name__)

SNAPSHOT_FIELDS = ("metric", "value", "unit", "qualifier", "period", "year", "status")
EDITABLE = ("metric", "value", "unit", "qualifier", "period", "year")


def article_plain_text(article) -> str:
    body = article.body_text or strip_tags(article.body_html or "")
    return "\n".join(p for p in (article.title or "", article.summary or "", body) if p)


def extract_for_article(article) -> list[ParkFact]:
    """Replace the article's pending facts with what its text says now; returns the new ones."""
    from parkpulse.portal.models import Article

    published = article.status == Article.Status.PUBLISHED and article.duplicate_of_id is None
    rows = list(article.parks.values_list("id", "name", "aliases", "former_names")) if published else []
    with transaction.atomic():
        ParkFact.objects.filter(article=article, status=ParkFact.Status.PENDING).delete()
        if not rows:
            return []
        extractor = FactExtractor((pk, [name, *(aliases or []), *(former or [])])
                                  for pk, name, aliases, former in rows)
        found = extractor.extract(article_plain_text(article), published=article.published_at.date())
        reviewed = {
            (f.park_id, f.metric, f.value, f.unit, f.sentence)
            for f in ParkFact.objects.filter(article=article).exclude(status=ParkFact.Status.PENDING)
        }
        new, seen = [], set()
        for f in found:
            key = (f.park, f.metric, _q(f.value), f.unit, f.sentence)
            if key in reviewed or key in seen:
                continue
            seen.add(key)
            new.append(ParkFact(
                park_id=f.park, article=article, source_title=article.title[:300],
                source_url=(article.source_url or "")[:500], source_date=article.published_at.date(),
                metric=f.metric, value=_q(f.value), unit=f.unit, qualifier=f.qualifier[:16],
                period=f.period[:40], year=f.year, sentence=f.sentence, raw=f.raw[:60],
            ))
        return ParkFact.objects.bulk_create(new)


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1E-6"))  # the stored precision, so keys compare with stored rows


def on_search_document_saved(sender, instance, raw=False, **kwargs):
    """post_save of search.SearchDocument: the article was just analysed and linked."""
    if raw:
        return
    try:
        with transaction.atomic():
            extract_for_article(instance.article)
    except Exception:  # the article and its index are stored; facts can be re-extracted later
        log.exception("fact extraction failed for article %s", instance.article_id)


def on_article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of portal.Article: a status change re-analyses nothing (the text is the
    same), so unpublishing drops pending facts here and republishing extracts them again."""
    if raw or (update_fields is not None and not {"status", "duplicate_of"} & set(update_fields)):
        return
    from parkpulse.portal.models import Article

    try:
        if instance.status != Article.Status.PUBLISHED or instance.duplicate_of_id is not None:
            ParkFact.objects.filter(article=instance, status=ParkFact.Status.PENDING).delete()
        elif (_has_index_row(instance) and not ParkFact.objects.filter(article=instance).exists()
              and instance.parks.exists()):
            with transaction.atomic():
                extract_for_article(instance)
    except Exception:
        log.exception("fact extraction failed for article %s", instance.pk)


def _has_index_row(article) -> bool:
    from django.apps import apps

    return apps.get_model("search", "SearchDocument").objects.filter(pk=article.pk).exists()


# ---- review ---------------------------------------------------------------------------------


def snapshot(fact: ParkFact) -> dict:
    data = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(fact, name)
        data[name] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
    return data


def _record(fact: ParkFact, author, reason: str) -> ParkFactRevision:
    number = (fact.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ParkFactRevision.objects.create(fact=fact, number=number, snapshot=snapshot(fact),
                                           author=author, reason=reason[:300])


def review(fact: ParkFact, user, action: str, values: dict | None = None, reason: str = "") -> ParkFact:
    """``action`` is confirm, correct (confirm with edited ``values``) or reject.

    The first review stores the extracted state as version 1, so a correction always shows
    what the machine read and what the editor changed it to.
    """
    if action not in ("confirm", "correct", "reject"):
        raise ValueError(f"unknown review action: {action}")
    with transaction.atomic():
        fact = ParkFact.objects.select_for_update().get(pk=fact.pk)
        if not fact.revisions.exists():
            _record(fact, None, "自动提取")
        if action == "correct":
            for name, value in (values or {}).items():
                if name in EDITABLE:
                    setattr(fact, name, value)
        fact.status = ParkFact.Status.REJECTED if action == "reject" else ParkFact.Status.CONFIRMED
        fact.reviewer = user
        fact.reviewed_at = timezone.now()
        fact.review_note = reason[:300]
        fact.full_clean(exclude=["article", "reviewer"])
        fact.save()
        default = {"confirm": "确认", "correct": "更正并确认", "reject": "驳回"}[action]
        _record(fact, user, reason or default)
    return fact


# ---- reading ---------------------------------------------------------------------------------


def timeline(park, per_metric: int = 8) -> list[tuple[str, list[ParkFact]]]:
    """Confirmed facts by metric (most facts first), newest period first within each."""
    facts = (ParkFact.objects.filter(park=park, status=ParkFact.Status.CONFIRMED)
             .select_related("article").order_by("metric", "-year", "-source_date", "-id"))
    groups: OrderedDict[str, list[ParkFact]] = OrderedDict()
    for f in facts[:500]:
        groups.setdefault(f.metric, []).append(f)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(metric, rows[:per_metric]) for metric, rows in ordered]


def confirmed_candidates(park_ids, metric: str | None = None) -> dict[int, list[ParkFact]]:
    """Newest confirmed facts per park, for offering values (e.g. on a ranking import)."""
    qs = ParkFact.objects.filter(park_id__in=list(park_ids), status=ParkFact.Status.CONFIRMED)
    if metric:
        qs = qs.filter(metric=metric)
    out: dict[int, list[ParkFact]] = {}
    for f in qs.order_by("park_id", "metric", "-year", "-source_date"):
        out.setdefault(f.park_id, []).append(f)
    return out


def latest_confirmed(limit: int = 200) -> list[ParkFact]:
    """The newest confirmed figure of each (park, metric, year): candidate indicator values."""
    seen, out = set(), []
    qs = (ParkFact.objects.filter(status=ParkFact.Status.CONFIRMED).select_related("park")
          .order_by("park__name", "metric", "-year", "-source_date", "-id"))
    for f in qs.iterator(chunk_size=500):
        key = (f.park_id, f.metric, f.year)
        if key not in seen:
            seen.add(key)
            out.append(f)
            if len(out) >= limit:
                break
    return out
