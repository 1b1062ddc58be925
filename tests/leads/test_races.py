"""Races against a live server (threads, real HTTP, the configured database): a desk save
racing a re-submission, two consultants claiming one lead, and many racing submissions.

Run on SQLite by default and on PostgreSQL with ``DATABASE_URL`` (CI does both).
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from functools import partial

import pytest
from django.contrib.auth.models import Group, User

from parkpulse.leads.models import Lead, Note, Submission
from parkpulse.leads.roles import CONSULTANT_GROUP

from .conftest import make_lead

pytestmark = [pytest.mark.slow]
TRIALS = 6


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: its own cookies, the CSRF token from the page, no redirects followed."""

    def __init__(self, base, session_key=None):
        self.base = base
        self.cookies = {"sessionid": session_key} if session_key else {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, body)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self.opener.open(req, timeout=60) as r:
                status, headers, text = r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as exc:
            status, headers, text = exc.code, exc.headers, exc.read().decode()
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, text

    def token(self, path):
        status, html = self.request(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def logged_in(base: str, user) -> Browser:
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    return Browser(base, session.session_key)


def race(*calls):
    """Start the calls together (a barrier), return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def consultant(name):
    user = User.objects.create_user(name, f"{name}@example.com", None)
    user.groups.add(Group.objects.get_or_create(name=CONSULTANT_GROUP)[0])
    return user


FORM = {
    "description": "再次提交:还需要 2000㎡ 仓库", "use": "factory", "area_m2": "7000", "company": "示例生物科技有限公司",
    "contact_name": "张先生", "phone": "13812345678", "consent": "on", "website": "",
}


def test_desk_save_racing_a_resubmission_loses_nothing(site_server, settings):
    """Finding 1: the desk saved every field it had read, erasing the re-submission."""
    settings.LEADS_RATE_LIMIT_PER_PHONE = 1000
    me = consultant("desk_racer")
    desk = logged_in(site_server, me)
    for trial in range(TRIALS):
        lead = make_lead(phone=f"1381234{trial:04d}", assignee=me)
        page = f"/leads/{lead.pk}/"
        token = desk.token(page)
        visitor = Browser(site_server)
        vtoken = visitor.token("/leads/new/")
        saved, submitted = race(
            partial(desk.request, f"{page}update/", {"csrfmiddlewaretoken": token, "stage": "contacted",
                                                     "follow_up_on": "", "version": str(lead.version)}),
            partial(visitor.request, "/leads/new/", {**FORM, "phone": lead.phone, "csrfmiddlewaretoken": vtoken}),
        )
        assert submitted[0] == 302
        lead.refresh_from_db()
        # the re-submission is counted and kept, whoever won
        assert lead.submission_count == 2 == Submission.objects.filter(lead=lead).count() + 1
        assert Submission.objects.get(lead=lead).data["description"] == FORM["description"]
        if saved[0] == 302:  # the desk won the race: its change is there too
            assert lead.stage == "contacted" and lead.version == 2
        else:  # the re-submission came first: the consultant is told, nothing is overwritten
            assert saved[0] == 409 and "刚被他人修改" in saved[1] and lead.stage == "new"


def test_two_consultants_claiming_one_lead_one_wins(site_server):
    """Finding 7: check-then-save let both claim."""
    a, b = consultant("claim_a"), consultant("claim_b")
    desk_a, desk_b = logged_in(site_server, a), logged_in(site_server, b)
    for trial in range(TRIALS):
        lead = make_lead(phone=f"1391234{trial:04d}")
        page = f"/leads/{lead.pk}/"
        ta, tb = desk_a.token(page), desk_b.token(page)
        ra, rb = race(
            partial(desk_a.request, f"{page}claim/", {"csrfmiddlewaretoken": ta}),
            partial(desk_b.request, f"{page}claim/", {"csrfmiddlewaretoken": tb}),
        )
        assert ra[0] == rb[0] == 302
        lead.refresh_from_db()
        claims = Note.objects.filter(lead=lead, body__contains="认领了线索")
        assert claims.count() == 1 and lead.assignee_id in (a.pk, b.pk)
        assert claims.get().author_id == lead.assignee_id


def test_racing_submissions_make_one_lead_with_every_submission(site_server, settings):
    settings.LEADS_RATE_LIMIT_PER_PHONE = 1000
    settings.LEADS_RATE_LIMIT_PER_IP = 1000
    visitors = [Browser(site_server) for _ in range(8)]
    tokens = [v.token("/leads/new/") for v in visitors]
    results = race(*[
        partial(v.request, "/leads/new/", {**FORM, "description": f"第 {i} 次提交的需求", "csrfmiddlewaretoken": t})
        for i, (v, t) in enumerate(zip(visitors, tokens, strict=True))
    ])
    assert all(status == 302 for status, _ in results)
    lead = Lead.objects.get()
    assert lead.submission_count == 8 == lead.submissions.count()
    assert {s.data["description"] for s in lead.submissions.all()} == {f"第 {i} 次提交的需求" for i in range(8)}
