"""Demo of facts from the news: two sample articles （示例数据， invented figures） about demo
parks; their figures are extracted as enrichment would, and the editor confirms some, so
the park page's 数据动态 and the editors' review queue both have something to show."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from parkpulse.parks import news_facts
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.models import Park

ARTICLES = [
    ("示例：苏州工业园区发布年度经济运行数据（示例数据）", 400,
     "示例数据，数字为本项目编写。2023年，苏州工业园区实现营业收入3300亿元，同比增长6.5%。"
     "园区国家高新技术企业总数累计超2200家，新增上市企业6家。全市高新技术企业达1.5万家，"
     "其中苏州工业园区占比约15%。力争到2025年，园区营业收入突破4000亿元。"),
    ("示例：苏州工业园区上半年签约重大项目（示例数据）", 120,
     "示例数据，数字为本项目编写。2024年上半年，苏州工业园区集中签约项目36个，总投资420亿元；"
     "园区实现营业收入1750亿元，同比增长5.2%。东湖高新区同期签约项目28个。"),
]
CONFIRM = {"营业收入", "高新技术企业数", "签约项目数"}


def load_demo(log=print, editor=None) -> None:
    from parkpulse.portal.models import Article, Category

    sip = Park.objects.filter(name="苏州工业园区").first()
    if sip is None:
        return
    category = Category.objects.filter(slug="news").first() or Category.objects.order_by("id").first()
    made = 0
    for title, days_ago, body in ARTICLES:
        article, created = Article.objects.get_or_create(
            title=title,
            defaults={"body_text": body, "summary": body[:80], "category": category, "status": "published",
                      "published_at": timezone.now() - timedelta(days=days_ago), "is_sample": True,
                      "author": "示例作者"},
        )
        linked = [p for p in Park.objects.all() if any(n and n in body for n in p.all_names)]
        article.parks.add(*linked)
        if created or not article.park_facts.exists():
            made += len(news_facts.extract_for_article(article))
    if editor is not None:
        for fact in ParkFact.objects.filter(article__title__in=[t for t, _d, _b in ARTICLES],
                                            status=ParkFact.Status.PENDING, metric__in=CONFIRM):
            news_facts.review(fact, editor, "confirm", reason="示例：已核对原文")
    log(f"新闻数据：示例文章 {len(ARTICLES)} 篇，提取 {made} 条数据（示例数据），部分已由 editor 确认")
