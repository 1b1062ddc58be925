"""Chinese typography: no half-width punctuation between Chinese characters in templates and
message catalogues (， ： ； （ ） ！ ？ are the Chinese forms)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "parkpulse"
HAN = "\u3400-\u9fff\uf900-\ufaff"
# A half-width mark with a Chinese character on both sides (spaces allowed), or right after
# one and before a closing bracket or the end of a phrase.
BETWEEN = re.compile(rf"[{HAN}]\s*([,:;!?()])\s*[{HAN}]")
CLOSING = re.compile(rf"[{HAN}]\(([^()\n]*)\)")


def half_width(text: str) -> list[str]:
    found = [m.group(0) for m in BETWEEN.finditer(text)]
    found += [m.group(0) for m in CLOSING.finditer(text)]
    return found


def test_the_checker_finds_what_it_should():
    assert half_width("园区,产业") and half_width("说明:本页") and half_width("面积(平方米)")
    assert half_width("共 3 个(示例)")
    assert not half_width("园区，产业：（示例）") and not half_width("{{ a }}:{{ b }}") and not half_width("1,000 元")


TEMPLATES = sorted(SRC.glob("*/templates/**/*.html")) + sorted((SRC / "site" / "templates").glob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_use_full_width_punctuation_in_chinese(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)  # code, not prose
    assert not half_width(text), half_width(text)[:10]


CATALOGUES = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_message_catalogues_use_full_width_punctuation_in_chinese(path):
    bad = [e.msgid for e in polib.pofile(str(path)) if not e.obsolete and half_width(e.msgid)]
    assert not bad, bad[:10]
