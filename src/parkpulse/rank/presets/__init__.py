"""Bundled frameworks: ``torch2021`` (the national high-tech zone evaluation) and ``city``."""

from __future__ import annotations

from pathlib import Path

PRESETS = {"torch2021": "torch2021.yaml", "city": "city.yaml"}


def preset_path(name: str) -> Path:
    return Path(__file__).with_name(PRESETS[name])


def load_preset(name: str):
    from parkpulse.rank.framework import Framework

    return Framework.load(preset_path(name))
