"""Fixtures for the parks tests: two parks, one user per role, private files in a temp dir."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from parkpulse.parks import roles
from parkpulse.parks.models import Industry, Listing, Park

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "S3cure-pass-xyz", **extra)
    for g in groups:
        roles.add_to_group(user, g)
    return user


@pytest.fixture
def park_a(db):
    park = Park.objects.create(
        name="甲示例高新区", aliases=["甲高新"], level=Park.Level.NATIONAL_HIGH_TECH,
        province="江苏省", city="苏州市", description="示例简介", is_sample=True,
    )
    park.industries.set(Industry.objects.filter(code__in=["biomed", "ic"]))
    return park


@pytest.fixture
def park_b(db):
    park = Park.objects.create(
        name="乙示例经开区", level=Park.Level.NATIONAL_ETDZ, province="湖南省", city="株洲市", is_sample=True,
    )
    park.industries.set(Industry.objects.filter(code__in=["equipment"]))
    return park


@pytest.fixture
def company(db):
    return make_user("company", roles.COMPANY)


@pytest.fixture
def manager_a(park_a):
    user = make_user("manager_a", roles.COMPANY, roles.MANAGER)
    park_a.managers.add(user)
    return user


@pytest.fixture
def manager_b(park_b):
    user = make_user("manager_b", roles.COMPANY, roles.MANAGER)
    park_b.managers.add(user)
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", roles.EDITOR, is_staff=True)


@pytest.fixture
def consultant(db):
    return make_user("consultant", roles.CONSULTANT)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "S3cure-pass-xyz")


@pytest.fixture
def listing_a(park_a, manager_a):
    return Listing.objects.create(
        park=park_a, title="甲园区标准厂房 3000㎡", kind=Listing.Kind.FACTORY, deal=Listing.Deal.RENT,
        area_m2=3000, price=28, floor_height_m=9, floor_load_kg_m2=1500, owner=manager_a,
        contact_name="张先生", contact_phone="13800138000", is_sample=True,
    )
