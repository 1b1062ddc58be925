"""parkpulse.rank: composite indicators on numpy/pandas (no Django).

A :class:`Framework` (tree of any depth) plus a :class:`Panel` of data give a :class:`Result`
with scores and ranks at every level; ``monte_carlo`` adds uncertainty and Sobol indices.
See docs/rank.md.
"""

from parkpulse.rank.data import DataError, DataIssue, Panel, load_data
from parkpulse.rank.framework import (
    Framework,
    FrameworkError,
    Node,
    from_coinr_meta,
    load_framework,
)
from parkpulse.rank.results import Options, Result, compute
from parkpulse.rank.uncertainty import Uncertainty, monte_carlo

__all__ = [
    "DataError", "DataIssue", "Framework", "FrameworkError", "Node", "Options", "Panel", "Result",
    "Uncertainty", "compute", "from_coinr_meta", "load_data", "load_framework", "monte_carlo",
]
