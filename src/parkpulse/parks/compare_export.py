"""A park comparison as an XLSX workbook (openpyxl) and a PDF pitch document (WeasyPrint).

The PDF is the comparison's own HTML template laid out for A4 by WeasyPrint, which shapes the
Chinese with Pango/HarfBuzz and embeds a subset of the font (Noto Sans CJK, Debian's
``fonts-noto-cjk``), so the file reads the same on a machine without Chinese fonts.
"""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parkpulse.parks.compare import Comparison

SAMPLE_NOTE = "含示例数据：标注“示例”的园区资料、载体和排名数值为本项目编写，并非真实信息。"


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe(v) for v in row])
    for i, _ in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 18 if i == 1 else 28
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    return ws


def _safe(value):
    # text starting with = + - @ would run as a formula in a spreadsheet program
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_xlsx(c: Comparison) -> bytes:
    wb = Workbook()
    names = [p.name + ("（示例）" if p.is_sample else "") for p in c.parks]
    _sheet(wb, "概况", ["项目", *names], [(label, *values) for label, values in c.profile_rows()], first=True)
    rank_rows = []
    for r in c.rankings:
        title = r.title + ("（示例数据）" if r.is_sample else "")
        cells = [r.cells.get(p.pk) for p in c.parks]
        rank_rows.append((f"{title} 总排名", *[f"{x['rank']}/{x['total']}" if x else "" for x in cells]))
        rank_rows.append((f"{title} 综合得分", *[x["score"] if x else None for x in cells]))
        rank_rows.append((f"{title} 排名区间（5%–95%）",
                          *[f"{x['q05']:.0f}–{x['q95']:.0f}" if x and x["q05"] is not None else "" for x in cells]))
        for gi, g in enumerate(r.groups):
            rank_rows.append((f"{title} {g.get('name', g.get('code'))}",
                              *[f"{x['groups'][gi]['score']}（第{x['groups'][gi]['rank']}）" if x else "" for x in cells]))
    _sheet(wb, "排名", ["指标", *names], rank_rows)
    fact_rows = [(p.name, f.metric, float(f.value), f.unit, f.qualifier, f.period, f.source_title, f.source_url)
                 for p in c.parks for f in c.facts.get(p.pk, [])]
    _sheet(wb, "数据动态", ["园区", "指标", "数值", "单位", "限定词", "时期", "来源", "来源链接"], fact_rows)
    notes = wb.create_sheet("说明")
    notes.append(["由 ParkPulse 园区情报生成。数据动态为编辑确认的新闻数据，附来源。"])
    if c.has_sample:
        notes.append([SAMPLE_NOTE])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(c: Comparison, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("parks/compare_pdf.html", {"c": c, "rows": c.profile_rows(), "sample_note": SAMPLE_NOTE},
                            request=request)
    base = request.build_absolute_uri("/") if request is not None else None
    # no external fetches: the template has no images or links to load
    return HTML(string=html, base_url=base, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"external resource refused: {url[:80]}")
