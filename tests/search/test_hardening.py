"""Finding 6: malformed search parameters were 500s; now 400 with a message, or ignored."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("params,status,message", [
    ({"page": "9223372036854775807"}, 200, None),
    ({"page": "²"}, 200, None),
    ({"park": "99999999999999999999"}, 400, "园区编号"),
    ({"park": "٣"}, 400, "园区编号"),
    ({"to": "9999-12-31"}, 400, "截止日期"),
    ({"from": "0001-01-01"}, 400, "起始日期"),
    ({"from": "2024-02-30"}, 400, "格式不对"),
])
def test_malformed_search_parameters(client, params, status, message):
    r = client.get("/search/", {"q": "园", **params})
    assert r.status_code == status
    if message:
        assert message in r.content.decode()
