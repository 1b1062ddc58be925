"""Generate demo/site/: a small sample news web for the collector demo and tests.

Everything here is sample data written for ParkPulse (示例数据): the parks, companies and
figures are invented. Three sources, three CMS layouts:

* ``/a/`` 示例园区观察网 — UTF-8, list pages with pagination, a section robots.txt forbids.
* ``/b/`` 示例工业资讯   — an old table layout saved as GBK bytes, found through a sitemap.
* ``/c/`` 示例产业周刊   — UTF-8 bytes whose <meta> wrongly says gb2312, found through RSS.

One story appears on /a/ and again, reposted, on /c/. Run ``python demo/build_site.py``; the
output is committed so the demo needs no build step.
"""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

OUT = Path(__file__).resolve().parent / "site"
RNG = random.Random(20240928)
NOTE = "示例数据:本页为 ParkPulse 演示而编写,园区、企业和数字均为虚构。"

PARKS = ["青川经济开发区", "云湖高新技术产业园", "东岭智造产业园", "南浦生物医药港", "北湾数字经济园",
         "西溪新材料产业基地", "临江临空经济区", "白鹭湾科创城", "金沙综合保税区", "松原绿色能源园",
         "石门先进制造园", "澄湖现代服务业集聚区"]
CITIES = ["江州", "云城", "东阳", "南浦", "北川", "西宁湾", "临安", "鹭城", "金陵湾", "松原"]
INDUSTRIES = ["集成电路", "生物医药", "新能源汽车", "工业互联网", "新材料", "人工智能", "高端装备",
              "绿色低碳", "智能传感器", "航空航天配套", "现代物流", "数字创意"]
COMPANIES = ["华启科技", "远衡新材", "星途智能", "恒川医疗", "海格装备", "博森能源", "睿联数据",
             "安和生物", "明拓半导体", "嘉禾物流", "致远传感", "青禾环保"]
