"""Source templates: lines a site pastes into the content block of every story.

Many sites put the same lines inside the article body of every page: a 招商 contact line, a
column sign-off, a subscription plug, a custom disclaimer. General rules in the extractor catch
the common shapes at the ends of a body; what is left is site-specific and is learned here
from what the crawl saw:

- ``learn(source)``: the normalised lines of the source's extracted bodies (as the extractor
  gave them, kept on ``Page.raw_text``) are counted once per page; a line on at least
  ``MIN_PAGES`` pages and on ``MIN_SHARE`` of the source's pages is template. Lines whose
  text varies by nature （a date, 责任编辑：某某， 作者， 来源） are never template, even when one
  editor signs every page. The result is stored as ``TemplateLine`` rows; editors may pin a
  line (always strip) or release it (never strip) in the admin. When the set of lines to strip
  changes, the source's ``template_version`` goes up.
- ``strip(keys, text, html)``: the body without the template lines (whole lines only, so an
  article sentence that quotes the same words inside a longer line stays).
- ``reclean(source)``: re-applies the current template to every stored article of the source
  from its raw extracted body, records on ``Page.template_removed`` what was removed, and logs
  a ``TemplateChange``. A plain function: the crawl calls it when it ends, ``parkpulse source
  retemplate`` and the admin call it, and a task queue may call it later.

All state is in the database, so distributed workers share it: each ingest compares the
source's ``template_version`` with the one it loaded.
"""

from __future__ import annotations

import hashlib
import html as _html
import re
import unicodedata
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils import timezone

MIN_PAGES = 3  # a line must recur on at least this many pages of the source
MIN_SHARE = 0.5  # ... and on at least this share of the source's pages
MIN_CHARS = 4  # shorter lines ("图", "完") are left to the extractor
MAX_CHARS = 600  # a recurring line longer than this is a repost, not furniture

_SPACE = re.compile(r"\s+")
# Lines that vary by nature: a date or a time, bylines and editor sign-offs.
_VARYING = re.compile(
    r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}|"
    r"^\W{0,3}(?:责任编辑|責任編輯|编辑|編輯|责编|作者|记者|記者|通讯员|來源|来源|撰文|摄影|攝影|校对|审核)\s*[:：\s]")
# The sample-data label: the demo and fixture sites repeat it on every page on purpose, and
# sample data must stay labelled wherever it is shown, so it is never learned as template.
_LABEL = re.compile(r"示例数据|示例資料")
_BLOCK = re.compile(r"<(p|h[1-6]|li|pre|table|blockquote|div|figure)\b[^>]*>.*?</\1>|<img\b[^>]*>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")


def normalise(line: str) -> str:
    """The comparable form of a line: NFKC, no whitespace, lower case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", line)).lower()


def key_of(line: str) -> str:
    return hashlib.sha256(normalise(line).encode()).hexdigest()


def can_be_template(line: str) -> bool:
    n = len(normalise(line))
    return MIN_CHARS <= n <= MAX_CHARS and not _VARYING.search(line.strip()) and not _LABEL.search(line)


def recurring(bodies: list[str]) -> dict[str, tuple[str, int]]:
    """key → (text as first seen, pages holding it) for the lines that are template."""
    pages: Counter = Counter()
    first: dict[str, str] = {}
    for body in bodies:
        seen = set()
        for line in (body or "").split("\n"):
            line = line.strip()
            if not line or not can_be_template(line):
                continue
            k = key_of(line)
            if k not in seen:
                seen.add(k)
                pages[k] += 1
                first.setdefault(k, line)
    total = len(bodies)
    need = max(MIN_PAGES, MIN_SHARE * total)
    return {k: (first[k], n) for k, n in pages.items() if n >= need}


# ---------------------------------------------------------------- applying a template
def strip(keys: frozenset[str] | set[str], text: str, html: str) -> tuple[str, str, list[str]]:
    """(text, html, removed lines): the body without lines whose key is in ``keys``."""
    if not keys:
        return text, html, []
    kept, removed = [], []
    for line in (text or "").split("\n"):
        if line.strip() and key_of(line) in keys:
            removed.append(line.strip())
        else:
            kept.append(line)
    if not removed:
        return text, html, []

    def block(m):
        inner = _TAGS.sub("", m.group(0))
        plain = _html.unescape(inner).strip()
        return "" if plain and key_of(plain) in keys else m.group(0)

    return "\n".join(kept), _BLOCK.sub(block, html or ""), removed


def active_keys(source) -> frozenset[str]:
    """Keys of the lines stripped from this source's bodies now."""
    from parkpulse.collect.models import TemplateLine

    rows = TemplateLine.objects.filter(source=source).values_list("key", "state", "recurring")
    return frozenset(k for k, state, rec in rows
                     if state == TemplateLine.State.PINNED or (state == TemplateLine.State.LEARNED and rec))


