"""Stage helpers that need no HTTP: how question-bank batches share out competency coverage."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.interview_plan import plan_category_targets
from generator.llm.drafts import CompetencyDraft
from generator.llm.question_bank import assign_coverage


@pytest.mark.parametrize("n", range(5, 11))
@pytest.mark.parametrize("extra", [0, 3, 10])
def test_every_competency_is_required_twice_in_different_categories(n, extra):
    total = min(2 * n + extra, 4 * n, 40)
    chosen = [
        CompetencyDraft(id=f"c{i}", name=f"C{i}", description="d", weight=10, evidence=[])
        for i in range(n)
    ]
    targets = plan_category_targets(total)
    coverage = assign_coverage(chosen, targets)
    counts = Counter(cid for ids in coverage.values() for cid in ids)
    assert all(counts[c.id] == 2 for c in chosen)
    for category, ids in coverage.items():
        assert len(ids) == len(set(ids)) <= targets[category]
