"""Versions of a scorecard: the diff between two of them and rebalancing weights after an edit.

Pure functions over the schema's models and their JSON; no web or database code.
"""

from generator.versions.diff import diff_scorecards
from generator.versions.model import Change, ChangeKind, ScorecardDiff, WeightChange
from generator.versions.rebalance import rebalance_weights

__all__ = [
    "Change",
    "ChangeKind",
    "ScorecardDiff",
    "WeightChange",
    "diff_scorecards",
    "rebalance_weights",
]
