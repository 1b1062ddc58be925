"""The claim flow end to end, and change requests reviewed as diffs (approve / reject)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from parkpulse.parks import roles
from parkpulse.parks.models import ChangeRequest, ParkClaim, ParkRevision, ReviewStatus
from tests.parks.conftest import PDF, PNG
from tests.parks.test_permissions import profile_data


def claim_post(client, park, proof=None, **overrides):
    data = {"position": "招商局副局长", "phone": "13912345678", "note": "本人负责园区对外宣传，需要更新资料。"}
    data["proof"] = proof or SimpleUploadedFile("任职文件.pdf", PDF, content_type="application/pdf")
    data.update(overrides)
    return client.post(f"/parks/{park.pk}/claim/", data)


@pytest.mark.django_db
def test_register_claim_approve_propose_approve(client, park_a, editor, settings):
    # 1. register: a company user, logged in
    r = client.post("/parks/register/", {
        "username": "wang", "email": "wang@example.com", "password1": "Yuanqu-2026-pass", "password2": "Yuanqu-2026-pass",
    })
    assert r.status_code == 302
    from django.contrib.auth import get_user_model

    wang = get_user_model().objects.get(username="wang")
    assert wang.groups.filter(name=roles.COMPANY).exists()

    # 2. the update link sends a non-manager to the claim form
    r = client.get(f"/parks/{park_a.pk}/update/")
    assert r["Location"] == f"/parks/{park_a.pk}/claim/"
    r = claim_post(client, park_a)
    assert r.status_code == 302
    claim = ParkClaim.objects.get(user=wang)
    assert claim.status == ReviewStatus.PENDING and claim.proof_name == "任职文件.pdf"
    assert (settings.PRIVATE_MEDIA_ROOT / claim.proof.name).read_bytes() == PDF
    assert "任职文件" not in claim.proof.name  # stored under a random name
    # a second claim while one is pending is not created
    claim_post(client, park_a)
    assert ParkClaim.objects.filter(user=wang).count() == 1
    assert "待审核" in client.get("/parks/me/").content.decode()

    # 3. the editor sees it in the queue, downloads the proof, approves
    client.force_login(editor)
    assert park_a.name in client.get("/parks/review/").content.decode()
    proof = client.get(f"/parks/claims/{claim.pk}/proof/")
    assert proof.status_code == 200 and b"".join(proof.streaming_content) == PDF
    assert "attachment" in proof["Content-Disposition"]
    client.post(f"/parks/claims/{claim.pk}/", {"decision": "approve", "reason": "核实无误"})
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED and claim.reviewer == editor
    assert park_a.managers.filter(pk=wang.pk).exists()
    assert wang.groups.filter(name=roles.MANAGER).exists()

    # 4. the manager proposes an edit: nothing changes until review
    client.force_login(wang)
    data = profile_data(park_a, city="苏州", description="示例简介。新增：生物医药产业园二期已投用。",
                        reason="更新城市简称和简介")
    r = client.post(f"/parks/{park_a.pk}/update/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    cr = ChangeRequest.objects.get(author=wang)
    assert set(cr.proposed) == {"city", "description"}
    park_a.refresh_from_db()
    assert park_a.city == "苏州市"

    # 5. the editor reviews the diff and approves: applied as a new version
    client.force_login(editor)
    html = client.get(f"/parks/changes/{cr.pk}/").content.decode()
    assert "<span>示例简介</span><ins>。新增：生物医药产业园二期已投用。</ins>" in html
    assert "<del>市</del>" in html
    client.post(f"/parks/changes/{cr.pk}/", {"decision": "approve", "reason": ""})
    cr.refresh_from_db()
    park_a.refresh_from_db()
    assert cr.status == ReviewStatus.APPROVED
    assert park_a.city == "苏州" and "二期" in park_a.description
    revs = list(ParkRevision.objects.filter(park=park_a).order_by("number"))
    assert [r.number for r in revs] == [1, 2]
    assert revs[0].snapshot["city"] == "苏州市" and revs[1].snapshot["city"] == "苏州"
    assert revs[1].author == wang and revs[1].approved_by == editor and revs[1].change_request == cr
    assert revs[1].reason == "更新城市简称和简介"


@pytest.mark.django_db
def test_reject_needs_a_reason_in_chinese_and_leaves_park_untouched(client, park_a, manager_a, editor):
    cr = ChangeRequest.objects.create(
        park=park_a, author=manager_a, base={"name": park_a.name}, proposed={"name": "甲园区新名字"}, note="改名"
    )
    client.force_login(editor)
    r = client.post(f"/parks/changes/{cr.pk}/", {"decision": "reject", "reason": "  "})
    assert r.status_code == 200
    assert "驳回时必须填写理由。" in r.content.decode()
    cr.refresh_from_db()
    assert cr.status == ReviewStatus.PENDING
    client.post(f"/parks/changes/{cr.pk}/", {"decision": "reject", "reason": "更名需提供批复文件"})
    cr.refresh_from_db()
    park_a.refresh_from_db()
    assert cr.status == ReviewStatus.REJECTED and cr.review_reason == "更名需提供批复文件"
    assert park_a.name == "甲示例高新区"
    assert not park_a.revisions.exists()
    # the author sees the outcome and the reason
    client.force_login(manager_a)
    assert "更名需提供批复文件" in client.get("/parks/me/").content.decode()
    # a decided request cannot be decided again
    client.force_login(editor)
    assert client.post(f"/parks/changes/{cr.pk}/", {"decision": "approve"}).status_code == 403


@pytest.mark.django_db
def test_reject_claim_with_reason(client, park_b, company, editor):
    client.force_login(company)
    claim_post(client, park_b)
    claim = ParkClaim.objects.get()
    client.force_login(editor)
    r = client.post(f"/parks/claims/{claim.pk}/", {"decision": "reject"})
    assert "驳回时必须填写理由。" in r.content.decode()
    client.post(f"/parks/claims/{claim.pk}/", {"decision": "reject", "reason": "证明材料不清晰"})
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.REJECTED
    assert not park_b.managers.filter(pk=company.pk).exists()
    assert not company.groups.filter(name=roles.MANAGER).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name,content,message", [
    ("proof.exe", b"MZ\x90\x00", "只接受 PDF、JPG 或 PNG"),
    ("proof.pdf", b"<html>not a pdf</html>", "文件内容与扩展名不符"),
    ("proof.png", PDF, "文件内容与扩展名不符"),
    ("noextension", PDF, "只接受 PDF、JPG 或 PNG"),
])
def test_claim_proof_validation_in_chinese(client, park_a, company, name, content, message):
    client.force_login(company)
    r = claim_post(client, park_a, proof=SimpleUploadedFile(name, content))
    assert r.status_code == 200
    html = r.content.decode()
    assert message in html
    assert "本人负责园区对外宣传" in html  # what the user typed is kept
    assert not ParkClaim.objects.exists()


@pytest.mark.django_db
def test_claim_field_errors_in_chinese(client, park_a, company):
    client.force_login(company)
    r = client.post(f"/parks/{park_a.pk}/claim/", {"position": "", "phone": "12345", "note": ""})
    html = r.content.decode()
    assert "这个字段是必填项。" in html
    assert "请输入有效的手机号或座机号" in html
    r = claim_post(client, park_a, proof=SimpleUploadedFile("a.png", PNG), phone="0512-66881234")
    assert r.status_code == 302 and ParkClaim.objects.get().phone == "0512-66881234"


@pytest.mark.django_db
def test_proposal_without_changes_is_refused(client, park_a, manager_a):
    client.force_login(manager_a)
    r = client.post(f"/parks/{park_a.pk}/update/", profile_data(park_a, reason="没改"))
    assert "您没有修改任何内容。" in r.content.decode()
    assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_profile_validation_errors_in_chinese_keep_input(client, park_a, editor):
    client.force_login(editor)
    data = profile_data(park_a, reason="", land_price_min="50", land_price_max="20",
                        planned_area_km2="abc", website="not a url", description="我新写的简介")
    r = client.post(f"/parks/{park_a.pk}/update/", data)
    html = r.content.decode()
    assert "这个字段是必填项。" in html  # reason
    assert "地价上限不能低于下限。" in html
    assert "输入一个数字。" in html
    assert "输入一个有效的 URL。" in html
    assert "我新写的简介" in html
    park_a.refresh_from_db()
    assert park_a.description == "示例简介"


@pytest.mark.django_db
def test_conflicting_change_is_flagged_and_unique_name_error_is_shown(client, park_a, park_b, manager_a, editor):
    cr = ChangeRequest.objects.create(
        park=park_a, author=manager_a, base={"name": park_a.name, "city": "苏州市"},
        proposed={"name": park_b.name, "city": "苏州"}, note="",
    )
    park_a.city = "苏州工业园区所在市"
    park_a.save()
    client.force_login(editor)
    html = client.get(f"/parks/changes/{cr.pk}/").content.decode()
    assert "提交后此字段已被他人修改" in html
    r = client.post(f"/parks/changes/{cr.pk}/", {"decision": "approve"})
    assert "无法应用该修改" in r.content.decode()
    cr.refresh_from_db()
    park_a.refresh_from_db()
    assert cr.status == ReviewStatus.PENDING and park_a.name == "甲示例高新区"


@pytest.mark.django_db
def test_editor_edits_directly_with_history(client, park_a, editor):
    client.force_login(editor)
    data = profile_data(park_a, aliases="甲高新、甲区", industries=["biomed", "ai"], reason="补充别名和产业")
    r = client.post(f"/parks/{park_a.pk}/update/", data)
    assert r.status_code == 302
    park_a.refresh_from_db()
    assert park_a.aliases == ["甲高新", "甲区"]
    assert set(park_a.industries.values_list("code", flat=True)) == {"biomed", "ai"}
    rev = park_a.revisions.get(number=2)
    html = client.get(f"/parks/{park_a.pk}/history/2/").content.decode()
    assert "别名" in html and "<ins>、甲区</ins>" in html
    assert "人工智能" in html and "<del>、集成电路/第三代半导体</del>" in html
    assert rev.author == editor and rev.reason == "补充别名和产业"
    history = client.get(f"/parks/{park_a.pk}/history/").content.decode()
    assert "补充别名和产业" in history and "初始版本" in history


@pytest.mark.django_db
def test_manager_group_alone_does_not_grant_other_parks(client, park_a, park_b):
    from tests.parks.conftest import make_user

    user = make_user("lonely", roles.MANAGER)  # in the group, manages nothing
    client.force_login(user)
    assert client.get(f"/parks/{park_a.pk}/update/")["Location"].endswith("/claim/")
    assert Group.objects.get(name=roles.MANAGER).user_set.filter(pk=user.pk).exists()
