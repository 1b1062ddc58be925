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
