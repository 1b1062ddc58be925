"""The permission matrix: every role against every protected page and action of the parks app.

Each row is one page or action; each column one role. Expected outcomes:
``200`` page shown, ``login`` redirect to the login page, ``403`` refused, ``claim`` sent to
the claim form (not yet a manager of that park), ``done`` a POST that took effect.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parkpulse.parks.models import ChangeRequest, Listing, ParkClaim, ReviewStatus
from tests.parks.conftest import PDF

ROLES = ["anon", "company", "manager_a", "manager_b", "consultant", "editor", "admin"]


@pytest.fixture
def world(park_a, park_b, company, manager_a, manager_b, consultant, editor, admin_user, listing_a):
    claim = ParkClaim.objects.create(
        park=park_b, user=company, position="招商局科员", phone="13900139000", note="申请认领",
        proof=SimpleUploadedFile("证明.pdf", PDF), proof_name="证明.pdf",
    )
    cr = ChangeRequest.objects.create(
        park=park_a, author=manager_a, base={"city": "苏州市"}, proposed={"city": "苏州"}, note="简称"
    )
    users = {
        "anon": None, "company": company, "manager_a": manager_a, "manager_b": manager_b,
        "consultant": consultant, "editor": editor, "admin": admin_user,
    }
    return {"a": park_a, "b": park_b, "claim": claim, "cr": cr, "listing": listing_a, "users": users}


def as_role(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


# (name, method, url(world), data(world) or None) → expectation per role, in ROLES order
PAGES = {
    "directory": ("get", lambda w: "/parks/", ["200"] * 7),
    "park page": ("get", lambda w: f"/parks/{w['a'].pk}/", ["200"] * 7),
    "history": ("get", lambda w: f"/parks/{w['a'].pk}/history/", ["200"] * 7),
    "listing search": ("get", lambda w: "/parks/listings/", ["200"] * 7),
    "update park A": ("get", lambda w: f"/parks/{w['a'].pk}/update/",
                      ["login", "claim", "200", "claim", "claim", "200", "200"]),
    "update park B": ("get", lambda w: f"/parks/{w['b'].pk}/update/",
                      ["login", "pending", "claim", "200", "claim", "200", "200"]),
    "claim park A": ("get", lambda w: f"/parks/{w['a'].pk}/claim/",
                     ["login", "200", "update", "200", "200", "200", "200"]),
    "dashboard": ("get", lambda w: "/parks/me/", ["login", "200", "200", "200", "200", "200", "200"]),
    "review queue": ("get", lambda w: "/parks/review/", ["login", "403", "403", "403", "403", "200", "200"]),
    "claim detail": ("get", lambda w: f"/parks/claims/{w['claim'].pk}/",
                     ["login", "200", "403", "403", "403", "200", "200"]),
    "claim proof": ("get", lambda w: f"/parks/claims/{w['claim'].pk}/proof/",
                    ["login", "200", "403", "403", "403", "200", "200"]),
    "change request": ("get", lambda w: f"/parks/changes/{w['cr'].pk}/",
                       ["login", "403", "200", "403", "403", "200", "200"]),
    "new listing": ("get", lambda w: "/parks/listings/new/",
                    ["login", "403", "200", "200", "200", "200", "200"]),
    "edit listing of manager A": ("get", lambda w: f"/parks/listings/{w['listing'].pk}/edit/",
                                  ["login", "403", "200", "403", "403", "200", "200"]),
}


def outcome(response) -> str:
    if response.status_code == 302:
        loc = response["Location"]
        for key, marker in (("login", "/accounts/login/"), ("claim", "/claim/"), ("pending", "/parks/me/"),
                            ("update", "/update/")):
            if marker in loc:
                return key
        return f"302 {loc}"
    return str(response.status_code)


CASES = [(name, role, expected[i]) for name, (_, _, expected) in PAGES.items() for i, role in enumerate(ROLES)]


@pytest.mark.django_db
@pytest.mark.parametrize("page,role,expected", CASES, ids=[f"{p}-{r}" for p, r, _ in CASES])
def test_page_matrix(client, world, page, role, expected):
    method, url, _ = PAGES[page]
    response = getattr(as_role(client, world, role), method)(url(world))
    assert outcome(response) == expected


# ---- actions (POST): who can make each one take effect -----------------------------------


def review_claim(client, w):
    client.post(f"/parks/claims/{w['claim'].pk}/", {"decision": "approve", "reason": ""})
    w["claim"].refresh_from_db()
    return w["claim"].status == ReviewStatus.APPROVED and w["b"].managers.filter(pk=w["claim"].user_id).exists()


def review_change(client, w):
    client.post(f"/parks/changes/{w['cr'].pk}/", {"decision": "approve", "reason": ""})
    w["cr"].refresh_from_db()
    w["a"].refresh_from_db()
    return w["cr"].status == ReviewStatus.APPROVED and w["a"].city == "苏州"


def propose_change_b(client, w):
    data = profile_data(w["b"], city="篡改市", reason="试图修改别人的园区")
    client.post(f"/parks/{w['b'].pk}/update/", data)
    w["b"].refresh_from_db()
    return ChangeRequest.objects.filter(park=w["b"], proposed__has_key="city").exists() or w["b"].city == "篡改市"


def listing_in_b(client, w):
    client.post("/parks/listings/new/", listing_data(w["b"]))
    return Listing.objects.filter(park=w["b"], title="乙园区新厂房").exists()


def edit_listing_a(client, w):
    data = listing_data(w["a"], title="被改掉的标题")
    client.post(f"/parks/listings/{w['listing'].pk}/edit/", data)
    w["listing"].refresh_from_db()
    return w["listing"].title == "被改掉的标题"


def profile_data(park, **overrides):
    from parkpulse.parks.forms import ParkProfileForm

    form = ParkProfileForm(instance=park)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "industries":
            data[name] = [i.code if hasattr(i, "code") else i for i in (value or [])]
        elif isinstance(value, list):
            data[name] = "、".join(value)
        else:
            data[name] = "" if value is None else value
    data.update(overrides)
    return data


def listing_data(park, **overrides):
    data = {
        "park": park.pk, "title": "乙园区新厂房", "kind": "factory", "deal": "rent", "area_m2": "2000",
        "price": "25", "floor_height_m": "8", "floor_load_kg_m2": "1000", "land_use": "",
        "land_term_years": "", "industries": ["equipment"], "available_from": "", "is_available": "on",
        "description": "", "contact_name": "李女士", "contact_phone": "13700137000",
    }
    data.update(overrides)
    return data


ACTIONS = {
    # action: roles for which it takes effect
    "approve claim": (review_claim, {"editor", "admin"}),
    "approve change request": (review_change, {"editor", "admin"}),
    "change park B": (propose_change_b, {"manager_b", "editor", "admin"}),
    "add listing in park B": (listing_in_b, {"manager_b", "consultant", "editor", "admin"}),
    "edit manager A's listing": (edit_listing_a, {"manager_a", "editor", "admin"}),
}
ACTION_CASES = [(a, r) for a in ACTIONS for r in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize("action,role", ACTION_CASES, ids=[f"{a}-{r}" for a, r in ACTION_CASES])
def test_action_matrix(client, world, action, role):
    func, allowed = ACTIONS[action]
    took_effect = func(as_role(client, world, role), world)
    assert took_effect == (role in allowed)


@pytest.mark.django_db
def test_claimant_cannot_approve_own_claim_and_manager_cannot_approve_own_change(client, world):
    client.force_login(world["users"]["company"])
    r = client.post(f"/parks/claims/{world['claim'].pk}/", {"decision": "approve"})
    assert r.status_code == 403
    client.force_login(world["users"]["manager_a"])
    r = client.post(f"/parks/changes/{world['cr'].pk}/", {"decision": "approve"})
    assert r.status_code == 403
    world["cr"].refresh_from_db()
    assert world["cr"].status == ReviewStatus.PENDING


@pytest.mark.django_db
def test_proof_is_not_reachable_through_media_url(client, world, settings):
    name = world["claim"].proof.name
    assert (settings.PRIVATE_MEDIA_ROOT / name).exists()
    assert not (settings.MEDIA_ROOT / name).exists()
    client.raise_request_exception = False
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/../private/{name}").status_code in (400, 404)
    assert client.get(f"/media/%2e%2e/private/{name}").status_code in (400, 404)


@pytest.mark.django_db
def test_admin_pages_for_parks_models_render_for_editors(client, world):
    client.force_login(world["users"]["editor"])
    for url in [
        "/admin/parks/park/", f"/admin/parks/park/{world['a'].pk}/change/",
        "/admin/parks/parkclaim/", f"/admin/parks/parkclaim/{world['claim'].pk}/change/",
        "/admin/parks/changerequest/", f"/admin/parks/changerequest/{world['cr'].pk}/change/",
        "/admin/parks/listing/", "/admin/parks/parkrevision/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    html = client.get(f"/admin/parks/parkclaim/{world['claim'].pk}/change/").content.decode()
    assert f"/parks/claims/{world['claim'].pk}/proof/" in html
    # company users and managers are not staff: the admin sends them to its login
    client.force_login(world["users"]["manager_a"])
    assert client.get("/admin/parks/parkclaim/").status_code == 302