TOPICS = [
    ("招商引资", "{park}一季度签约{n1}个{ind}项目", "{park}举行{ind}产业招商推介会"),
    ("产业发展", "{city}{ind}产业集群规模突破{n2}亿元", "{park}{ind}产业链加快补链强链"),
    ("园区建设", "{park}{n1}万平方米标准厂房交付", "{park}智慧园区平台上线运行"),
    ("政策解读", "{city}出台支持{ind}发展的{n1}条措施", "{park}优化营商环境新举措解读"),
    ("企业动态", "{co}在{park}投产{ind}新基地", "{co}获评{city}专精特新企业"),
    ("科技创新", "{park}新增{n1}家高新技术企业", "{co}联合高校共建{ind}研发中心"),
]
SENTENCES = [
    "据{park}管委会介绍，今年以来园区围绕{ind}主导产业开展精准招商，新落地项目{n1}个，计划总投资约{n2}亿元。",
    "{co}相关负责人表示，选择落户{park}，主要看中当地完善的配套、高效的审批服务以及上下游企业的集聚效应。",
    "项目全部建成后，预计可实现年产值{n3}亿元，带动就业岗位{n4}个，进一步完善区域{ind}产业链条。",
    "为保障项目早开工、早投产，园区推行“拿地即开工”模式，将土地出让、规划许可和施工许可等环节压缩至{n5}个工作日内。",
    "{city}发展改革部门的数据显示，前三季度全市{ind}产业营业收入同比增长{p1}%，增速高于全市规模以上工业平均水平。",
    "业内人士分析，{ind}领域正处于技术迭代加快的阶段，园区需要在公共技术平台、中试基地和人才公寓等方面持续加大投入。",
    "园区今年新建的{n1}万平方米标准厂房已全部完成竣工验收，首批入驻企业以中小型{ind}配套企业为主。",
    "在人才引进方面，{park}设立专项资金，对引进的高层次人才给予最高{n6}万元的安家补贴，并提供子女入学等配套服务。",
    "{co}董事长在签约仪式上介绍，公司新基地将建设{n7}条自动化生产线，重点生产面向长三角市场的{ind}核心部件。",
    "记者在现场看到，多台塔吊同时作业，施工人员正在进行主体结构施工，项目整体进度比原计划提前了约{n8}天。",
    "园区智慧管理平台接入了企业用能、安全生产和物流运输等{n9}类数据，管理人员可以在一块大屏上掌握园区运行状况。",
    "按照规划，到{year}年园区{ind}产业规模力争达到{n2}亿元，培育{n8}家以上具有行业影响力的龙头企业。",
    "针对中小企业融资难的问题，园区联合{n9}家银行推出“园区贷”产品，已累计为{n4}家企业提供信贷支持。",
    "{city}市相关部门负责人表示，将进一步优化产业空间布局，推动{park}与周边园区在招商、配套和人才方面错位协同。",
    "据了解，{park}今年还将举办{n8}场专题招商活动，重点对接{ind}和{ind2}领域的头部企业与科研机构。",
    "围绕绿色低碳发展，园区推进分布式光伏建设，已建成屋顶光伏约{n1}兆瓦，年发电量可满足{p1}%的园区公共用电需求。",
    "{co}研发中心主任告诉记者，公司今年研发投入占营业收入比重超过{p2}%，已申请发明专利{n7}项。",
    "园区政务服务中心设立“企业服务专窗”，为入驻企业提供工商注册、税务登记、人才申报等一站式服务。",
    "第三方机构的评估显示，{park}在营商环境、产业集聚度和创新活力等指标上的得分均位于{city}前列。",
    "下一步，{park}将聚焦{ind}主导产业，持续引进链主企业和关键配套项目，推动产业集群向价值链中高端迈进。",
    "此次发布的政策共{n1}条，涵盖研发补助、首台套奖励、厂房租金减免、人才住房保障等多个方面。",
    "符合条件的企业最高可获得{n6}万元的研发费用补助，对首次认定的高新技术企业给予一次性奖励。",
    "园区有关负责人提醒，政策申报实行线上办理，企业可在{city}企业服务平台提交材料，审核结果将在{n5}个工作日内反馈。",
    "与会专家认为，{ind}与{ind2}融合发展趋势明显，园区在规划新载体时应预留足够的中试和检测空间。",
    "{co}今年一季度订单量同比增长{p1}%，新建的智能仓储中心投用后，物流周转效率提高了约{p2}%。",
    "据统计，园区目前集聚{ind}相关企业{n4}家，其中规模以上企业{n9}家，上市及拟上市企业{n8}家。",
    "为了解决企业用工问题，园区与{n8}所职业院校签订合作协议，开设{ind}订单班，每年可输送技能人才约{n4}名。",
    "园区还建设了{ind}公共技术服务平台，向中小企业开放检测设备{n7}台（套），累计服务企业超过{n4}家次。",
    "当天，{park}还与{n9}家投资机构签署战略合作协议，设立总规模{n2}亿元的产业发展基金。",
    "{city}今年将园区体制机制改革列为重点工作，推动园区从“管理型”向“服务型”转变。",
    "在项目推进会上，园区通报了{n7}个重点项目的最新进展，并现场协调解决了用电、用水和道路配套等问题。",
    "有企业负责人坦言，过去办理一项施工许可需要往返多个部门，如今通过园区代办服务，材料一次提交即可。",
    "从产业结构看，园区{ind}产业占工业总产值的比重已提高到{p2}%，成为拉动园区经济增长的主要力量。",
    "园区今年计划新开工项目{n8}个，续建项目{n7}个，全年完成固定资产投资{n2}亿元以上。",
    "在对外开放方面，{park}依托综合保税区平台，今年前十个月实现进出口总额{n3}亿元，同比增长{p1}%。",
    "{co}表示，将把新基地打造为集研发、生产、展示于一体的综合性基地，预计明年上半年实现首批产品下线。",
]
EN_PARAS = [
    "This is a sample English report written for the ParkPulse demo. The {park} industrial park said on Monday that it had signed {n1} new projects in the {ind} sector this quarter.",
    "Officials expect the projects to add about {n4} jobs once they are fully in operation, and the park plans to open a shared testing laboratory for smaller suppliers next year.",
    "The park's management committee said it would keep cutting approval times, after reducing the permit process for new factories to {n5} working days.",
    "Analysts noted that the region's {ind} cluster is growing faster than the provincial average, helped by lower rents for standard factory buildings and targeted talent subsidies.",
]


