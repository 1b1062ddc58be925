"""Request bodies refused before they are read (413), and form bodies that are not UTF-8 (400)."""

from __future__ import annotations

import socket

import pytest

MB = 1024 * 1024


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def huge_post(client, path, content_type, length):
    return client.generic("POST", path, b"", content_type=content_type,
                          CONTENT_LENGTH=str(length), **{"wsgi.input": Unreadable()})


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/parks/listings/new/", "/parks/1/claim/", "/rankings/import/", "/leads/new/"])
def test_a_huge_upload_is_refused_from_its_header(client, settings, path):
    r = huge_post(client, path, "multipart/form-data; boundary=xyz", settings.MAX_UPLOAD_REQUEST_BYTES + 1)
    assert r.status_code == 413
    assert "请求过大" in r.content.decode()


@pytest.mark.django_db
def test_a_large_form_body_is_refused_from_its_header(client, settings):
    r = huge_post(client, "/leads/new/", "application/x-www-form-urlencoded", settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert r.status_code == 413


@pytest.mark.django_db
def test_invalid_utf8_in_a_form_is_refused_not_stored(client):
    from parkpulse.leads.models import Lead

    body = ("description=%E7%94%9F%FF%FE%E5%8C%BB%E8%8D%AF%E4%B8%AD%E8%AF%95&use=factory&area_m2=5000"
            "&company=%E7%A4%BA%E4%BE%8B%E5%85%AC%E5%8F%B8&contact_name=Li&phone=13812345678&consent=on")
    r = client.post("/leads/new/", body, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
    assert not Lead.objects.exists()
    multipart = (b"--b\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n\xff\xfe bad\r\n--b--\r\n")
    r = client.generic("POST", "/leads/new/", multipart, content_type="multipart/form-data; boundary=b")
    assert r.status_code == 400 and not Lead.objects.exists()


def test_live_server_answers_413_without_waiting_for_the_body(live_server):
    """Through a real socket: the headers promise 100 MB, none of it is sent."""
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=20) as s:
        s.sendall(
            b"POST /parks/listings/new/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\n"
            + f"Content-Length: {100 * MB}\r\n\r\n".encode()
        )
        head = s.recv(200)
    assert head.startswith(b"HTTP/1.1 413")


@pytest.mark.django_db
def test_nul_in_the_path_is_a_400_and_in_the_query_ignored(client, users_for_nul):
    assert client.get("/tag/region/a%00b/").status_code == 400
    assert client.get("/search/?q=%E5%9B%AD&region=a%00b&category=%00").status_code == 200
    client.force_login(users_for_nul)
    assert client.get("/leads/?q=%00%00").status_code == 200


@pytest.fixture
def users_for_nul(db, django_user_model):
    return django_user_model.objects.create_superuser("nul-admin", "n@example.com", None)


@pytest.mark.django_db
def test_nul_in_a_form_body_is_a_400(client):
    r = client.post("/leads/new/", "description=a%00b&use=factory", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
