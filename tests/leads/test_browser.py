"""In real Chromium: from an article to the 招商 form, one wrong field, fix it, submit, and the
lead shows up in the consultant's inbox."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from parkpulse.leads.models import Lead
from parkpulse.leads.roles import CONSULTANT_GROUP, ensure_consultant_group
from parkpulse.portal.models import Article, CallToAction


@pytest.mark.browser
def test_article_to_form_to_inbox(browser, live_site):
    CallToAction.objects.create()  # the 招商 block, with the text editors start from
    article = Article.objects.create(
        title="示例文章：生物医药园区招商动态", body_html="<p>示例正文（示例数据）。</p>",
        status=Article.Status.PUBLISHED, is_sample=True,
    )
    consultant = User.objects.create_user("guwen", "guwen@example.com", "示例-密码-2026")
    ensure_consultant_group()
    consultant.groups.add(Group.objects.get(name=CONSULTANT_GROUP))

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_site}/article/{article.pk}/")
    assert "示例文章：生物医药园区招商动态" in page.content()
    page.click(f'section.cta a[href="/leads/new/?article={article.pk}"]')  # the article's 招商 block
    page.wait_for_selector("form.lead-form")
    assert "/leads/new/" in page.url
    assert "示例文章：生物医药园区招商动态" in page.content()  # the form knows where the visitor came from

    page.fill("#id_description", "生物医药中试车间，需要洁净厂房")
    page.select_option("#id_industry", "biomed")
    page.select_option("#id_use", "factory")
    page.fill("#id_area_m2", "5000㎡")
    page.fill("#id_investment_wan", "20000")
    page.fill("#id_regions", "长三角")
    page.fill("#id_company", "示例浏览器测试有限公司")
    page.fill("#id_contact_name", "测试先生")
    page.fill("#id_phone", "1381234567")  # one digit short
    page.check("#id_consent")
    page.click("form.lead-form button[type=submit]")

    page.wait_for_selector("#form-errors")
    assert "请填写正确的 11 位中国大陆手机号" in page.inner_text("#field-phone")
    assert Lead.objects.count() == 0
    # nothing typed is lost
    assert page.input_value("#id_company") == "示例浏览器测试有限公司"
    assert page.input_value("#id_area_m2") == "5000㎡"
    assert page.input_value("#id_description") == "生物医药中试车间，需要洁净厂房"
    assert page.is_checked("#id_consent")

    page.fill("#id_phone", "13812345678")
    page.click("form.lead-form button[type=submit]")
    page.wait_for_selector("text=需求已提交")
    assert "138****5678" in page.content()
    lead = Lead.objects.get()
    assert lead.article == article and float(lead.area_m2) == 5000

    desk = browser.new_context(locale="zh-CN")
    dp = desk.new_page()
    dp.goto(f"{live_site}/leads/")
    assert "/accounts/login/" in dp.url  # the desk sends strangers to the login page
    dp.fill('input[name="username"]', "guwen")
    dp.fill('input[name="password"]', "示例-密码-2026")
    dp.click("form:has(input[name=password]) [type=submit]")
    dp.wait_for_selector("#lead-list")
    row = dp.locator("#lead-list tbody tr", has_text="示例浏览器测试有限公司")
    assert row.count() == 1
    assert "138****5678" in row.inner_text() and "13812345678" not in dp.content()
    assert "新线索" in row.inner_text()
    context.close()
    desk.close()