def fill(template: str, ctx: dict) -> str:
    return template.format(**ctx)


def make_ctx(rng: random.Random) -> dict:
    ind, ind2 = rng.sample(INDUSTRIES, 2)
    return {
        "park": rng.choice(PARKS), "city": rng.choice(CITIES), "ind": ind, "ind2": ind2,
        "co": rng.choice(COMPANIES), "n1": rng.randint(3, 48), "n2": rng.randint(20, 900),
        "n3": rng.randint(5, 300), "n4": rng.randint(120, 4800), "n5": rng.randint(3, 15),
        "n6": rng.randint(10, 200), "n7": rng.randint(2, 30), "n8": rng.randint(2, 20),
        "n9": rng.randint(3, 40), "p1": rng.randint(5, 45), "p2": rng.randint(6, 60),
        "year": rng.choice([2026, 2027, 2028, 2030]),
    }


def make_story(rng: random.Random, i: int, when: datetime) -> dict:
    ctx = make_ctx(rng)
    cat, t1, t2 = rng.choice(TOPICS)
    title = fill(rng.choice([t1, t2]), ctx) + "（示例）"
    paras = [fill(s, ctx) for s in rng.sample(SENTENCES, rng.randint(6, 8))]
    return {"id": i, "title": title, "category": cat, "paras": paras, "when": when,
            "author": rng.choice(["本网记者 林晓", "通讯员 陈默", "记者 王一舟", "编辑 赵青", "记者 周岚"])}


def dated(rng: random.Random, n: int) -> list[datetime]:
    start = datetime(2024, 9, 28, 9, 30)
    return sorted((start + timedelta(days=rng.randint(0, 420), minutes=rng.randint(0, 600)) for _ in range(n)),
                  reverse=True)


# -- layout A: UTF-8, div-based CMS, paginated lists ---------------------------------------
A_LIST_SIZE = 8


def a_article(s: dict, related: list[dict]) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in s["paras"])
    rel = "\n".join(f'<li><a href="{r["url"]}">{escape(r["title"])}</a></li>' for r in related)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{escape(s["title"])} - 示例园区观察网</title>
<meta name="author" content="{escape(s["author"])}">
<meta property="og:site_name" content="示例园区观察网">
<link rel="canonical" href="{s["url"]}">
</head><body>
<div class="topbar"><a href="/a/">示例园区观察网</a> | <a href="/a/list/index.html">园区动态</a> | <a href="/a/list/index.html">产业资讯</a> | <a href="/a/">招商服务</a></div>
<div class="crumb"><a href="/a/">首页</a> &gt; <a href="/a/list/index.html">{escape(s["category"])}</a> &gt; 正文内容</div>
<div class="main">
<h1 class="title">{escape(s["title"])}</h1>
<div class="info">作者:{escape(s["author"])} &nbsp; 发布时间:<span class="date">{s["when"]:%Y-%m-%d %H:%M}</span> &nbsp; 栏目:{escape(s["category"])} &nbsp; 阅读:{100 + s["id"] * 7}</div>
<div class="article-content" id="content">
{body}
<p class="note">{NOTE}</p>
</div>
<div class="share">分享到: <a href="#">微信</a> <a href="#">微博</a></div>
</div>
<div class="side"><h3>相关文章</h3><ul>
{rel}
</ul></div>
<div class="footer">© 示例园区观察网 · 本站内容均为示例 · <a href="/a/about.html">关于我们</a></div>
</body></html>
"""


def a_list(page: int, pages: int, items: list[dict], extra: str = "") -> str:
    lis = "\n".join(
        f'<li><a href="{s["link"]}">{escape(s["title"])}</a> <span>{s["when"]:%Y-%m-%d}</span></li>' for s in items
    )
    nav = []
    if page > 1:
        nav.append(f'<a href="{"index" if page == 2 else page - 1}.html">上一页</a>')
    nav.append(f"第 {page}/{pages} 页")
    if page < pages:
        nav.append(f'<a href="{page + 1}.html">下一页</a>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>园区动态 第{page}页 - 示例园区观察网</title></head>
<body><div class="crumb"><a href="/a/">首页</a> &gt; 园区动态</div>
<ul class="news-list">
{lis}
{extra}
</ul>
<div class="pager">{" ".join(nav)}</div>
<div class="footer">示例数据 · 示例园区观察网</div></body></html>
"""


