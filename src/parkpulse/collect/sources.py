"""Create and import sources with validation that names the problem (CLI, YAML, admin)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from parkpulse.collect.models import Source
from parkpulse.portal.models import Category

FIELDS = {
    "name", "url", "home_url", "kind", "start_urls", "article_pattern", "pagination_pattern",
    "allowed_pattern", "category", "include_keywords", "exclude_keywords", "publish",
    "max_pages", "recrawl_minutes", "enabled", "is_sample",
}


class SourceError(ValueError):
    pass


def _words(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value or "")


def save_source(data: dict, *, update: bool = True) -> tuple[Source, bool]:
    """Create (or, with ``update``, update) the source described by ``data``.

    Returns (source, created). Raises SourceError naming the source and the bad field.
    """
    name = str(data.get("name") or "").strip()
    if not name:
        raise SourceError("来源缺少名称 (name is required)")
    unknown = set(data) - FIELDS
    if unknown:
        raise SourceError(f"来源 {name}: 未知字段 (unknown fields) {', '.join(sorted(unknown))}")
    home = data.get("home_url") or data.get("url")
    starts = data.get("start_urls") or []
    if isinstance(starts, str):
        starts = [starts]
    if not home and starts:
        home = starts[0]
    if not home:
        raise SourceError(f"来源 {name}: 缺少地址 (url is required)")
    source = Source.objects.filter(name=name).first()
    created = source is None
    if not created and not update:
        raise SourceError(f"来源 {name} 已存在 (already exists)")
    source = source or Source(name=name)
    source.home_url = home
    source.start_urls = "\n".join(starts)
    for key in ("kind", "article_pattern", "pagination_pattern", "allowed_pattern"):
        if key in data:
            setattr(source, key, str(data[key] or ""))
    for key in ("include_keywords", "exclude_keywords"):
        if key in data:
            setattr(source, key, _words(data[key]))
    for key in ("publish", "enabled", "is_sample"):
        if key in data:
            setattr(source, key, bool(data[key]))
    for key in ("max_pages", "recrawl_minutes"):
        if key in data:
            try:
                setattr(source, key, int(data[key]))
            except (TypeError, ValueError) as exc:
                raise SourceError(f"来源 {name}: {key} 应为整数 (must be an integer)") from exc
    if data.get("category"):
        cat = Category.objects.filter(slug=data["category"]).first()
        if cat is None:
            raise SourceError(f"来源 {name}: 栏目不存在 (no category with slug {data['category']!r})")
        source.default_category = cat
    try:
        source.full_clean()
    except ValidationError as exc:
        msgs = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise SourceError(f"来源 {name}: {msgs}") from exc
    source.save()
    return source, created


def import_yaml(path: str | Path) -> list[tuple[Source, bool]]:
    """Import every source in a YAML file (a list, or a mapping with ``sources:``).

    All or nothing: the first invalid entry aborts the import and nothing is saved.
    """
    import yaml

    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourceError(f"文件不存在 (no such file): {p}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML 格式错误 (invalid YAML) in {p}: {exc}") from exc
    if isinstance(doc, dict):
        doc = doc.get("sources")
    if not isinstance(doc, list):
        raise SourceError(f"{p}: 应为来源列表或含 sources: 的映射 (expected a list of sources)")
    out = []
    with transaction.atomic():
        for i, entry in enumerate(doc, 1):
            if not isinstance(entry, dict):
                raise SourceError(f"{p}: 第 {i} 项不是映射 (entry {i} is not a mapping)")
            out.append(save_source(entry))
    return out
