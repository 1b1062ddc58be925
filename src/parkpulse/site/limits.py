"""Refusing request bodies before they are read: size caps and form bodies that are not UTF-8.

Django reads a multipart upload to the end before any form sees its size, streaming files
of any size to temporary files; this middleware answers 413 from the ``Content-Length``
header alone, before a byte of the body is read. Caps (settings, see docs/security.md):

- ``MAX_UPLOAD_REQUEST_BYTES`` for ``multipart/form-data`` (uploads: eight 5 MB listing
  photos, a 10 MB claim proof, a ranking data file);
- ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's own) for every other body.

The front server should refuse earlier still (nginx ``client_max_body_size``); gunicorn
has no body limit of its own.

Form bodies that are not valid UTF-8 are refused with 400: Django would decode them with
U+FFFD replacement characters and the form would store the damaged text as if typed. So are
NUL characters in the path or a form body; in the query string they are dropped. No value
contains one, and PostgreSQL refuses them in every query (a 500 wherever a view passes the
text on).
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.utils.translation import gettext

MB = 1024 * 1024
_NUL = re.compile(r"%00|\x00")


def upload_cap() -> int:
    return int(getattr(settings, "MAX_UPLOAD_REQUEST_BYTES", 45 * MB))


def body_cap(content_type: str) -> int:
    if content_type.startswith("multipart/form-data"):
        return upload_cap()
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or upload_cap())


def too_large(cap: int) -> HttpResponse:
    text = gettext("请求过大：本站一次最多接收 %(mb)s MB，请缩小或分次上传文件。") % {"mb": round(cap / MB, 1)}
    return HttpResponse(text + "\n", status=413, content_type="text/plain; charset=utf-8")


def _valid_urlencoded(body: bytes) -> bool:
    """UTF-8 throughout and no NUL (a NUL is never part of a form value, and PostgreSQL
    refuses it in any text it is sent)."""
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            raw = unquote_to_bytes(part.replace(b"+", b" "))
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return False
            if b"\x00" in raw:
                return False
    return True


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest(gettext("请求头 Content-Length 无效。")) from None
        if "\x00" in request.path:
            raise BadRequest(gettext("请求中含有空字符 (NUL)。"))
        query = request.META.get("QUERY_STRING", "")
        if _NUL.search(query):
            # ignored, like any other unusable parameter value (request.GET is parsed later)
            request.META["QUERY_STRING"] = _NUL.sub("", query)
        cap = body_cap(content_type)
        if length > cap:
            return too_large(cap)
        if request.method == "POST" and length:
            if content_type.startswith("application/x-www-form-urlencoded"):
                if not _valid_urlencoded(request.body):
                    raise BadRequest(gettext("表单内容不是有效的 UTF-8 编码，或含有空字符 (NUL)。"))
            elif content_type.startswith("multipart/form-data"):
                # the multipart parser has already replaced bad bytes; they show as U+FFFD
                if any("\ufffd" in v or "\x00" in v for _, values in request.POST.lists() for v in values):
                    raise BadRequest(gettext("表单内容不是有效的 UTF-8 编码，或含有空字符 (NUL)。"))
        return self.get_response(request)
