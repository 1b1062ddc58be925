"""The one query-parameter reader: bounded ints, ids and dates; bad values never raise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from parkpulse.site.params import MAX_ID, BadParam, Params, parse_date, parse_int


@pytest.mark.parametrize("value", ["٥", "1e3", "9" * 30, str(MAX_ID + 1), "-1", "", " ", "0x10", "1.5"])
def test_ids_refuse_what_int_or_the_database_cannot_take(value):
    p = Params(QueryDict(mutable=True))
    p.query["park"] = value
    assert p.id("park") is None


def test_full_width_digits_read_as_ascii_and_errors_are_labelled():
    p = Params(QueryDict("park=１２&article=²&page=99999999999999999999&from=0001-01-01&to=9999-12-31"))
    assert p.id("park", label="园区编号") == 12
    assert p.id("article") == 2  # NFKC, like every number field: never int("²")'s ValueError
    assert p.page() == 1
    assert p.date("from", label="起始日期") is None and p.date("to", label="截止日期") is None
    assert len(p.errors) == 2 and "起始日期" in p.errors[0] and "截止日期" in p.errors[1]


def test_dates_in_range():
    assert parse_date("2024-09-28") == dt.date(2024, 9, 28)
    for bad in ("2024-13-01", "2024-9-28", "0001-01-01", "9999-12-31", "２０２４-０９-２８x"):
        with pytest.raises(BadParam):
            parse_date(bad)


@given(st.text(max_size=40))
def test_parsers_raise_only_badparam(text):
    for parse in (lambda v: parse_int(v, lo=1, hi=MAX_ID), parse_date):
        try:
            parse(text)
        except BadParam:
            pass
