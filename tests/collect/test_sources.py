"""Sources from the CLI and YAML: created, listed, and bad input named without harm."""

from __future__ import annotations

import pytest

from parkpulse.collect.models import Source
from parkpulse.portal.models import Category
from parkpulse.site.cli import main

pytestmark = pytest.mark.django_db


def test_source_add_and_list(capsys):
    Category.objects.create(slug="policy", name="政策")
    rc = main(["source", "add", "示例政策网", "http://p.test/list.html", "--kind", "list",
               "--article-pattern", r"/art/\d+\.html", "--category", "policy", "--publish"])
    assert rc == 0
    s = Source.objects.get(name="示例政策网")
    assert (s.kind, s.publish, s.default_category.slug) == ("list", True, "policy")
    assert s.start_url_list() == ["http://p.test/list.html"]
    assert main(["source", "list"]) == 0
    assert "示例政策网" in capsys.readouterr().out


def test_source_add_rejects_bad_regex_and_unknown_category(capsys):
    assert main(["source", "add", "x", "http://x.test/", "--article-pattern", "(unclosed"]) == 1
    assert "正则表达式无效" in capsys.readouterr().err
    assert main(["source", "add", "y", "http://y.test/", "--category", "nope"]) == 1
    assert "栏目不存在" in capsys.readouterr().err
    assert not Source.objects.exists()


def test_yaml_import_is_all_or_nothing(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(
        "sources:\n"
        "  - name: 示例站A\n    url: http://a.test/\n    kind: sitemap\n    start_urls: [http://a.test/sitemap.xml]\n"
        "    include_keywords: [园区，招商]\n    max_pages: 50\n"
        "  - name: 示例站B\n    url: http://b.test/rss.xml\n    kind: feed\n    publish: true\n",
        encoding="utf-8",
    )
    assert main(["source", "import", str(good)]) == 0
    a = Source.objects.get(name="示例站A")
    assert (a.kind, a.max_pages, a.include_keywords) == ("sitemap", 50, "园区，招商")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: 示例站C\n  url: http://c.test/\n- name: 示例站D\n  url: http://d.test/\n  kind: ftp\n",
                   encoding="utf-8")
    assert main(["source", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "示例站D" in err and "kind" in err
    assert not Source.objects.filter(name="示例站C").exists()
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [unclosed", encoding="utf-8")
    assert main(["source", "import", str(broken)]) == 1
    assert "YAML" in capsys.readouterr().err
    assert Source.objects.count() == 2


def test_due_sources_follow_recrawl_interval():
    from datetime import timedelta

    from django.utils import timezone

    from parkpulse.collect.models import CrawlRun
    from parkpulse.site.commands.schedule import due_sources

    fresh = Source.objects.create(name="刚采过", home_url="http://f.test/", recrawl_minutes=60)
    stale = Source.objects.create(name="该采了", home_url="http://s.test/", recrawl_minutes=60)
    Source.objects.create(name="从未采集", home_url="http://n.test/")
    Source.objects.create(name="已停用", home_url="http://d.test/", enabled=False)
    now = timezone.now()
    CrawlRun.objects.create(source=fresh, started_at=now - timedelta(minutes=10), status="finished")
    CrawlRun.objects.create(source=stale, started_at=now - timedelta(minutes=90), status="finished")
    # a run still marked running does not count as the last crawl
    CrawlRun.objects.create(source=stale, started_at=now - timedelta(minutes=1), status="running")
    assert sorted(due_sources()) == sorted(["该采了", "从未采集"])
