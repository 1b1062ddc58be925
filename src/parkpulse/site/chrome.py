"""The site header and footer, rendered once per language and site version for visitors.

Every page carries the same header (brand, search box, menu of categories and sections,
sign-in links, language switch) and footer: some ninety template nodes, a fifth of a cold
article page's CPU. For a visitor who is not signed in they differ between requests only in
the search box's text, the sign-in link's ``?next=`` and the language links' ``?next=``. So
``{% site_chrome "header" %}`` renders ``chrome/header.html`` once per (language, site
generation, templates' digest, script prefix) with unguessable marks in those three places,
keeps it in this process, and fills the marks per request. The site generation changes
whenever a category, park, source or the call-to-action is saved (``parkpulse.portal.cache``),
so a renamed category shows in the menu at once. Signed-in pages (the user's name, role
links, the sign-out form's CSRF token) are rendered in full each time.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

NAMES = {"header": "chrome/header.html", "footer": "chrome/footer.html"}
_MARK = f"CHROME{secrets.token_hex(8)}"  # letters and digits only: no filter or escape alters it
_rendered: dict[tuple, str] = {}
_MAX_ENTRIES = 64  # languages × a few generations; older generations are never asked again


def _login_next(request) -> str:
    if request is None or request.path == "/":
        return ""
    return "?next=" + quote(request.get_full_path(), safe="/")


@register.simple_tag(takes_context=True)
def site_chrome(context, which: str) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    search_q = request.GET.get("q", "") if request is not None else ""
    languages = context.get("languages") or []
    tpl = context.template.engine.get_template(NAMES[which])
    if settings.DEBUG or (user is not None and user.is_authenticated):
        # DEBUG: a template being edited shows at once.
        with context.push(search_q=search_q, login_next=_login_next(request)):
            return tpl.render(context)

    from parkpulse.portal.cache import site_generation, template_digest

    key = (which, get_language(), site_generation(), template_digest(), get_script_prefix(),
           tuple(lang["code"] for lang in languages))
    html = _rendered.get(key)
    if html is None:
        # Only what the header shows of each language, its address marked: a value left out
        # here renders empty, never one visitor's address cached for all.
        marked = [{"code": lang["code"], "name": lang["name"], "hreflang": lang["hreflang"],
                   "current": lang["current"], "url": f"{_MARK}L{i}"} for i, lang in enumerate(languages)]
        with context.push(search_q=f"{_MARK}Q", login_next=f"{_MARK}N", languages=marked):
            html = tpl.render(context)
        if len(_rendered) >= _MAX_ENTRIES:
            _rendered.clear()
        _rendered[key] = html
    if _MARK not in html:
        return mark_safe(html)  # noqa: S308 - rendered by the template engine
    # The template writes the language links as ?next={{ l.url|urlencode }}: quote() with
    # safe="/" is that filter. The search text is escaped as {{ }} would escape it.
    html = html.replace(f"{_MARK}Q", escape(search_q)).replace(f"{_MARK}N", _login_next(request))
    for i, lang in enumerate(languages):
        html = html.replace(f"{_MARK}L{i}", quote(lang["url"], safe="/"))
    return mark_safe(html)  # noqa: S308 - the template's output, with escaped or quoted values filled in
