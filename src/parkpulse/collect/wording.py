"""How /collect/ says things: a source's state, a run's counts and failure kinds, in words.

The state follows the numbers beside it: a source whose recent runs failed is never shown
as 正常，whatever its schedule says; "due" is a separate note, not a state.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "timeout": _("请求超时"),
    "too_large": _("网页过大，已放弃"),
    "cancelled": _("下载被取消"),
    "non_html": _("不是网页（如 PDF、图片）"),
    "robots_forbidden": _("robots.txt 禁止抓取"),
    "redirect_loop": _("重定向过多"),
    "ignored": _("按规则跳过"),
    "dns": _("域名无法解析"),
    "connection": _("无法连接服务器"),
    "data_loss": _("下载不完整"),
}
HTTP_LABELS = {
    "403": _("拒绝访问"), "404": _("网页不存在"), "410": _("网页已删除"), "429": _("请求太频繁，被限流"),
    "500": _("对方服务器错误"), "502": _("对方网关错误"), "503": _("对方服务暂不可用"), "504": _("对方网关超时"),
}


def kind_label(kind: str | None) -> str:
    if not kind:
        return gettext("未知错误")
    if kind.startswith("http_"):
        code = kind[5:]
        label = HTTP_LABELS.get(code) or (gettext("对方服务器错误") if code.startswith("5") else gettext("请求被拒绝"))
        return f"{label}（HTTP {code}）"
    return str(KIND_LABELS.get(kind, kind))


def run_counts(run) -> list[tuple[str, int]]:
    """A run's numbers with Chinese names, zeros left out except pages and new articles."""
    rows = [
        (gettext("抓取页面"), run.pages_fetched), (gettext("新增"), run.articles_new),
        (gettext("更新"), run.articles_updated), (gettext("未变化"), run.articles_unchanged + run.not_modified),
        (gettext("重复"), run.articles_duplicate), (gettext("拒收"), run.articles_rejected),
        (gettext("错误"), run.error_count),
    ]
    return [(name, n) for i, (name, n) in enumerate(rows) if n or i < 2]


def state(source, last, success_rate) -> tuple[str, str]:
    """(css tone, words) for the 状态 column, consistent with the success rate shown."""
    if not source.enabled:
        return "muted", gettext("已停用")
    if last is None:
        return "info", gettext("尚未采集")
    if last.status == "running":
        return "info", gettext("采集中")
    if success_rate is not None and success_rate == 0:
        return "bad", gettext("异常：近期采集全部失败")
    if last.status in ("failed", "interrupted") or last.error_count:
        return "warn", gettext("最近一次有错误")
    if success_rate is not None and success_rate < 80:
        return "warn", gettext("不稳定")
    return "ok", gettext("正常")
