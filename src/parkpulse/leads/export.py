"""CSV and XLSX exports of the lead desk; whole phone numbers only where the viewer may see them."""

from __future__ import annotations

import csv
import io
import re

from django.utils import timezone
from openpyxl import Workbook

HEADERS = ["编号", "提交时间", "公司名称", "联系人", "手机号", "产业", "用途", "面积（㎡）", "计划投资（万元）",
           "预计年税收（万元）", "意向地区", "阶段", "招商顾问", "下次跟进", "提交次数", "示例数据", "需求描述"]


def rows(leads, user):
    for lead in leads:
        yield [
            lead.pk,
            timezone.localtime(lead.last_submitted_at).strftime("%Y-%m-%d %H:%M"),
            lead.company,
            lead.contact_name,
            lead.phone if lead.can_see_phone(user) else lead.masked_phone,
            lead.industry.name if lead.industry else "",
            lead.get_use_display(),
            _num(lead.area_m2),
            _num(lead.investment_wan),
            _num(lead.annual_tax_wan),
            lead.regions,
            lead.get_stage_display(),
            str(lead.assignee) if lead.assignee else "",
            lead.follow_up_on.isoformat() if lead.follow_up_on else "",
            lead.submission_count,
            "是" if lead.is_sample else "",
            lead.description,
        ]


def _num(value):
    return float(value) if value is not None else ""


# C0 controls but tab and line breaks, DEL and C1 controls: XML (so XLSX) cannot hold them
# and openpyxl refuses the whole workbook; in a CSV they only garble the cell.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _safe(cell):
    """A cell any spreadsheet opens: control characters dropped, formulas typed into the
    public form neutralised (CSV injection)."""
    if isinstance(cell, str):
        cell = _CONTROL.sub("", cell)
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + cell
    return cell


def to_csv(leads, user) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS)
    for row in rows(leads, user):
        writer.writerow([_safe(c) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Chinese correctly


def to_xlsx(leads, user) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("招商线索")
    ws.append(HEADERS)
    for row in rows(leads, user):
        ws.append([_safe(c) for c in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
