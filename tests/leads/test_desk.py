"""The lead desk: auto-assignment rules, stages and the funnel, follow-ups, exports, matches."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from parkpulse.leads.export import to_csv
from parkpulse.leads.matching import leads_for_park, matches_for_lead
from parkpulse.leads.models import AssignmentRule, AuditLog, Lead
from parkpulse.parks.models import Industry, Listing

from .conftest import make_lead


def login(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def rules(users):
    biomed = Industry.objects.get(code="biomed")
    AssignmentRule.objects.create(region="江苏", industry=biomed, consultant=users["consultant_a"], priority=10)
    AssignmentRule.objects.create(region="长三角", consultant=users["consultant_b"], priority=20)
    AssignmentRule.objects.create(region="四川", consultant=users["consultant_a"], priority=30, active=False)
    return users


@pytest.mark.parametrize(
    "industry,regions,expected",
    [
        ("biomed", "江苏省", "consultant_a"),      # first rule: region and industry
        ("ic", "江苏", "consultant_b"),            # industry misses rule 1; 江苏 is inside 长三角
        ("biomed", "长三角", "consultant_a"),       # a lead open to all of 长三角 fits the 江苏 rule
        ("ai", "上海", "consultant_b"),
        ("biomed", "苏州", "consultant_a"),        # 苏州 lies in 江苏 (the gazetteer knows)
        ("biomed", "昆山市", "consultant_a"),       # a county-level city inside 苏州, inside 江苏
        ("ic", "苏州工业园区", "consultant_b"),     # inside 江苏, inside 长三角
        ("biomed", "四川", None),                 # only an inactive rule fits
        ("biomed", "", None),                     # no region: region rules do not apply
    ],
)
def test_new_leads_are_assigned_by_rules(client, rules, form_data, industry, regions, expected):
    form_data.update(industry=industry, regions=regions)
    assert client.post("/leads/new/", form_data, REMOTE_ADDR="10.3.0.1").status_code == 302
    lead = Lead.objects.get()
    assert lead.assignee == (rules[expected] if expected else None)


def test_inbox_lists_active_rules(rules):
    html = login(rules["consultant_a"]).get("/leads/").content.decode()
    assert "江苏 · 生物医药 → consultant_a" in html and "长三角 · 不限产业 → consultant_b" in html
    assert "四川" not in html  # the inactive rule


def test_merged_resubmission_keeps_assignee(client, rules, form_data):
    client.post("/leads/new/", form_data, REMOTE_ADDR="10.3.0.2")
    lead = Lead.objects.get()
    lead.assignee = rules["consultant_b"]
    lead.save()
    client.post("/leads/new/", {**form_data, "description": "再补充一点需求内容"}, REMOTE_ADDR="10.3.0.2")
    lead.refresh_from_db()
    assert lead.assignee == rules["consultant_b"] and Lead.objects.count() == 1


def test_stage_filter_and_counts(users):
    make_lead(company="示例甲公司", stage="new")
    make_lead(company="示例乙公司", stage="key")
    make_lead(company="示例丙公司", stage="lost")
    c = login(users["consultant_a"])
    html = c.get("/leads/?stage=key").content.decode()
    assert "示例乙公司" in html and "示例甲公司" not in html and "示例丙公司" not in html
    assert "重点跟进 (1)" in html and "全部 (3)" in html
    html = c.get("/leads/?q=丙").content.decode()
    assert "示例丙公司" in html and "示例乙公司" not in html


def test_mine_and_due_filters(users):
    a = users["consultant_a"]
    today = timezone.localdate()
    make_lead(company="示例我的逾期", assignee=a, follow_up_on=today - timedelta(days=1))
    make_lead(company="示例我的未到期", assignee=a, follow_up_on=today + timedelta(days=5))
    make_lead(company="示例别人的", assignee=users["consultant_b"], follow_up_on=today)
    c = login(a)
    html = c.get("/leads/?mine=1").content.decode()
    assert "示例我的逾期" in html and "示例我的未到期" in html and "示例别人的" not in html
    html = c.get("/leads/?due=1").content.decode()
    assert "示例我的逾期" in html and "示例别人的" in html and "示例我的未到期" not in html
    assert 'class="overdue"' in html
    assert "我今日及逾期待跟进 1 条" in c.get("/leads/").content.decode()
    assert "我今日及逾期待跟进 1 条" in login(users["consultant_b"]).get("/leads/").content.decode()
    assert "我今日及逾期待跟进" not in login(users["admin"]).get("/leads/").content.decode()


def test_stage_change_records_note_and_funnel(users):
    a = users["consultant_a"]
    lead = make_lead(assignee=a)
    c = login(a)
    for stage in ("contacted", "interested", "lost"):
        r = c.post(f"/leads/{lead.pk}/update/", {"stage": stage, "follow_up_on": "2026-12-01"})
        assert r.status_code == 302
    lead.refresh_from_db()
    assert lead.stage == "lost" and lead.furthest_stage == 2
    assert str(lead.follow_up_on) == "2026-12-01"
    assert lead.notes.filter(kind="stage", body__contains="意向 → 流失").exists()
    make_lead(company="示例新公司")
    make_lead(company="示例签约公司", stage="signed", furthest_stage=4)
    html = c.get("/leads/").content.decode()
    # reached: 新线索 3, 初步接触 2, 意向 2, 重点跟进 1, 已签约 1; lost 1
    import re

    bars = dict(re.findall(r'data-stage="(\w+)">.*?<div class="bar"[^>]*>(\d+)</div>', html, re.S))
    assert bars == {"new": "3", "contacted": "2", "interested": "2", "key": "1", "signed": "1"}
    assert "转化 67%" in html and "<span>1</span>" in html


def test_bad_follow_up_date_is_explained(users):
    lead = make_lead(assignee=users["consultant_a"])
    r = login(users["consultant_a"]).post(f"/leads/{lead.pk}/update/", {"stage": "new", "follow_up_on": "明天"})
    assert r.status_code == 400 and "请填写正确的日期" in r.content.decode()


def test_xlsx_export_has_rows_and_is_audited(users):
    a = users["consultant_a"]
    make_lead(assignee=a, stage="key")
    make_lead(company="示例其他公司", phone="13700000000", stage="new")
    r = login(a).get("/leads/export.xlsx?stage=key")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.values)
    assert rows[0][:5] == ("编号", "提交时间", "公司名称", "联系人", "手机号")
    assert len(rows) == 2 and rows[1][2] == "示例生物科技有限公司" and rows[1][4] == "13812345678"
    log = AuditLog.objects.get()
    assert log.action == "export" and "XLSX" in log.detail and "1 条" in log.detail and "stage=key" in log.detail


def test_export_rejects_unknown_format(users):
    assert login(users["admin"]).get("/leads/export.pdf").status_code == 404
    assert not AuditLog.objects.exists()


def test_csv_neutralises_formulas(users):
    make_lead(company="=HYPERLINK(\"http://evil\")", company_key="x")
    body = to_csv(Lead.objects.all(), users["admin"]).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_detail_shows_ranked_matches_with_reasons(users, biomed_parks):
    lead = make_lead(industry_id="biomed", area_m2=5000, investment_wan=3000, annual_tax_wan=300,
                     regions="江苏、浙江", assignee=users["consultant_a"])
    parks, listings = matches_for_lead(lead)
    assert parks[0].id == biomed_parks["fit"].pk
    assert [m.id for m in parks[1:3]] == [biomed_parks["small"].pk, biomed_parks["wrong"].pk]
    reasons = [str(r) for r in parks[0].reasons]
    assert "产业匹配 生物医药 ✓" in reasons and "面积 需求5000㎡ 可用厂房6200㎡ ✓" in reasons
    assert "投资强度 需求约400万元/亩 ≥ 要求300万元/亩 ✓" in reasons
    assert "税收门槛 需求约40万元/亩 ≥ 要求25万元/亩 ✓" in reasons
    assert listings[0].name == "示例标准厂房 6200㎡"
    assert "示例已出租厂房" not in [m.name for m in listings]
    html = login(users["consultant_a"]).get(f"/leads/{lead.pk}/").content.decode()
    assert html.index("示例生物医药园") < html.index("示例小面积园") < html.index("示例芯片园")
    assert "产业匹配 生物医药 ✓" in html


def test_matching_table_refreshes_when_listings_change(users, biomed_parks):
    lead = make_lead(industry_id="biomed", area_m2=5000, regions="")
    assert matches_for_lead(lead)[0][0].id == biomed_parks["fit"].pk
    Listing.objects.filter(park=biomed_parks["fit"]).update(is_available=False, updated_at=timezone.now())
    Listing.objects.create(park=biomed_parks["small"], title="示例新厂房", kind="factory", area_m2=8000, price=25)
    assert matches_for_lead(lead)[0][0].id == biomed_parks["small"].pk


def test_leads_for_park_ranks_open_leads(users, biomed_parks):
    good = make_lead(industry_id="biomed", regions="江苏")
    make_lead(company="示例芯片公司", industry_id="ic", regions="四川")
    make_lead(company="示例已签约公司", industry_id="biomed", regions="江苏", stage="signed")
    ranked = leads_for_park(biomed_parks["fit"])
    assert [lead.company for lead, _ in ranked] == [good.company, "示例芯片公司"]
    biomed_parks["fit"].managers.add(users["manager"])
    html = login(users["manager"]).get(f"/leads/park/{biomed_parks['fit'].pk}/").content.decode()
    assert f"线索 #{good.pk}" in html and "产业匹配 生物医药 ✓" in html


def test_demo_loads_labelled_sample_leads(db):
    from parkpulse.leads.demo import CONSULTANT, SAMPLES, load_demo

    lines = []
    load_demo(lines.append)
    assert Lead.objects.count() == len(SAMPLES)
    assert all(lead.is_sample and "示例数据" in lead.description for lead in Lead.objects.all())
    consultant = Lead.objects.filter(regions="长三角").get().assignee
    assert consultant.username == CONSULTANT and consultant.has_perm("leads.access_desk")
    assert CONSULTANT in lines[0]


@pytest.mark.parametrize(
    "rule,lead,fits",
    [
        ("江苏", "苏州", True), ("苏州", "江苏", True), ("昆山", "苏州", True), ("长三角", "昆山", True),
        ("江苏", "浙江", False), ("苏州", "南京", False), ("四川", "长三角", False), ("江苏", "不限", False),
        ("全国", "成都", True), ("江苏", "", False),
    ],
)
def test_rule_regions_overlap_when_one_contains_the_other(rule, lead, fits):
    from parkpulse.leads.intake import _region_fits

    assert _region_fits(rule, lead) is fits


def test_detail_links_the_best_matches_to_the_comparison(users, biomed_parks):
    lead = make_lead(industry_id="biomed", area_m2=5000, regions="江苏、浙江", assignee=users["consultant_a"])
    parks, _listings = matches_for_lead(lead)
    html = login(users["consultant_a"]).get(f"/leads/{lead.pk}/").content.decode()
    expected = ",".join(str(m.id) for m in list(parks)[:5])
    assert f'href="/parks/compare/?ids={expected}"' in html
    page = login(users["consultant_a"]).get(f"/parks/compare/?ids={expected}")
    assert page.status_code == 200 and [p.pk for p in page.context["c"].parks] == [m.id for m in list(parks)[:5]]
