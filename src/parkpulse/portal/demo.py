"""Demo content for the portal: sample categories, sources, tags, articles with covers, parks
and the 招商 call-to-action. Everything is labelled sample （示例，``is_sample=True``）.

The articles are written for this project (``data/demo_articles.yaml``) about invented parks
and firms; the real parks carry only facts with a source (name, level, location).
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from parkpulse.collect.models import Source
from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, CallToAction, Category, Tag

DATA = Path(__file__).with_name("data") / "demo_articles.yaml"
COVER_EVERY = 4  # every fourth article gets a generated cover

# Same wording as the parks demo, which runs next and fills in the rest of each profile.
TORCH_LIST = "名称、级别、所在地：科技部火炬中心公布的国家高新区名单"
MOFCOM_LIST = "名称、级别、所在地：商务部公布的国家级经济技术开发区名单"
REAL_PARKS = [
    ("中关村科技园区", Park.Level.NATIONAL_HIGH_TECH, "北京市", "北京市", TORCH_LIST),
    ("上海张江高新技术产业开发区", Park.Level.NATIONAL_HIGH_TECH, "上海市", "上海市", TORCH_LIST),
    ("深圳市高新技术产业园区", Park.Level.NATIONAL_HIGH_TECH, "广东省", "深圳市", TORCH_LIST),
    ("武汉东湖新技术开发区", Park.Level.NATIONAL_HIGH_TECH, "湖北省", "武汉市", TORCH_LIST),
    ("西安高新技术产业开发区", Park.Level.NATIONAL_HIGH_TECH, "陕西省", "西安市", TORCH_LIST),
    ("苏州工业园区", Park.Level.NATIONAL_HIGH_TECH, "江苏省", "苏州市",
     TORCH_LIST + ";同时列入商务部国家级经济技术开发区名单"),
    ("天津经济技术开发区", Park.Level.NATIONAL_ETDZ, "天津市", "天津市", MOFCOM_LIST),
]
# Invented parks that the sample articles talk about.
SAMPLE_PARKS = ["青禾湾高新区", "云溪经开区", "北岭智造产业园", "松涛生物医药港", "南渡港物流园"]
SAMPLE_NOTE = "示例数据：虚构园区，为 ParkPulse 演示编写"

PALETTE = [(11, 110, 79), (37, 99, 235), (194, 65, 12), (124, 58, 237), (8, 145, 178)]


def make_cover(seed: int) -> bytes:
    """A small abstract 'skyline' PNG, so the demo ships no binary files."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    w, h = 480, 300
    top = PALETTE[seed % len(PALETTE)]
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    for y in range(h):  # vertical gradient to a light sky
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - t) + 235 * t) for c in top))
    x = 0
    while x < w:
        bw, bh = rng.randint(30, 70), rng.randint(60, 190)
        shade = tuple(max(0, c - 60) for c in top)
        draw.rectangle([x, h - bh, x + bw - 4, h], fill=shade)
        for wy in range(h - bh + 10, h - 10, 18):  # windows
            for wx in range(x + 6, x + bw - 10, 14):
                if rng.random() < 0.6:
                    draw.rectangle([wx, wy, wx + 6, wy + 8], fill=(250, 240, 200))
        x += bw
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _tag(name: str, cache: dict[str, Tag]) -> Tag:
    if name not in cache:
        cache[name], _ = Tag.objects.get_or_create(
            kind=Tag.Kind.TOPIC, slug=slugify(name, allow_unicode=True) or name, defaults={"name": name}
        )
    return cache[name]


@transaction.atomic
def load_demo(log=print) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    cats = {}
    for order, c in enumerate(data["categories"]):
        cats[c["slug"]], _ = Category.objects.update_or_create(
            slug=c["slug"], defaults={"name": c["name"], "name_en": c.get("name_en", ""), "order": order}
        )
    sources = []
    for s in data["sources"]:
        src, _ = Source.objects.update_or_create(
            # Attribution only: these example.com sources are never crawled, so they are not
            # enabled (the scheduler would try them and /collect/ would list them as due forever).
            name=s["name"], defaults={"home_url": s["home_url"], "default_category": cats[s["category"]],
                                      "enabled": False, "is_sample": True}
        )
        sources.append(src)

    parks = {}
    for name, level, province, city, note in REAL_PARKS:
        # Facts with their source only; the parks demo adds the labelled sample profile.
        parks[name], _ = Park.objects.update_or_create(name=name, defaults={
            "level": level, "province": province, "city": city, "source_note": note,
            "is_sample": True,
        })
    for name in SAMPLE_PARKS:
        parks[name], _ = Park.objects.update_or_create(name=name, defaults={
            "level": Park.Level.OTHER, "source_note": SAMPLE_NOTE,
            "description": f"示例简介：{name}是为 ParkPulse 演示虚构的园区，示例文章中的相关动态均为编写的示例内容。",
            "is_sample": True,
        })

    CallToAction.objects.all().delete()
    CallToAction.objects.create()  # the model's defaults are the standard 招商 text

    rng = random.Random(20240928)
    now = timezone.now()
    tags: dict[str, Tag] = {}
    for i, a in enumerate(data["articles"]):
        paras = a["paras"]
        published = now - timedelta(days=a["days"], hours=rng.randint(1, 10), minutes=rng.randint(0, 59))
        source = sources[i % len(sources)]
        url = f"{source.home_url}sample/{i + 1:03d}.html"
        article = Article.objects.create(
            title=a["title"],
            author=a["author"],
            published_at=published,
            collected_at=published + timedelta(hours=1),
            category=cats[a["cat"]],
            source=source,
            source_url=url,
            canonical_url=url,
            body_html="".join(f"<p>{escape(p)}</p>" for p in paras),
            body_text="\n".join(paras),
            summary=paras[0],
            status=Article.Status.PUBLISHED,
            view_count=rng.randint(40, 2400),
            is_sample=True,
        )
        # A park is tagged as a park by enrichment (search), from the text.
        article.tags.set([_tag(t, tags) for t in a["tags"] if t not in SAMPLE_PARKS])
        article.parks.set([parks[n] for n in SAMPLE_PARKS if any(n in t for t in [a["title"], *paras])])
        if i % COVER_EVERY == 0:
            article.cover.save(f"sample-{i + 1:03d}.png", ContentFile(make_cover(i)), save=True)
    log(f"门户示例数据：{len(data['articles'])} 篇文章，{len(cats)} 个栏目，{len(parks)} 个园区 (portal demo)")
