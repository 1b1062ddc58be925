import pandas as pd
import pytest

from parkpulse.rank import Framework


@pytest.fixture
def small_framework():
    """Two groups, four indicators: one lower-is-better, one with a multiplier, one qualitative."""
    return Framework.from_dict({"name": "small", "tree": {"code": "IDX", "name": "指数", "children": [
        {"code": "A", "name": "甲", "weight": 2, "children": [
            {"code": "a1", "name": "a1"}, {"code": "a2", "name": "a2", "direction": -1}]},
        {"code": "B", "name": "乙", "weight": 1, "children": [
            {"code": "b1", "name": "b1", "multiplier": 1.2},
            {"code": "q", "name": "评分", "type": "qual", "scale": [0, 10]}]},
    ]}})


@pytest.fixture
def small_table():
    return pd.DataFrame({
        "uCode": ["x", "y", "z", "x", "y", "z"], "uName": ["X", "Y", "Z"] * 2,
        "year": [2020] * 3 + [2021] * 3,
        "a1": [1, 2, 3, 2, 3, 4], "a2": [5, 4, 3, 5, 4, 2], "b1": [0, 1, 1, 0, 2, 1], "q": [3, 8, 10, 3, 8, 9],
    })
