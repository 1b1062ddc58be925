"""The parks demo: real names with sources, everything invented labelled, idempotent, and
friendly to another app's demo that created parks by name first."""

from __future__ import annotations

import pytest

from parkpulse.parks import demo, roles
from parkpulse.parks.models import ChangeRequest, Listing, Park, ParkClaim, ReviewStatus


@pytest.mark.django_db
def test_demo_loads_labelled_data_and_is_idempotent(client, monkeypatch):
    monkeypatch.setenv("PARKPULSE_DEMO_PASSWORD", "demo-pass-123")
    # another app's demo got there first with a park of the same name
    Park.objects.create(name="苏州工业园区", description="门户演示写的简介")
    lines = []
    demo.load_demo(lines.append)
    demo.load_demo(lines.append)
    assert Park.objects.filter(name="苏州工业园区").count() == 1
    sip = Park.objects.get(name="苏州工业园区")
    assert sip.description == "门户演示写的简介"  # not overwritten
    assert sip.level == Park.Level.NATIONAL_HIGH_TECH and sip.source_note
    assert Park.objects.count() == len(demo.PARKS)
    assert all(p.is_sample and p.source_note for p in Park.objects.all())
    assert Listing.objects.count() == 30 and not Listing.objects.filter(is_sample=False).exists()
    assert all("示例" in x.title and "示例数据" in x.description for x in Listing.objects.all())
    manager = sip.managers.get()
    assert manager.username == "manager" and manager.groups.filter(name=roles.MANAGER).exists()
    assert ParkClaim.objects.filter(status=ReviewStatus.PENDING).count() == 1
    assert ChangeRequest.objects.filter(status=ReviewStatus.PENDING).count() == 1
    assert sip.revisions.count() == 2
    assert any("demo-pass-123" in line for line in lines)
    # the demo accounts work through the real login
    r = client.post("/accounts/login/", {"username": "editor", "password": "demo-pass-123"})
    assert r.status_code == 302
    assert client.get("/parks/review/").status_code == 200
    html = client.get(sip.get_absolute_url()).content.decode()
    assert "示例数据" in html and "科技部火炬中心" in html
