"""Comparing 2–5 parks: one plain data structure that the page, the XLSX workbook and the PDF
pitch document all render, so the three always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count
from django.utils.translation import gettext_noop as N_  # translated where shown

from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.models import Park

MIN_PARKS, MAX_PARKS = 2, 5
FACTS_PER_PARK = 8


class CompareError(ValueError):
    """A bad selection, with a message for the reader (Chinese)."""


def parse_ids(values: list[str]) -> list[int]:
    """``?ids=1&ids=2`` or ``?ids=1,2``: distinct ids in the order given."""
    ids: list[int] = []
    for value in values:
        for part in str(value).replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 12:
                raise CompareError(f"园区编号无效：{part[:20]}")
            if int(part) not in ids:
                ids.append(int(part))
    if not MIN_PARKS <= len(ids) <= MAX_PARKS:
        raise CompareError(f"请选择 {MIN_PARKS}–{MAX_PARKS} 个园区进行对比（当前 {len(ids)} 个）。")
    return ids


@dataclass
class RankingRow:
    title: str
    year: int
    is_sample: bool
    groups: list[dict]  # [{code, name}]
    cells: dict[int, dict] = field(default_factory=dict)  # park id → rank, total, score, q05, q95, groups
    columns: list[dict | None] = field(default_factory=list)  # cells in the parks' order (templates)
    group_rows: list[tuple[str, list]] = field(default_factory=list)  # (group name, cell per park)


@dataclass
class Comparison:
    parks: list[Park]
    listings: dict[int, int]
    news: dict[int, int]
    facts: dict[int, list[ParkFact]]
    rankings: list[RankingRow]

    @property
    def fact_columns(self) -> list[list[ParkFact]]:
        return [self.facts.get(p.pk, []) for p in self.parks]

    @property
    def has_sample(self) -> bool:
        return any(p.is_sample for p in self.parks) or any(r.is_sample for r in self.rankings)

    def profile_rows(self) -> list[tuple[str, list[str]]]:
        """(label, one value per park) for the profile table."""
        def area(value):
            return "" if value is None else f"{value.normalize():f} km²"

        return [
            (N_("级别"), [p.get_level_display() for p in self.parks]),
            (N_("所在地"), [" ".join(x for x in (p.province, p.city, p.district) if x) for p in self.parks]),
            (N_("设立时间"), [p.founded.strftime("%Y-%m") if p.founded else "" for p in self.parks]),
            (N_("主导产业"), ["、".join(i.name for i in p.industries.all()) for p in self.parks]),
            (N_("规划面积"), [area(p.planned_area_km2) for p in self.parks]),
            (N_("建成面积"), [area(p.built_area_km2) for p in self.parks]),
            (N_("在租/在售载体"), [str(self.listings.get(p.pk, 0)) for p in self.parks]),
            (N_("相关新闻"), [str(self.news.get(p.pk, 0)) for p in self.parks]),
            (N_("资料来源"), [p.source_note for p in self.parks]),
        ]


def build(ids: list[int]) -> Comparison:
    parks_by_id = Park.objects.prefetch_related("industries").in_bulk(ids)
    missing = [i for i in ids if i not in parks_by_id]
    if missing:
        raise CompareError(f"园区不存在：{', '.join(map(str, missing))}")
    parks = [parks_by_id[i] for i in ids]
    listings = dict(
        Park.objects.filter(pk__in=ids, listings__is_available=True)
        .annotate(n=Count("listings")).values_list("pk", "n")
    )
    Article = apps.get_model("portal", "Article")
    news = dict(
        Article.parks.through.objects.filter(
            park_id__in=ids, article__status="published", article__duplicate_of__isnull=True
        ).values("park_id").annotate(n=Count("article_id")).values_list("park_id", "n")
    )
    facts: dict[int, list[ParkFact]] = {i: [] for i in ids}
    seen = set()
    for f in (ParkFact.objects.filter(park_id__in=ids, status=ParkFact.Status.CONFIRMED)
              .order_by("park_id", "-year", "-source_date", "-id")[:500]):
        if (f.park_id, f.metric) in seen or len(facts[f.park_id]) >= FACTS_PER_PARK:
            continue  # the newest figure of each metric
        seen.add((f.park_id, f.metric))
        facts[f.park_id].append(f)
    rankings = _rankings(ids)
    for r in rankings:
        r.columns = [r.cells.get(i) for i in ids]
        r.group_rows = [(g.get("name", g.get("code")), [x["groups"][gi] if x else None for x in r.columns])
                        for gi, g in enumerate(r.groups)]
    return Comparison(parks, listings, news, facts, rankings)


def _rankings(ids: list[int]) -> list[RankingRow]:
    """Per ranking dataset: the newest run's latest year, for the parks it ranks."""
    try:
        UnitResult = apps.get_model("rankings", "UnitResult")
    except LookupError:
        return []
    rows = (UnitResult.objects.filter(park_id__in=ids).select_related("run__dataset")
            .order_by("-run__created_at", "-run_id", "-year"))
    chosen: dict[int, tuple] = {}  # dataset id → (run, year)
    for r in rows[:500]:
        chosen.setdefault(r.run.dataset_id, (r.run, r.year))
    out = []
    for run, year in chosen.values():
        years = run.years
        intervals = {}
        if years and year == max(years):
            intervals = {u["code"]: u for u in run.uncertainty or []}
        total = UnitResult.objects.filter(run=run, year=year).count()
        row = RankingRow(f"{run.dataset.name} {year}", year, run.dataset.is_sample, list(run.groups or []))
        for u in UnitResult.objects.filter(run=run, year=year, park_id__in=ids):
            i = intervals.get(u.code, {})
            row.cells[u.park_id] = {
                "rank": u.rank, "total": total, "score": None if u.score is None else round(u.score, 2),
                "q05": i.get("q05"), "q95": i.get("q95"), "url": u.get_absolute_url(),
                "groups": [{"name": g.get("name", g.get("code")), "score": _round(u.scores.get(g.get("code"))),
                            "rank": u.ranks.get(g.get("code"))} for g in row.groups],
            }
        out.append(row)
    return out


def _round(value):
    return None if value is None else round(value, 2)
