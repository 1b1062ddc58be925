"""Snapshots, the character-level diff and revision bookkeeping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parkpulse.parks import versioning
from parkpulse.parks.models import ParkRevision


def test_text_segments_are_character_level_for_chinese():
    segs = versioning.text_segments("主导产业为生物医药", "主导产业为集成电路和生物医药")
    assert segs == [("equal", "主导产业为"), ("insert", "集成电路和"), ("equal", "生物医药")]
    assert versioning.text_segments("abc", "abc") == [("equal", "abc")]
    assert versioning.text_segments("", "新") == [("insert", "新")]


def test_single_character_coincidences_are_folded_into_the_change():
    # "园" matches by chance between two unrelated names: one replacement, not three pieces
    assert versioning.text_segments("张江园区管委会", "李家园林公司") == [
        ("delete", "张江园区管委会"), ("insert", "李家园林公司")
    ]
    # a shared run of two or more characters is kept
    assert versioning.text_segments("0834-60468948", "0512-60000000") == [
        ("equal", "0"), ("delete", "834"), ("insert", "512"), ("equal", "-60"),
        ("delete", "468948"), ("insert", "000000"),
    ]


def test_long_texts_diff_by_line():
    old = "\n".join(f"第{i}行政策" for i in range(2000))
    new = old.replace("第1000行政策", "第1000行政策（已修订）")
    segs = versioning.text_segments(old, new)
    assert ("delete", "第1000行政策\n") in segs and ("insert", "第1000行政策（已修订）\n") in segs


def test_to_json_normalises_decimals_and_dates():
    import datetime as dt

    assert versioning.to_json(Decimal("12.50")) == "12.5"
    assert versioning.to_json(Decimal("100")) == "100"
    assert versioning.to_json(dt.date(1994, 2, 26)) == "1994-02-26"


@pytest.mark.django_db
def test_apply_changes_records_baseline_and_revision(park_a, editor):
    rev = versioning.apply_changes(park_a, {"planned_area_km2": "278", "industries": ["ai"]}, author=editor,
                                   reason="更新面积")
    park_a.refresh_from_db()
    assert park_a.planned_area_km2 == Decimal("278")
    assert list(park_a.industries.values_list("code", flat=True)) == ["ai"]
    assert rev.number == 2
    base = ParkRevision.objects.get(park=park_a, number=1)
    assert base.snapshot["industries"] == ["biomed", "ic"] and base.snapshot["planned_area_km2"] is None
    rows = versioning.diff(base.snapshot, rev.snapshot)
    assert [r.field for r in rows] == ["planned_area_km2", "industries"]
    assert rows[0].old == "" and rows[0].new == "278"
    assert rows[1].label == "主导产业" and rows[1].new == "人工智能"


@pytest.mark.django_db
def test_no_revision_when_nothing_changed(park_a, editor):
    versioning.apply_changes(park_a, {"city": "苏州"}, author=editor)
    assert versioning.record_revision(park_a, author=editor) is None
    assert versioning.apply_changes(park_a, {"city": "苏州"}, author=editor) is None
    assert park_a.revisions.count() == 2


@pytest.mark.django_db
def test_invalid_values_are_rolled_back(park_a, park_b, editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        versioning.apply_changes(park_a, {"name": park_b.name, "city": "改了"}, author=editor)
    park_a.refresh_from_db()
    assert park_a.city == "苏州市" and not park_a.revisions.exists()


@pytest.mark.django_db
def test_admin_save_is_versioned(client, admin_user, park_a):
    client.force_login(admin_user)
    url = f"/admin/parks/park/{park_a.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k not in {"logo"}}
    data.update({
        "name": park_a.name, "aliases": '["甲高新"]', "former_names": "[]", "level": "nht",
        "industries": ["biomed"], "managers": [], "description": "后台改过的简介",
        "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
    })
    data = {k: v for k, v in data.items() if not isinstance(v, list) or v}
    r = client.post(url, data)
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    revs = list(park_a.revisions.order_by("number"))
    assert [x.number for x in revs] == [1, 2]
    assert revs[0].snapshot["description"] == "示例简介"
    assert revs[1].snapshot["description"] == "后台改过的简介" and revs[1].snapshot["industries"] == ["biomed"]
    assert revs[1].author == admin_user
