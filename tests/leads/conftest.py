"""Fixtures for the leads tests: one user per role, parks with listings, a form payload."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from parkpulse.leads.models import Lead
from parkpulse.leads.roles import CONSULTANT_GROUP
from parkpulse.parks.models import Industry, Listing, Park
from parkpulse.textkit.taxonomy import INDUSTRIES


def ensure_industries() -> None:
    """The taxonomy rows the parks migration seeds; transactional tests flush them afterwards."""
    for order, item in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(code=item.code, defaults={"name": item.name, "order": order})


def make_user(username, *, group=None, **extra):
    # No password: tests log in with force_login, and hashing would cost seconds per test.
    user = User.objects.create_user(username, f"{username}@example.com", None, **extra)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def users(db):
    """Every role of the permission matrix; 'anonymous' is None."""
    park_a = Park.objects.create(name="示例园区甲", province="江苏省", city="苏州市", is_sample=True)
    park_b = Park.objects.create(name="示例园区乙", province="四川省", city="成都市", is_sample=True)
    manager = make_user("manager", group="园区负责人")
    park_a.managers.add(manager)
    return {
        "anonymous": None,
        "company": make_user("company", group="公司用户"),
        "manager": manager,
        "consultant_a": make_user("consultant_a", group=CONSULTANT_GROUP),
        "consultant_b": make_user("consultant_b", group=CONSULTANT_GROUP),
        "editor": make_user("editor", group="编辑", is_staff=True),
        "admin": User.objects.create_superuser("admin", "admin@example.com", None),
        "park_a": park_a,
        "park_b": park_b,
    }


def make_lead(**kw) -> Lead:
    defaults = dict(
        description="示例需求：生物医药中试车间", use="factory", company="示例生物科技有限公司",
        company_key="示例生物科技有限公司", contact_name="张先生", phone="13812345678", consent=True,
        area_m2=5000, regions="长三角", last_submitted_at=timezone.now(), is_sample=True,
    )
    defaults.update(kw)
    if "company" in kw and "company_key" not in kw:
        defaults["company_key"] = kw["company"]
    return Lead.objects.create(**defaults)


@pytest.fixture
def form_data(db):
    return {
        "description": "生物医药中试车间，需要洁净厂房，明年投产",
        "industry": "biomed",
        "use": "factory",
        "area_m2": "5000",
        "investment_wan": "20000",
        "annual_tax_wan": "1500",
        "regions": "江苏、上海",
        "company": "示例生物科技有限公司",
        "contact_name": "张先生",
        "phone": "13812345678",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def biomed_parks(db):
    """Three sample parks built so that the right answer is known in advance."""
    biomed = Industry.objects.get(code="biomed")
    ic = Industry.objects.get(code="ic")
    fit = Park.objects.create(name="示例生物医药园", province="江苏省", city="苏州市",
                              min_investment_intensity=300, min_tax_per_mu=25, is_sample=True)
    fit.industries.add(biomed)
    small = Park.objects.create(name="示例小面积园", province="浙江省", city="杭州市", is_sample=True)
    small.industries.add(biomed)
    wrong = Park.objects.create(name="示例芯片园", province="江苏省", city="无锡市", is_sample=True)
    wrong.industries.add(ic)
    Listing.objects.create(park=fit, title="示例标准厂房 6200㎡", kind="factory", area_m2=6200, price=28)
    Listing.objects.create(park=small, title="示例厂房 1500㎡", kind="factory", area_m2=1500, price=25)
    Listing.objects.create(park=wrong, title="示例芯片厂房 8000㎡", kind="factory", area_m2=8000, price=22)
    Listing.objects.create(park=fit, title="示例已出租厂房", kind="factory", area_m2=9000, price=10,
                           is_available=False)
    return {"fit": fit, "small": small, "wrong": wrong}
