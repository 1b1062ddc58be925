"""{% link %} / links.link(): the same addresses as reverse(), in each language."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from parkpulse.site.links import link

CASES = [("portal:home", ()), ("parks:list", ()), ("portal:article", (42,)), ("portal:category", ("policy",)),
         ("portal:article_qr", (7,)), ("login", ())]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_link_is_reverse(language):
    with translation.override(language):
        for name, args in CASES:
            assert link(name, *args) == reverse(name, args=args), name
        # the same pattern again, filled with other values
        assert link("portal:article", 43) == reverse("portal:article", args=[43])


def test_link_quotes_as_reverse_does():
    with translation.override("zh-hans"):
        assert link("search:tag", "keyword", "园区 a&b") == reverse("search:tag", args=["keyword", "园区 a&b"])


def test_link_tag_in_a_template():
    with translation.override("en"):
        html = Template("{% link 'portal:article' pk %}|{% link 'portal:home' %}").render(Context({"pk": 5}))
        expected = f"{reverse('portal:article', args=[5])}|{reverse('portal:home')}"
    assert html == expected and html.startswith("/en/")
