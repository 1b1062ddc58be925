"""In real Chromium: register, claim a park with an uploaded proof, an editor approves, the new
manager proposes an edit, the editor rejects it without a reason (Chinese error), then approves
it, and the park page and its history show the change."""

from __future__ import annotations

import pytest

from parkpulse.parks.models import ChangeRequest, ParkClaim, ReviewStatus
from tests.parks.conftest import PDF


def login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.pp-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
def test_claim_and_change_request_in_chromium(browser, live_site, park_a, editor, tmp_path):
    base = live_site
    proof = tmp_path / "任职证明.pdf"
    proof.write_bytes(PDF)

    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    page.goto(f"{base}/parks/register/")
    page.fill("#id_username", "liu")
    page.fill("#id_email", "liu@example.com")
    page.fill("#id_password1", "Yuanqu-2026-pass")
    page.fill("#id_password2", "Yuanqu-2026-pass")
    page.click("form.pp-form button[type=submit]")
    page.wait_for_selector("text=注册成功")

    page.goto(f"{base}/parks/{park_a.pk}/")
    page.click("text=我是园区负责人，我要更新园区资料")
    page.wait_for_selector("text=认领园区")
    page.fill("#id_position", "招商局科员")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_note", "负责园区宣传资料")
    page.set_input_files("#id_proof", str(proof))
    page.click("form.pp-form button[type=submit]")
    page.wait_for_selector("text=认领申请已提交")
    assert "待审核" in page.inner_text("main")
    claim = ParkClaim.objects.get()

    ed_ctx = browser.new_context(locale="zh-CN")
    ed = ed_ctx.new_page()
    login(ed, base, "editor", "S3cure-pass-xyz")
    ed.goto(f"{base}/parks/review/")
    ed.click(f"a[href='/parks/claims/{claim.pk}/']")
    with ed.expect_download() as download:
        ed.click(f"a[href='/parks/claims/{claim.pk}/proof/']")
    assert download.value.suggested_filename == "任职证明.pdf"
    ed.check("input[name=decision][value=approve]")
    ed.click("form.pp-review button[type=submit]")
    ed.wait_for_selector("text=已处理该认领申请")

    page.goto(f"{base}/parks/{park_a.pk}/")
    page.click("text=我是园区负责人，我要更新园区资料")
    page.wait_for_selector("text=提交后由编辑审核")
    page.fill("#id_address", "示例路 88 号")
    page.fill("#id_reason", "补充地址")
    page.click("form.pp-form button[type=submit]")
    page.wait_for_selector("text=修改申请已提交")
    cr = ChangeRequest.objects.get()

    ed.goto(f"{base}/parks/changes/{cr.pk}/")
    assert ed.inner_text(".pp-diff ins") == "示例路 88 号"
    ed.check("input[name=decision][value=reject]")
    ed.click("form.pp-review button[type=submit]")
    ed.wait_for_selector("text=驳回时必须填写理由。")
    ed.check("input[name=decision][value=approve]")
    ed.click("form.pp-review button[type=submit]")
    ed.wait_for_selector("text=已处理该修改申请")
    cr.refresh_from_db()
    assert cr.status == ReviewStatus.APPROVED

    page.goto(f"{base}/parks/{park_a.pk}/")
    assert "示例路 88 号" in page.inner_text(".pp-profile")
    page.click("text=修改历史")
    page.click("text=查看差异")
    assert "补充地址" in page.inner_text("main") and "liu" in page.inner_text("main")
    ctx.close()
    ed_ctx.close()
