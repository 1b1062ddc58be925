"""Chinese first, English on request: the URL prefix /en/, then a cookie, then the browser.

Pages live in ``i18n_patterns`` without a prefix for Chinese, so every Chinese URL stays as
it was and English has its own addresses (/en/...) for hreflang links and sharing. Unlike
Django's own middleware, an unprefixed path still honours the language cookie and the
browser's Accept-Language, so a reader who chose English keeps it on links written as plain
paths. The switch is a plain link (no form, no CSRF token), so pages stay cacheable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import URLResolver, translate_url
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class AnyLanguagePrefix(LocalePrefixPattern):
    """Resolves /en/... and the plain path whatever language is active; reverses to the
    active language's address (plain for Chinese). Django's own pattern would 404 a plain
    path while English is active (from the cookie or Accept-Language)."""

    def match(self, path):
        for code in LANGUAGE_CODES - {settings.LANGUAGE_CODE}:
            if path.startswith(f"{code}/"):
                return path[len(code) + 1:], (), {}
        return path, (), {}


def i18n_patterns(*urls):
    return [URLResolver(AnyLanguagePrefix(prefix_default_language=False), list(urls))]


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        language = translation.get_language_from_request(request, check_path=True)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def switch_language(request, code):
    """GET /lang/<code>/?next=/path/: remember the choice and go to the page in that language."""
    if code not in LANGUAGE_CODES:
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    response["Cache-Control"] = "no-store"
    return response


def alternates(request) -> list[dict]:
    """The page's address in each language, for the switch and for hreflang links."""
    path = request.get_full_path()
    current = translation.get_language()
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:  # the 400 page for a bad Host header still renders
        origin = ""
    out = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        out.append({"code": code, "name": name, "url": url, "absolute": origin + url, "current": code == current,
                    "hreflang": "zh-Hans" if code == "zh-hans" else code})
    return out
