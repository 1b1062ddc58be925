"""Permission matrix: every role against every protected page and action of the lead desk."""

from __future__ import annotations

import pytest
from django.test import Client

from parkpulse.leads.models import AuditLog, Lead

from .conftest import make_lead

PHONE = "13812345678"
ROLES = ["anonymous", "company", "manager", "consultant_a", "consultant_b", "editor", "admin"]
DESK = {"consultant_a", "consultant_b", "admin"}


def client_for(users, role):
    c = Client()
    if users[role] is not None:
        c.force_login(users[role])
    return c


def expect(role, allowed, response, ok_status=200):
    if role in allowed:
        assert response.status_code == ok_status, (role, response.status_code)
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], role
    else:
        assert response.status_code == 403, (role, response.status_code)


@pytest.fixture
def lead(users):
    return make_lead(assignee=users["consultant_a"], phone=PHONE)


@pytest.mark.parametrize("role", ROLES)
def test_inbox(users, lead, role):
    r = client_for(users, role).get("/leads/")
    expect(role, DESK, r)
    if r.status_code == 200:
        html = r.content.decode()
        assert "示例生物科技有限公司" in html
        assert "138****5678" in html and PHONE not in html  # masked in lists, for everyone


@pytest.mark.parametrize("role", ROLES)
def test_lead_detail_masks_phone(users, lead, role):
    r = client_for(users, role).get(f"/leads/{lead.pk}/")
    expect(role, DESK, r)
    if r.status_code == 200:
        html = r.content.decode()
        assert PHONE not in html and "138****5678" in html
        assert ("显示完整号码" in html) == (role in {"consultant_a", "admin"})
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_whole_phone_reveal(users, lead, role):
    r = client_for(users, role).post(f"/leads/{lead.pk}/phone/")
    allowed = {"consultant_a", "admin"}  # the assigned consultant and admins, nobody else
    expect(role, allowed, r)
    if role in allowed:
        assert PHONE in r.content.decode()
        log = AuditLog.objects.get()
        assert log.action == "phone_view" and log.lead == lead and log.user == users[role]
    else:
        assert PHONE not in r.content.decode()
        assert not AuditLog.objects.exists()


def test_reveal_needs_post(users, lead):
    r = client_for(users, "consultant_a").get(f"/leads/{lead.pk}/phone/")
    assert r.status_code == 405 and not AuditLog.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_export(users, lead, role):
    make_lead(company="另一示例公司", company_key="另一示例公司", phone="13900001111", assignee=users["consultant_b"])
    r = client_for(users, role).get("/leads/export.csv")
    expect(role, DESK, r)
    if r.status_code == 200:
        body = r.content.decode("utf-8-sig")
        assert (PHONE in body) == (role in {"consultant_a", "admin"})
        assert ("13900001111" in body) == (role in {"consultant_b", "admin"})
        assert "138****5678" in body or PHONE in body
        log = AuditLog.objects.get()
        assert log.action == "export" and log.user == users[role] and "CSV" in log.detail
    else:
        assert not AuditLog.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_stage_change(users, lead, role):
    r = client_for(users, role).post(f"/leads/{lead.pk}/update/", {"stage": "contacted", "assignee": ""})
    allowed = {"consultant_a", "admin"}
    expect(role, allowed, r, ok_status=302)
    lead.refresh_from_db()
    assert (lead.stage == "contacted") == (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_note(users, lead, role):
    r = client_for(users, role).post(f"/leads/{lead.pk}/note/", {"body": "已电话沟通"})
    expect(role, {"consultant_a", "admin"}, r, ok_status=302)
    assert lead.notes.filter(body="已电话沟通").exists() == (role in {"consultant_a", "admin"})


def test_unassigned_lead_can_be_claimed_by_any_consultant_then_only_by_them(users):
    lead = make_lead()
    b = client_for(users, "consultant_b")
    assert b.post(f"/leads/{lead.pk}/claim/").status_code == 302
    lead.refresh_from_db()
    assert lead.assignee == users["consultant_b"]
    a = client_for(users, "consultant_a")
    a.post(f"/leads/{lead.pk}/claim/")
    lead.refresh_from_db()
    assert lead.assignee == users["consultant_b"]
    assert a.post(f"/leads/{lead.pk}/phone/").status_code == 403
    assert PHONE in b.post(f"/leads/{lead.pk}/phone/").content.decode()


def test_only_admin_reassigns(users, lead):
    b = users["consultant_b"]
    client_for(users, "consultant_a").post(f"/leads/{lead.pk}/update/", {"stage": "new", "assignee": b.pk})
    lead.refresh_from_db()
    assert lead.assignee == users["consultant_a"]  # the field is not offered to consultants
    client_for(users, "admin").post(f"/leads/{lead.pk}/update/", {"stage": "new", "assignee": b.pk})
    lead.refresh_from_db()
    assert lead.assignee == b


@pytest.mark.parametrize("role", ROLES)
def test_park_leads_page(users, lead, role):
    """Managers of park A see leads that fit park A; nobody else but the desk does."""
    r = client_for(users, role).get(f"/leads/park/{users['park_a'].pk}/")
    expect(role, DESK | {"manager"}, r)
    if r.status_code == 200:
        html = r.content.decode()
        assert f"线索 #{lead.pk}" in html or f"#{lead.pk} 示例生物科技有限公司" in html
        assert PHONE not in html
        assert ("示例生物科技有限公司" in html) == (role in DESK)  # managers never see the company


def test_manager_of_park_a_cannot_see_park_b(users, lead):
    r = client_for(users, "manager").get(f"/leads/park/{users['park_b'].pk}/")
    assert r.status_code == 403


def test_consultant_group_exists_with_desk_permissions(db):
    from django.contrib.auth.models import Group

    perms = set(Group.objects.get(name="招商顾问").permissions.values_list("codename", flat=True))
    assert {"access_desk", "export_leads", "view_lead", "change_lead"} <= perms
    assert "delete_lead" not in perms


def test_admin_changelist_masks_phone(users, lead):
    html = client_for(users, "admin").get("/admin/leads/lead/").content.decode()
    assert "138****5678" in html and PHONE not in html
    html = client_for(users, "admin").get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert PHONE not in html
    assert Lead.objects.filter(pk=lead.pk, phone=PHONE).exists()
