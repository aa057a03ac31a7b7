"""Each role family wins its own postings, its competencies make the scorecard, and neighbours keep theirs."""

from __future__ import annotations

import json
import re

import pytest

from generator.engines import generate
from generator.library import load_library
from generator.offline.engine import matcher
from generator.posting import parse_posting
from generator.settings import LLMSettings
from generator.validation import validate_data
from tests.generator import family_postings_a, family_postings_b, family_postings_c

OFFLINE = LLMSettings(model="offline")
SETS = (family_postings_a, family_postings_b, family_postings_c)
POSTINGS = [posting for module in SETS for posting in module.POSTINGS]
NEIGHBOURS = [posting for module in SETS for posting in module.NEIGHBOURS]


def _name(value: object) -> str:
    return str(value).split("\n")[0][:60]


@pytest.mark.parametrize(("family", "text"), POSTINGS, ids=_name)
def test_family_ranks_first(family: str, text: str) -> None:
    ranking = matcher().rank_families(parse_posting(text))
    assert ranking[0] == family, ranking[:3]


@pytest.mark.parametrize(("family", "text"), POSTINGS, ids=_name)
def test_offline_scorecard_draws_on_the_family(family: str, text: str) -> None:
    card = generate(text, settings=OFFLINE)
    data = card.model_dump(mode="json")
    assert validate_data(data) == []
    library = load_library()
    own = [
        c.id
        for c in card.competencies
        if c.id in library.competencies and library.competencies[c.id].family == family
    ]
    assert len(own) >= 2, [c.id for c in card.competencies]
    assert not re.search(r"\{(role|company|focus)", json.dumps(data)), "a placeholder was left"


@pytest.mark.parametrize(("family", "text"), NEIGHBOURS, ids=_name)
def test_neighbouring_postings_keep_their_family(family: str, text: str) -> None:
    assert matcher().rank_families(parse_posting(text))[0] == family
