"""Small pages written for these tests (示例数据): a portal layout around an article body."""

from __future__ import annotations

PARAS = [
    "苏州工业园区管委会近日发布消息，园区今年前三季度实现地区生产总值同比增长百分之五点八，"
    "其中高新技术产业产值占规模以上工业总产值的比重继续提高。",
    "园区相关负责人介绍，围绕生物医药、纳米技术应用和人工智能三大新兴产业，园区持续完善"
    "产业链条，新引进重点项目四十余个，总投资超过三百亿元。",
    "下一步，园区将继续优化营商环境，推进开放创新，加快建设世界一流高科技园区，"
    "为区域经济高质量发展提供有力支撑。",
]

NAV = "".join(f'<li><a href="/c/{i}">栏目{i}</a></li>' for i in range(1, 9))
SIDEBAR = "".join(f'<li><a href="/a/{i}.html">热门文章标题第{i}篇的内容</a></li>' for i in range(1, 9))


def page(body_extra_after: str = "", head_extra: str = "", header_lines: str = "",
         paras: list[str] | None = None, title: str = "园区前三季度经济运行情况",
         charset: str = "utf-8", body_extra_before: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in (paras or PARAS))
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}_示例产业信息网</title>{head_extra}</head>
<body>
<div class="header"><a href="/">示例产业信息网</a><ul class="nav">{NAV}</ul></div>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/news/">园区动态</a> &gt; 正文内容</div>
<div class="wrap">
 <div class="article">
  <h1>{title}</h1>
  <div class="info">{header_lines}</div>
  <div class="content">{body_extra_before}{ps}{body_extra_after}</div>
 </div>
 <div class="sidebar"><h3>热门文章</h3><ul>{SIDEBAR}</ul></div>
</div>
<div class="footer">Copyright &copy; 2019-2024 示例产业信息网 版权所有 苏ICP备00000000号</div>
</body></html>"""


# A spider-fed industry portal: byline by "admin", a relative date, a view count, a share bar,
# the collection notice, prev/next, related articles with snippets and a 招商 lead form.
SPIDER_RELATED = "".join(
    f'<li><a href="/a/{i}.html"><img src="/thumb/{i}.jpg"></a><h3><a href="/a/{i}.html">示例园区招商动态第{i}期</a></h3>'
    f'<p>示例园区近期举办招商推介会，吸引多家企业参会，签约项目涵盖新材料、生物医药等领域，总投资额较上期有所增长……</p></li>'
    for i in range(1, 9))
SPIDER_BODY = [
    "科技部火炬中心近日发布国家高新区综合评价结果，169家国家高新区参与评价。（示例数据）",
    "评价结果显示，示例工业园区综合排名第四，在开放创新和国际竞争力方面位列第一，创新能力和创业活跃度也保持在前列。",
    "园区负责人表示，下一步将围绕主导产业补链强链，优化营商环境，推动更多创新成果在园区转化落地。",
]


def spider_page(related_class: str = "xgwz") -> str:
    """The spider-fed portal layout of the project brief, written for the tests (示例数据)."""
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>示例工业园区综合排名第四_产业资讯_示例产业信息网</title>
<meta name="keywords" content="园区,排名"></head><body>
<div class="top"><a href="/">示例产业信息网</a> <a href="/login">登录</a> <a href="/reg">注册</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">产业资讯</a></li><li><a href="/parks">园区库</a></li><li><a href="/land">厂房土地</a></li><li><a href="/zs">招商服务</a></li></ul></div>
<div class="main"><div class="left">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/news">产业资讯</a> &gt; 正文内容</div>
<div class="art-head"><h1>示例工业园区综合排名第四</h1>
<div class="art-info"><span>作者：admin</span> <span>1年前 (2024-09-28)</span> <span>分类：<a href="/news">产业资讯</a></span> <span>阅读 (1234)</span></div></div>
<div class="art-body">{''.join(f'<p>{p}</p>' for p in SPIDER_BODY)}
<p>版权声明：本文由网络蜘蛛自动收集于网络，如有侵权请联系删除。</p>
<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a></div>
</div>
<div class="prenext"><p>上一篇：<a href="/a/1.html">园区召开安全生产会议</a></p><p>下一篇：<a href="/a/3.html">新能源项目集中签约</a></p></div>
<div class="{related_class}"><h2>相关文章</h2><ul>{SPIDER_RELATED}</ul></div>
<div class="zhaoshang"><h2>免费发布需求</h2><p>请留下您的需求，招商顾问将为您匹配合适的园区、厂房或土地。</p>
<form><label>需求</label><select><option>厂房</option></select><label>用途</label><input><label>税收</label><input>
<label>公司</label><input><label>联系人</label><input><label>手机号</label><input><button>提交</button></form>
<p>咨询电话：400-800-0000</p><p>扫一扫添加招商顾问微信</p></div>
</div><div class="right"><h3>热门园区</h3><ul>{''.join(f'<li><a href="/p/{i}">示例园区{i}</a></li>' for i in range(10))}</ul></div></div>
<div class="foot">Copyright © 2024 示例产业信息网 版权所有 苏ICP备00000000号-1</div>
</body></html>"""


# A provincial government notice on a TRS-style table layout (示例数据).
GOV_BODY = ["为深入贯彻落实省委省政府关于推动开发区高质量发展的决策部署，现将有关事项通知如下。（示例数据）",
        "一、各开发区要对照评价指标体系，认真开展自评工作，于规定时间内报送自评报告。",
        "二、各地要加强组织领导，明确责任分工，确保评价工作按时保质完成。"]
GOV_PAGE = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于开展开发区综合发展水平评价工作的通知 - 示例省商务厅</title>
<meta name="ArticleTitle" content="关于开展开发区综合发展水平评价工作的通知">
<meta name="PubDate" content="2024-03-05 09:30">
<meta name="ContentSource" content="示例省商务厅"></head><body>
<table width="1000"><tr><td><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a> | <a href="/hdjl">互动交流</a></td></tr></table>
<table width="1000"><tr><td class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/tzgg">通知公告</a></td></tr>
<tr><td><table class="xxgk"><tr><td>索引号：</td><td>000000000/2024-00012</td><td>发布机构：</td><td>示例省商务厅</td></tr>
<tr><td>发文日期：</td><td>2024年03月04日</td><td>发布日期：</td><td>2024年03月05日</td></tr></table></td></tr>
<tr><td align="center"><h2>关于开展开发区综合发展水平评价工作的通知</h2></td></tr>
<tr><td align="center">发布时间：2024-03-05 09:30 来源：示例省商务厅 浏览次数：1024 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td><div id="zoom"><div class="TRS_Editor">{''.join(f'<p style="text-indent:2em">{p}</p>' for p in GOV_BODY)}</div></div></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
<tr><td>扫一扫在手机打开当前页</td></tr>
<tr><td><div class="xgxx">相关信息：<ul><li><a href="/1">关于印发开发区考核办法的通知</a></li><li><a href="/2">开发区工作会议召开</a></li></ul></div></td></tr>
</table><div class="footer">主办：示例省商务厅 地址：示例市示例路1号 电话：0000-12345678 网站标识码：0000000000 示ICP备00000000号</div>
</body></html>"""