# -- layout B: GBK bytes, table-based CMS, sitemap -----------------------------------------
def b_article(s: dict) -> str:
    body = "\n".join(f"<p style=\"text-indent:2em\">{escape(p)}</p>" for p in s["paras"])
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{escape(s["title"])}_示例工业资讯</title></head>
<body bgcolor="#ffffff">
<table width="960" align="center"><tr><td class="logo">示例工业资讯</td><td><a href="/b/">首页</a> <a href="/b/">工业经济</a> <a href="/b/">园区招商</a></td></tr></table>
<table width="960" align="center"><tr><td width="700" valign="top">
<div class="position">您现在的位置: <a href="/b/">首页</a> &gt;&gt; {escape(s["category"])} &gt;&gt; 正文</div>
<table width="100%"><tr><td align="center"><font size="5"><b>{escape(s["title"])}</b></font></td></tr>
<tr><td align="center" class="gray">来源:示例工业资讯 &nbsp; 作者:{escape(s["author"])} &nbsp; 时间:{s["when"]:%Y年%m月%d日}</td></tr>
<tr><td class="content">
{body}
<p>{NOTE}</p>
</td></tr></table>
</td><td width="260" valign="top"><b>热点排行</b><br><a href="/b/">示例工业资讯首页</a></td></tr></table>
<table width="960" align="center"><tr><td align="center">示例工业资讯 版权所有 · 示例数据</td></tr></table>
</body></html>
"""


# -- layout C: HTML5 article, UTF-8 bytes mislabelled gb2312, RSS -----------------------------
def c_article(s: dict, repost_of: dict | None = None) -> str:
    paras = s["paras"]
    lead = ""
    if repost_of is not None:
        lead = f'<p class="repost">转载自:示例园区观察网。原标题:{escape(repost_of["title"])}</p>\n'
    body = lead + "\n".join(f"<p>{escape(p)}</p>" for p in paras)
    return f"""<!doctype html>
