"""The public 招商需求 form: every validation error, CSRF, the honeypot, the rate limit, the merge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from parkpulse.leads.models import Lead, Note, Submission
from parkpulse.portal.models import Article

from .conftest import ensure_industries

URL = "/leads/new/"

pytestmark = pytest.mark.django_db


def post(client, data, **extra):
    return client.post(URL, data, REMOTE_ADDR=extra.pop("ip", "10.0.0.1"), **extra)


def test_form_renders_with_csrf_and_honeypot(client):
    html = client.get(URL).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'name="website"' in html and 'class="hp"' in html
    for label in ("需求描述", "用途", "需求面积（㎡）", "计划投资（万元）", "预计年税收（万元）", "意向地区",
                  "公司名称", "联系人", "手机号", "同意"):
        assert label in html


def test_valid_submission_creates_lead_and_confirms(client, form_data):
    r = post(client, form_data)
    assert r.status_code == 302 and r["Location"] == "/leads/thanks/"
    lead = Lead.objects.get()
    assert lead.phone == "13812345678" and lead.industry_id == "biomed" and float(lead.area_m2) == 5000
    assert lead.stage == "new" and lead.submission_count == 1
    page = client.get("/leads/thanks/").content.decode()
    assert "已收到您的招商需求" in page
    assert "示例生物科技有限公司" in page and "138****5678" in page
    assert "13812345678" not in page


def test_thanks_without_submission_goes_back_to_form(client):
    r = client.get("/leads/thanks/")
    assert r.status_code == 302 and r["Location"] == URL


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("description", "", "请简要描述您的需求"),
        ("description", "厂房", "需求描述至少 4 个字"),
        ("use", "", "请选择用途"),
        ("use", "castle", "请选择列表中的用途"),
        ("industry", "no-such", "请选择列表中的产业"),
        ("area_m2", "", "请填写需求面积（单位：㎡）"),
        ("area_m2", "很大", "请填写数字（单位：㎡）"),
        ("area_m2", "0", "请填写大于 0 的数字（单位：㎡）"),
        ("area_m2", "-50", "请填写大于 0 的数字（单位：㎡）"),
        ("area_m2", "1e30", "数字过大"),
        ("investment_wan", "abc", "请填写数字（单位：万元）"),
        ("investment_wan", "-1", "请填写大于 0 的数字（单位：万元）"),
        ("annual_tax_wan", "0", "请填写大于 0 的数字（单位：万元）"),
        ("company", "", "请填写公司名称"),
        ("company", "甲", "公司名称至少 2 个字"),
        ("contact_name", "", "请填写联系人姓名"),
        ("phone", "", "请填写手机号"),
        ("phone", "12812345678", "请填写正确的 11 位中国大陆手机号"),
        ("phone", "1381234567", "请填写正确的 11 位中国大陆手机号"),
        ("phone", "138123456789", "请填写正确的 11 位中国大陆手机号"),
        ("phone", "0755-1234567", "请填写正确的 11 位中国大陆手机号"),
        ("regions", "江" * 201, "意向地区请控制在 200 字以内"),
    ],
)
def test_each_validation_error_is_chinese_and_keeps_input(client, form_data, field, value, message):
    form_data[field] = value
    r = post(client, form_data)
    html = r.content.decode()
    assert r.status_code == 200
    assert message in html
    assert f'id="field-{field}"' in html and "has-error" in html
    assert Lead.objects.count() == 0
    # nothing typed is lost: the other fields come back filled in
    assert "生物医药中试车间，需要洁净厂房，明年投产" in html or field == "description"
    assert 'value="示例生物科技有限公司"' in html or field == "company"
    assert 'value="13812345678"' in html or field == "phone"


def test_missing_consent_is_an_error(client, form_data):
    del form_data["consent"]
    html = post(client, form_data).content.decode()
    assert "请勾选同意联系" in html
    assert Lead.objects.count() == 0


def test_units_and_separators_people_type_are_accepted(client, form_data):
    form_data.update(area_m2="5,000㎡", investment_wan="20,000 万元", phone="138 1234 5678")
    assert post(client, form_data).status_code == 302
    lead = Lead.objects.get()
    assert float(lead.area_m2) == 5000 and float(lead.investment_wan) == 20000 and lead.phone == "13812345678"


def test_csrf_is_enforced(form_data):
    c = Client(enforce_csrf_checks=True)
    r = c.post(URL, form_data, REMOTE_ADDR="10.0.0.2")
    assert r.status_code == 403
    assert Lead.objects.count() == 0
    # with the token from the page, the same post goes through
    c.get(URL)
    token = c.cookies["csrftoken"].value
    r = c.post(URL, {**form_data, "csrfmiddlewaretoken": token}, REMOTE_ADDR="10.0.0.2")
    assert r.status_code == 302 and Lead.objects.count() == 1


def test_honeypot_stores_nothing_but_looks_like_success(client, form_data):
    form_data["website"] = "http://spam.example"
    r = post(client, form_data)
    assert r.status_code == 200 and "需求已提交" in r.content.decode()
    assert Lead.objects.count() == 0 and Submission.objects.count() == 0


def test_rate_limit_per_phone(client, form_data, settings):
    settings.LEADS_RATE_LIMIT_PER_PHONE = 3
    for i in range(3):
        assert post(client, {**form_data, "company": f"示例公司{i}"}, ip=f"10.1.0.{i}").status_code == 302
    r = post(client, {**form_data, "company": "示例公司9"}, ip="10.1.0.9")
    assert r.status_code == 429
    assert "该手机号提交次数过多" in r.content.decode()
    assert Lead.objects.count() == 3
    # typed values are still there
    assert 'value="示例公司9"' in r.content.decode()


def test_rate_limit_per_ip(client, form_data, settings):
    settings.LEADS_RATE_LIMIT_PER_IP = 2
    for i in range(2):
        assert post(client, {**form_data, "phone": f"1390000000{i}"}, ip="10.2.0.1").status_code == 302
    r = post(client, {**form_data, "phone": "13900000009"}, ip="10.2.0.1")
    assert r.status_code == 429 and "提交得太频繁" in r.content.decode()
    assert post(client, {**form_data, "phone": "13900000009"}, ip="10.2.0.2").status_code == 302


def test_rate_limit_window_is_one_hour(client, form_data, settings):
    settings.LEADS_RATE_LIMIT_PER_PHONE = 1
    assert post(client, form_data).status_code == 302
    Submission.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert post(client, {**form_data, "company": "另一示例公司"}).status_code == 302


def test_resubmission_within_30_days_is_added_to_the_lead_unchanged(client, form_data):
    post(client, form_data)
    again = {**form_data, "description": "补充：还需要 2000㎡ 仓库", "company": " 示例生物科技有限公司 ",
             "area_m2": "7000", "investment_wan": "", "contact_name": "冒充者"}
    assert post(client, again, ip="10.9.9.9").status_code == 302
    assert Lead.objects.count() == 1
    lead = Lead.objects.get()
    # the public form never overwrites a lead: the new submission is kept beside it
    assert lead.description == form_data["description"] and lead.contact_name == "张先生"
    assert float(lead.area_m2) == 5000 and float(lead.investment_wan) == 20000
    assert lead.submission_count == 2 and lead.submissions.count() == 2
    newest = lead.submissions.order_by("-id").first()
    assert newest.data["description"] == "补充：还需要 2000㎡ 仓库" and newest.data["contact_name"] == "冒充者"
    assert Note.objects.filter(lead=lead, kind="system", body__contains="提交记录").exists()


def test_merge_needs_same_company_and_phone_and_30_days(client, form_data):
    post(client, form_data)
    post(client, {**form_data, "company": "另一家示例公司"})
    assert Lead.objects.count() == 2
    post(client, {**form_data, "phone": "13998765432"})
    assert Lead.objects.count() == 3
    Lead.objects.update(last_submitted_at=timezone.now() - timedelta(days=31))
    post(client, form_data)
    assert Lead.objects.count() == 4


def test_article_link_is_kept(client, form_data):
    article = Article.objects.create(title="示例文章：园区招商", status=Article.Status.PUBLISHED, is_sample=True)
    html = client.get(f"{URL}?article={article.pk}").content.decode()
    assert "示例文章：园区招商" in html and f'value="{article.pk}"' in html
    post(client, {**form_data, "article": article.pk})
    assert Lead.objects.get().article == article


def test_merge_does_not_duplicate_same_text(client, form_data):
    post(client, form_data)
    post(client, form_data)
    lead = Lead.objects.get()
    assert lead.description.count("生物医药中试车间") == 1 and lead.submission_count == 2
    assert lead.submissions.count() == 2


def test_listing_link_prefills_the_form(client, biomed_parks):
    from parkpulse.parks.models import Listing

    listing = Listing.objects.get(title="示例标准厂房 6200㎡")
    html = client.get(f"{URL}?listing={listing.pk}").content.decode()
    assert 'value="6200"' in html and 'value="苏州市"' in html
    assert "示例生物医药园 · 示例标准厂房 6200㎡" in html
    assert '<option value="factory" selected>' in html
    gone = Listing.objects.get(title="示例已出租厂房")
    assert 'value="9000"' not in client.get(f"{URL}?listing={gone.pk}").content.decode()
    assert client.get(f"{URL}?listing=abc").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit_makes_one_lead(form_data):
    """Requests racing with the same phone and company: one lead, and the limit still holds."""
    ensure_industries()  # a transactional test may run after another one flushed the seed rows
    import threading

    barrier = threading.Barrier(4)
    codes = []

    def submit():
        from django.db import connections

        c = Client()
        barrier.wait()
        codes.append(c.post(URL, form_data, REMOTE_ADDR="10.7.0.1").status_code)
        connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [302, 302, 302, 429]  # default: 3 per phone per hour
    assert Lead.objects.count() == 1
    assert Lead.objects.get().submission_count == 3


def test_form_speaks_english_when_asked(client, form_data):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send your investment needs" in html and "Mobile phone" in html and "Factory" in html
    form_data["phone"] = "123"
    form_data["area_m2"] = "-1"
    html = post(client, form_data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Please give a valid 11-digit mainland China mobile number" in html
    assert "Please give a number greater than 0 (in ㎡)" in html
    assert 'value="示例生物科技有限公司"' in html


def test_rate_limit_ignores_forged_forwarded_for_without_a_proxy(client, form_data, settings):
    settings.LEADS_RATE_LIMIT_PER_IP = 1
    settings.TRUSTED_PROXY_COUNT = 0
    assert post(client, form_data, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    r = post(client, {**form_data, "phone": "13900000001"}, HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert r.status_code == 429  # same REMOTE_ADDR, forged header changes nothing


def test_rate_limit_per_visitor_behind_a_trusted_proxy(client, form_data, settings):
    settings.LEADS_RATE_LIMIT_PER_IP = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    assert post(client, form_data, ip=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5").status_code == 302
    # another visitor behind the same proxy has their own limit
    assert post(client, {**form_data, "phone": "13900000001"}, ip=proxy,
                HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302
    # the first visitor again, with a different forged left-hand entry: still limited
    r = post(client, {**form_data, "phone": "13900000002"}, ip=proxy, HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.5")
    assert r.status_code == 429
    assert Submission.objects.filter(ip="203.0.113.5").count() == 1
