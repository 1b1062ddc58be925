"""Issue 13's findings in the leads app, each reproduced: phones with other scripts' digits,
company keys, control characters in exports, what the merge shows a visitor, optimistic
locking of the desk, the assignee default, the follow-up date input and tiny areas."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from parkpulse.leads.intake import company_key
from parkpulse.leads.models import AuditLog, Lead, Submission

from .conftest import make_lead

pytestmark = pytest.mark.django_db


def login(user):
    c = Client()
    c.force_login(user)
    return c


def post(client, data, ip="10.0.0.1"):
    return client.post("/leads/new/", data, REMOTE_ADDR=ip)


@pytest.mark.parametrize("typed", ["13６５５５５４４４４", "１３６５５５５４４４４", "136 5555 4444"])
def test_full_width_phones_are_stored_in_ascii(client, form_data, typed):
    assert post(client, {**form_data, "phone": typed}).status_code == 302
    assert Lead.objects.get().phone == "13655554444"


@pytest.mark.parametrize("typed", ["136٥٥٥٥٤٤٤٤", "13६५५५५४४४४"])
def test_phones_with_other_scripts_digits_are_refused(client, form_data, typed):
    r = post(client, {**form_data, "phone": typed})
    assert r.status_code == 200 and "请填写正确的 11 位中国大陆手机号" in r.content.decode()
    assert not Lead.objects.exists()


def test_one_number_in_many_spellings_is_one_phone_for_limit_and_merge(client, form_data, settings):
    """Finding 2: six leads for one number through digit spellings."""
    settings.LEADS_RATE_LIMIT_PER_PHONE = 3
    spellings = ["13655554444", "13６５５５５４４４４", "１３６５５５５４４４４", "136-5555-4444"]
    codes = [post(client, {**form_data, "phone": p}, ip=f"10.0.1.{i}").status_code for i, p in enumerate(spellings)]
    assert codes == [302, 302, 302, 429]
    assert Lead.objects.count() == 1 and Submission.objects.count() == 3


@pytest.mark.parametrize("other", ["示例(苏州)生物科技有限公司", "示例 （苏州） 生物科技有限公司", "示例【苏州】生物科技有限公司",
                                   "示例［苏州］生物科技有限公司", "示例(苏州)生物科技有限公司"])
def test_company_key_folds_bracket_width_spaces_and_case(other):
    assert company_key(other) == company_key("示例(苏州)生物科技有限公司")
    assert company_key("ＡＢＣ Ltd") == company_key("abc ltd")


def test_bracket_spelling_merges_into_one_lead(client, form_data):
    post(client, {**form_data, "company": "示例(苏州)生物科技有限公司"})
    post(client, {**form_data, "company": "示例（苏州）生物科技有限公司"})
    assert Lead.objects.count() == 1


def test_merge_reveals_and_overwrites_nothing(client, form_data, users):
    """Finding 8: a visitor knowing a phone and a company saw the lead and overwrote it."""
    first = post(client, form_data)
    assert first.status_code == 302
    stranger = Client()
    probe = {**form_data, "industry": "", "regions": "", "area_m2": "1", "contact_name": "冒充者",
             "description": "我想看看这条线索的内容"}
    assert post(stranger, probe, ip="10.7.7.7").status_code == 302
    page = stranger.get("/leads/thanks/").content.decode()
    # the stranger sees what they typed, and the same words a new lead gets
    assert "冒充者" in page and "已收到您的招商需求" in page
    for secret in ("生物医药", "江苏", "张先生", "5000", "合并"):
        assert secret not in page
    lead = Lead.objects.get()
    assert lead.contact_name == "张先生" and float(lead.area_m2) == 5000 and lead.use == "factory"
    # the consultant sees the second submission on the lead page
    html = login(users["admin"]).get(lead.get_absolute_url()).content.decode()
    assert "冒充者" in html and "我想看看这条线索的内容" in html


def test_a_control_character_does_not_break_the_xlsx_export(users):
    """Finding 3: one lead with \\x01 made the export 500 for everyone."""
    make_lead(contact_name="李\x01四", description="需求\x0b描述\x1f", company="=HYPERLINK(\"x\")")
    r = login(users["admin"]).get("/leads/export.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    row = [c.value for c in ws[2]]
    assert "李四" in row and "需求描述" in row and "'=HYPERLINK(\"x\")" in row
    audit = AuditLog.objects.get(action="export")
    assert audit.detail.startswith("XLSX 导出 1 条")
    csv = login(users["admin"]).get("/leads/export.csv").content.decode("utf-8-sig")
    assert "李四" in csv and "\x01" not in csv


def test_a_failed_export_is_audited_as_failed(users, monkeypatch):
    from parkpulse.leads import export

    make_lead()

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "to_xlsx", broken)
    c = login(users["admin"])
    c.raise_request_exception = False
    assert c.get("/leads/export.xlsx").status_code == 500
    assert AuditLog.objects.get(action="export").detail.startswith("失败(RuntimeError)")


def test_desk_save_over_a_stale_page_is_refused_with_a_message(users):
    lead = make_lead(assignee=users["consultant_a"])
    seen = lead.version
    # meanwhile the customer submits again (the merge bumps the version)
    Lead.objects.filter(pk=lead.pk).update(version=seen + 1, submission_count=2)
    c = login(users["consultant_a"])
    r = c.post(f"/leads/{lead.pk}/update/", {"stage": "contacted", "follow_up_on": "", "version": seen})
    assert r.status_code == 409
    assert "刚被他人修改" in r.content.decode()
    lead.refresh_from_db()
    assert lead.stage == "new" and lead.submission_count == 2
    # the page came back with the new version: saving again works
    token = r.content.decode().split('name="version" value="')[1].split('"')[0]
    assert int(token) == seen + 1
    r = c.post(f"/leads/{lead.pk}/update/", {"stage": "contacted", "follow_up_on": "", "version": token})
    assert r.status_code == 302
    lead.refresh_from_db()
    assert lead.stage == "contacted" and lead.submission_count == 2 and lead.version == seen + 2


def test_the_conflict_message_is_in_english_too(users):
    lead = make_lead(assignee=users["consultant_a"])
    c = login(users["consultant_a"])
    c.cookies["django_language"] = "en"
    r = c.post(f"/leads/{lead.pk}/update/", {"stage": "contacted", "version": lead.version + 5},
               HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and "changed by someone else" in r.content.decode()


def test_a_desk_post_without_the_assignee_field_keeps_the_assignee(users):
    lead = make_lead(assignee=users["consultant_a"])
    r = login(users["admin"]).post(f"/leads/{lead.pk}/update/", {"stage": "contacted", "follow_up_on": ""})
    assert r.status_code == 302
    lead.refresh_from_db()
    assert lead.assignee == users["consultant_a"] and lead.stage == "contacted"
    # an explicit empty choice still unassigns
    login(users["admin"]).post(f"/leads/{lead.pk}/update/", {"stage": "contacted", "assignee": ""})
    lead.refresh_from_db()
    assert lead.assignee is None


def test_the_follow_up_date_round_trips_through_the_date_input(users):
    lead = make_lead(assignee=users["consultant_a"], follow_up_on=date(2026, 12, 1))
    html = login(users["consultant_a"]).get(lead.get_absolute_url()).content.decode()
    assert 'type="date"' in html and 'value="2026-12-01"' in html


def test_the_claim_of_an_already_claimed_lead_changes_nothing(users):
    lead = make_lead(assignee=users["consultant_a"])
    r = login(users["consultant_b"]).post(f"/leads/{lead.pk}/claim/", follow=True)
    assert "已有顾问跟进" in r.content.decode()
    lead.refresh_from_db()
    assert lead.assignee == users["consultant_a"]


@pytest.mark.parametrize("area", ["0.001", "0.004"])
def test_areas_that_round_to_zero_are_refused(client, form_data, area):
    r = post(client, {**form_data, "area_m2": area})
    assert r.status_code == 200 and "数字太小" in r.content.decode()
    assert not Lead.objects.exists()


@pytest.mark.parametrize("url", ["/leads/new/?article=²", "/leads/new/?listing=²", "/leads/new/?article=99999999999999999999",
                                 "/leads/new/?listing=-1"])
def test_malformed_ids_in_the_form_url_are_ignored(client, url):
    assert client.get(url).status_code == 200