# ---------------------------------------------------------------- learning
def learn(source) -> bool:
    """Re-learn the source's template from its stored pages; True when what is stripped changed.

    Runs in one transaction holding the source row, so two workers finishing together learn
    one after the other.
    """
    from parkpulse.collect.models import Page, Source, TemplateLine

    with transaction.atomic():
        Source.objects.select_for_update().filter(pk=source.pk).first()
        before = active_keys(source)
        bodies = list(Page.objects.filter(source=source, article__isnull=False).exclude(raw_text="")
                      .values_list("raw_text", flat=True))
        found = recurring(bodies) if len(bodies) >= MIN_PAGES else {}
        rows = {r.key: r for r in TemplateLine.objects.filter(source=source)}
        now = timezone.now()
        total = max(1, len(bodies))
        for k, (text, n) in found.items():
            row = rows.get(k)
            if row is None:
                TemplateLine.objects.create(source=source, key=k, text=text[:2000], pages=n,
                                            share=round(n / total, 3), recurring=True)
            elif not row.recurring or row.pages != n:
                TemplateLine.objects.filter(pk=row.pk).update(
                    recurring=True, pages=n, share=round(n / total, 3), updated_at=now)
        gone = [r.pk for k, r in rows.items() if k not in found and r.recurring]
        if gone:
            TemplateLine.objects.filter(pk__in=gone).update(recurring=False, updated_at=now)
        after = active_keys(source)
        if after != before:
            Source.objects.filter(pk=source.pk).update(template_version=F("template_version") + 1)
        return after != before


def bump(source) -> None:
    """Note that the template changed (an editor pinned or released a line)."""
    from parkpulse.collect.models import Source

    Source.objects.filter(pk=source.pk).update(template_version=F("template_version") + 1)


# ---------------------------------------------------------------- re-cleaning stored articles
def reclean(source, reason: str = "learned") -> list[int]:
    """Apply the source's current template to all its stored articles; the ids that changed.

    Each article is rebuilt from its page's raw extracted body, so a released line comes back
    and a newly learned one goes. What was removed is kept on the page; the run is logged.
    """
    from parkpulse.collect.models import Fingerprint, Page, TemplateChange
    from parkpulse.dedup import fingerprint, signature_bytes
    from parkpulse.sanitize import clean

    keys = active_keys(source)
    changed: list[int] = []
    removed_total = 0
    pages = (Page.objects.filter(source=source, article__isnull=False).exclude(raw_text="")
             .select_related("article"))
    for page in pages.iterator(chunk_size=200):
        art = page.article
        text, html, removed = strip(keys, page.raw_text, page.raw_html)
        text = text.strip()
        if text == (art.body_text or "").strip() and removed == (page.template_removed or []):
            continue
        with transaction.atomic():
            if text != (art.body_text or "").strip():
                art.body_text = text
                art.body_html = clean(html)
                art.summary = text[:200]
                art.save(update_fields=["body_text", "body_html", "summary", "updated_at"])
                if art.duplicate_of_id is None:
                    Fingerprint.objects.filter(article=art).delete()
                    Fingerprint.objects.create(article=art, signature=signature_bytes(fingerprint(text)))
                changed.append(art.id)
            Page.objects.filter(pk=page.pk).update(template_removed=removed)
        removed_total += len(removed)
    TemplateChange.objects.create(source=source, reason=reason[:40], articles_changed=len(changed),
                                  lines_removed=removed_total, template_size=len(keys))
    return changed
