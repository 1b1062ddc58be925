"""Issue 13's findings in the parks app: throttles, the storage quota, stale claims,
usernames that impersonate, phones in other scripts, image uploads and phantom changes."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from parkpulse.parks import roles
from parkpulse.parks.models import ChangeRequest, Listing, ParkClaim, ReviewStatus
from tests.parks.conftest import PDF, make_user
from tests.parks.test_claims_and_changes import claim_post
from tests.parks.test_permissions import listing_data, profile_data

pytestmark = pytest.mark.django_db


def register(client, name, ip="10.0.0.1"):
    return client.post("/parks/register/", {
        "username": name, "email": f"u{abs(hash(name))}@example.com",
        "password1": "Yuanqu-2026-pass", "password2": "Yuanqu-2026-pass",
    }, REMOTE_ADDR=ip)


def test_registration_is_throttled_per_address(client, settings):
    settings.REGISTRATIONS_PER_IP_PER_HOUR = 2
    assert register(client, "first").status_code == 302
    client.post("/accounts/logout/")
    assert register(client, "second").status_code == 302
    client.post("/accounts/logout/")
    r = register(client, "third")
    assert r.status_code == 429 and "注册的账号过多" in r.content.decode()
    assert register(client, "third", ip="10.0.0.2").status_code == 302
    assert get_user_model().objects.count() == 3


@pytest.mark.parametrize("name", ["аdmin", "аdmіn", "pаypal"])
def test_usernames_that_imitate_latin_letters_are_refused(client, name):
    r = register(client, name)
    assert r.status_code == 200 and "形似" in r.content.decode()
    assert not get_user_model().objects.exists()


def test_usernames_are_nfkc_and_unique_without_case(client):
    make_user("admin")
    for name in ("ａｄｍｉｎ", "Admin", "ADMIN"):
        r = register(client, name)
        assert r.status_code == 200, name
    assert get_user_model().objects.count() == 1
    assert register(client, "张三_2026").status_code == 302


def test_claims_are_throttled_per_account(client, settings, company, park_a, park_b):
    settings.CLAIMS_PER_USER_PER_DAY = 1
    client.force_login(company)
    assert claim_post(client, park_a).status_code == 302
    r = claim_post(client, park_b)
    assert r.status_code == 429 and "认领申请已达 1 个" in r.content.decode()
    assert ParkClaim.objects.count() == 1


def test_one_account_cannot_fill_the_disk(client, settings, company, park_a, park_b):
    """Finding 5: 5 × 10 MB proofs in 0.6 s from one new account."""
    settings.USER_STORAGE_QUOTA_BYTES = 3 * len(PDF) // 2
    client.force_login(company)
    assert claim_post(client, park_a).status_code == 302
    r = claim_post(client, park_b)
    assert r.status_code == 429 and "存储空间不足" in r.content.decode()
    assert ParkClaim.objects.get().proof_size == len(PDF)


def test_listing_photos_count_against_the_owner_quota(client, settings, park_a, manager_a):
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buf, "PNG")
    settings.USER_STORAGE_QUOTA_BYTES = 10
    client.force_login(manager_a)
    photo = SimpleUploadedFile("a.png", buf.getvalue(), content_type="image/png")
    r = client.post("/parks/listings/new/", {**listing_data(park_a), "photos": [photo]})
    assert r.status_code == 200 and "存储空间不足" in r.content.decode()
    assert not Listing.objects.exists()


def test_stale_pending_claims_expire_and_their_proofs_are_deleted(client, settings, company, park_a, editor):
    settings.CLAIM_EXPIRY_DAYS = 30
    client.force_login(company)
    claim_post(client, park_a)
    claim = ParkClaim.objects.get()
    path = settings.PRIVATE_MEDIA_ROOT / claim.proof.name
    assert path.exists()
    ParkClaim.objects.update(created_at=timezone.now() - timedelta(days=31))
    call_command("expireclaims")
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.EXPIRED and not path.exists() and claim.proof_size == 0
    assert "自动过期" in claim.review_reason
    # the user may claim again
    assert claim_post(client, park_a).status_code == 302


@pytest.mark.parametrize("phone", ["１３９１２３４５６７８", "0512－66880000"])
def test_full_width_claim_phones_are_stored_ascii(client, company, park_a, phone):
    client.force_login(company)
    assert claim_post(client, park_a, phone=phone).status_code == 302
    assert ParkClaim.objects.get().phone.isascii()


@pytest.mark.parametrize("phone", ["139١٢٣٤٥٦٧٨", "0512-٦٦٨٨٠٠٠٠"])
def test_phones_in_other_scripts_are_refused(client, company, park_a, phone):
    client.force_login(company)
    assert claim_post(client, park_a, phone=phone).status_code == 200
    assert not ParkClaim.objects.exists()


def test_listing_numbers_with_other_scripts_digits_are_refused(client, park_a, manager_a):
    client.force_login(manager_a)
    r = client.post("/parks/listings/new/", listing_data(park_a, area_m2="٢٠٠٠", contact_phone="137００137000"))
    assert r.status_code == 200 and "请使用半角数字" in r.content.decode()
    r = client.post("/parks/listings/new/", listing_data(park_a, area_m2="２０００", contact_phone="137００137000"))
    assert r.status_code == 302
    listing = Listing.objects.get()
    assert listing.area_m2 == 2000 and listing.contact_phone == "13700137000"


def test_text_area_line_endings_make_no_phantom_change(client, park_a, manager_a, editor):
    """Finding 13: \\r\\n from the browser showed 政策 as changed in every request."""
    park_a.policies = "第一条\n第二条"
    park_a.save()
    client.force_login(manager_a)
    data = profile_data(park_a, policies="第一条\r\n第二条", city="苏州", reason="城市名更正")
    assert client.post(f"/parks/{park_a.pk}/update/", data).status_code == 302
    cr = ChangeRequest.objects.get()
    assert set(cr.proposed) == {"city"}
    # a request changing nothing but line endings is "no change"
    r = client.post(f"/parks/{park_a.pk}/update/", profile_data(park_a, policies="第一条\r\n第二条", reason="x"))
    assert "您没有修改任何内容" in r.content.decode()


def png(size, mode="RGB", fmt="PNG"):
    buf = io.BytesIO()
    Image.new(mode, size, "red").save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("fmt,ext", [("GIF", "gif"), ("BMP", "bmp"), ("TIFF", "tif")])
def test_only_jpeg_png_webp_photos(client, park_a, manager_a, fmt, ext):
    client.force_login(manager_a)
    photo = SimpleUploadedFile(f"a.{ext}", png((8, 8), fmt=fmt))
    r = client.post("/parks/listings/new/", {**listing_data(park_a), "photos": [photo]})
    assert r.status_code == 200 and "只接受 JPG、PNG 或 WebP" in r.content.decode()


def test_a_huge_pixel_count_is_refused_before_decoding(client, park_a, manager_a, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    client.force_login(manager_a)
    photo = SimpleUploadedFile("big.png", png((2000, 1000), mode="1"), content_type="image/png")
    r = client.post("/parks/listings/new/", {**listing_data(park_a), "photos": [photo]})
    assert r.status_code == 200 and "2000×1000" in r.content.decode()


def test_photos_are_re_encoded_without_metadata_or_trailing_bytes(client, park_a, manager_a, settings):
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    Image.new("RGB", (32, 32), "blue").save(buf, "JPEG", exif=exif.tobytes())
    payload = buf.getvalue() + b"<script>alert(1)</script>"
    client.force_login(manager_a)
    photo = SimpleUploadedFile("../../evil.jpg", payload, content_type="image/jpeg")
    assert client.post("/parks/listings/new/", {**listing_data(park_a), "photos": [photo]}).status_code == 302
    stored = Listing.objects.get().photos.get()
    data = (settings.MEDIA_ROOT / stored.image.name).read_bytes()
    assert b"SecretCam" not in data and b"<script>" not in data and "evil" not in stored.image.name
    assert Image.open(io.BytesIO(data)).format == "JPEG" and stored.size == len(data)
    # served by the checked media view, never as a page
    r = client.get(f"/media/{stored.image.name}")
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"


def test_media_view_serves_only_public_images(client, settings):
    (settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "page.html").write_text("<script>alert(1)</script>")
    (settings.MEDIA_ROOT / "ok.png").write_bytes(png((2, 2)))
    assert client.get("/media/page.html").status_code == 404
    assert client.get("/media/../secret_key").status_code == 404
    assert client.get("/media/ok.png").status_code == 200


def test_the_role_for_register_is_company(client):
    register(client, "wang")
    assert get_user_model().objects.get().groups.filter(name=roles.COMPANY).exists()


@pytest.mark.parametrize("ids", ["1,²", "1,٣", "1,99999999999999999999", "1,-2"])
def test_compare_refuses_malformed_ids_with_400(client, ids):
    """Found by tests/site/test_fuzz_urls.py after the compare page landed: ``²`` was a 500."""
    assert client.get("/parks/compare/", {"ids": ids}).status_code == 400


@pytest.mark.parametrize("park", ["²", "99999999999999999999"])
def test_fact_queue_ignores_malformed_park_ids(client, editor, park):
    """Found by the URL fuzz after the fact queue landed: both were 500s."""
    client.force_login(editor)
    assert client.get("/parks/facts/review/", {"park": park}).status_code == 200