<html><head><meta charset="gb2312">
<title>{escape(s["title"])} | 示例产业周刊</title>
<meta name="viewport" content="width=device-width">
</head><body>
<header><nav><a href="/c/">示例产业周刊</a> · <a href="/c/">本期</a> · <a href="/c/rss.xml">订阅</a></nav></header>
<main><article>
<h1>{escape(s["title"])}</h1>
<p class="byline"><span class="author">{escape(s["author"])}</span> · <time datetime="{s["when"]:%Y-%m-%dT%H:%M:00+08:00}">{s["when"]:%Y-%m-%d}</time></p>
<section class="entry">
{body}
<p><small>{NOTE}</small></p>
</section>
</article></main>
<footer>示例产业周刊 · 所有内容均为示例数据</footer>
</body></html>
"""


def main() -> None:
    rng = RNG
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    base = "http://127.0.0.1"  # canonical links in pages are path-only below; the host is the server's

    # ---- /a/
    a_dates = dated(rng, 24)
    a_stories = [make_story(rng, i + 1, d) for i, d in enumerate(a_dates)]
    # one English sample article
    ctx = make_ctx(rng)
    en = {"id": 99, "title": f"{ctx['park']} signs {ctx['n1']} new {ctx['ind']} projects (sample)",
          "category": "English", "paras": [fill(p, ctx) for p in EN_PARAS], "when": a_dates[3] - timedelta(hours=5),
          "author": "Staff reporter"}
    a_stories.insert(4, en)
    for s in a_stories:
        s["path"] = f"/a/news/{s['when']:%Y}/{s['when']:%m%d}/a{s['id']:03d}.html"
        s["url"] = s["path"]
        s["link"] = s["path"]
    # the same article linked with tracking parameters from the list pages
    a_stories[1]["link"] = a_stories[1]["path"] + "?utm_source=list&utm_medium=web#top"
    for s in a_stories:
        related = [r for r in a_stories if r is not s][:8]
        write(s["path"], a_article(s, related))
    short = {"id": 200, "path": "/a/news/notice/a200.html", "title": "停电通知（示例）"}
    write(short["path"], '<html><head><meta charset="utf-8"><title>停电通知</title></head><body><h1>停电通知（示例）</h1><p>本周六园区检修,示例数据。</p></body></html>')
    write("/a/internal/draft-a900.html", '<html><head><meta charset="utf-8"></head><body><h1>内部稿件(示例)</h1><p>robots.txt 禁止抓取本栏目。</p></body></html>')
    pages = (len(a_stories) + A_LIST_SIZE - 1) // A_LIST_SIZE
    for p in range(1, pages + 1):
        items = a_stories[(p - 1) * A_LIST_SIZE: p * A_LIST_SIZE]
        extra = ""
        if p == 1:
            extra = (f'<li><a href="{short["path"]}">{short["title"]}</a></li>\n'
                     '<li><a href="/a/internal/draft-a900.html">内部稿件(示例)</a></li>\n'
                     f'<li><a href="{a_stories[1]["path"]}?from=timeline&amp;spm=a1.b2">{escape(a_stories[1]["title"])}</a></li>')
        write(f"/a/list/{'index' if p == 1 else p}.html", a_list(p, pages, items, extra))
    write("/a/index.html", '<html><head><meta charset="utf-8"><title>示例园区观察网</title></head><body>'
          '<h1>示例园区观察网</h1><p>示例数据。</p><a href="/a/list/index.html">园区动态</a></body></html>')

    # ---- /b/ (GBK)
    b_stories = [make_story(rng, 1000 + i, d) for i, d in enumerate(dated(rng, 20))]
    for s in b_stories:
        s["path"] = f"/b/content/{s['when']:%Y-%m}/{s['when']:%d}/content_{s['id']}.htm"
        write(s["path"], b_article(s), encoding="gbk")
    urls = "\n".join(f"  <url><loc>{{BASE}}{s['path']}</loc><lastmod>{s['when']:%Y-%m-%d}</lastmod></url>"
                     for s in b_stories)
    write("/b/sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n')
    lis = "".join(f'<li><a href="{s["path"]}">{escape(s["title"])}</a></li>' for s in b_stories)
    write("/b/index.html", f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>示例工业资讯</title></head><body><ul>{lis}</ul><p>示例数据</p></body></html>', encoding="gbk")

    # ---- /c/ (UTF-8 bytes, meta says gb2312), RSS; one repost of an /a/ story
    c_stories = [make_story(rng, 2000 + i, d) for i, d in enumerate(dated(rng, 19))]
    original = a_stories[5]
    repost = dict(original, id=2999, when=original["when"] + timedelta(days=1), author="编辑 赵青")
    c_stories.insert(2, repost)
    for s in c_stories:
        s["path"] = f"/c/p/{s['id']}.html"
        write(s["path"], c_article(s, repost_of=original if s is repost else None))
    items = "\n".join(
        f"<item><title>{escape(s['title'])}</title><link>{{BASE}}{s['path']}?utm_source=rss</link>"
        f"<pubDate>{s['when']:%a, %d %b %Y %H:%M:00} +0800</pubDate></item>" for s in c_stories)
    write("/c/rss.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>示例产业周刊</title>'
          f'<link>{{BASE}}/c/</link><description>示例数据</description>\n{items}\n</channel></rss>\n')
    write("/c/index.html", '<html><head><meta charset="utf-8"><title>示例产业周刊</title></head><body>'
          '<a href="/c/rss.xml">RSS</a><p>示例数据</p></body></html>')

    write("/robots.txt", "User-agent: *\nDisallow: /a/internal/\n\nSitemap: {BASE}/b/sitemap.xml\n")
    write("/index.html", '<html><head><meta charset="utf-8"><title>示例新闻网</title></head><body>'
          '<a href="/a/">示例园区观察网</a> <a href="/b/">示例工业资讯</a> <a href="/c/">示例产业周刊</a>'
          '<p>ParkPulse 演示用示例站点,全部内容为示例数据。</p></body></html>')
    n = len(a_stories) + len(b_stories) + len(c_stories)
    print(f"wrote {n} sample article pages under {OUT} ({base} is filled in when served)")


def write(path: str, text: str, encoding: str = "utf-8") -> None:
    p = OUT / path.lstrip("/")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode(encoding))


if __name__ == "__main__":
    main()
