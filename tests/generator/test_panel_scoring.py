"""Panel ranking: means, totals over rated weight, knockouts last, ties, calibration, checks."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest

from generator.errors import InputError
from generator.panel_stats import round2_all
from generator.scoring import (
    DISAGREEMENT_GAP,
    CandidateEntry,
    PanelRating,
    rank_panel,
    round2,
)

# senior_data_engineer.md: weights 45, 15, 10, 10, 5, 5, 5, 5; must-haves: the 1st and the 3rd.
DP, CI, SP, SE, DA, CO, SM, AD = (
    "data-pipelines",
    "cloud-infrastructure",
    "security-privacy",
    "software-engineering",
    "data-analysis",
    "communication",
    "stakeholder-management",
    "attention-to-detail",
)
ALL = [DP, CI, SP, SE, DA, CO, SM, AD]


@pytest.fixture
def card(pinned):
    card = pinned["senior_data_engineer"]
    assert [(c.id, c.weight, c.must_have) for c in card.competencies] == [
        (DP, 45, True),
        (CI, 15, False),
        (SP, 10, True),
        (SE, 10, False),
        (DA, 5, False),
        (CO, 5, False),
        (SM, 5, False),
        (AD, 5, False),
    ]
    return card


def rate(candidate: int, interviewer: str, scores: dict[str, int]) -> list[PanelRating]:
    return [PanelRating(candidate, interviewer, cid, score) for cid, score in scores.items()]


def test_means_totals_knockouts_and_ranks(card):
    candidates = [
        CandidateEntry(1, "Ada", feedback_expected=2, feedback_submitted=2),
        CandidateEntry(2, "Bea", feedback_expected=2, feedback_submitted=1),
        CandidateEntry(3, "Cy", recommendations={"ann": "no"}),
        CandidateEntry(4, "Dee"),
        CandidateEntry(5, "Eve"),
    ]
    ratings = (
        rate(1, "bob", dict.fromkeys(ALL, 4) | {DP: 2})  # listed before ann: order by interviewer
        + rate(1, "ann", dict.fromkeys(ALL, 4))
        + rate(2, "ann", {DP: 5, CI: 5})  # 2 of 8 rated
        + rate(3, "ann", dict.fromkeys(ALL, 5) | {SP: 1})
        + rate(3, "bob", dict.fromkeys(ALL, 5) | {SP: 2})  # security mean 1.5: knocked out
        + rate(5, "cat", dict.fromkeys(ALL, 4) | {DP: 3})  # 3.55, as Ada
    )
    ranking = rank_panel(card, candidates, ratings)
    table = [
        (s.name, s.rank, s.weighted_total, s.rated_weight, s.complete, s.knockouts, s.flags)
        for s in ranking.candidates
    ]
    assert table == [
        ("Bea", 1, 5.0, 60, False, [], []),
        ("Ada", 2, 3.55, 100, True, [], [DP]),
        ("Eve", 2, 3.55, 100, True, [], []),
        ("Cy", 4, 4.65, 100, True, [SP], [SP]),  # the highest total, ranked below everyone
        ("Dee", None, None, 0, False, [], []),
    ]
    ada = ranking.candidates[1]
    assert ada.competencies[DP].ratings == [4, 2]  # ann, then bob
    assert ada.competencies[DP].mean == 3.0 and ada.competencies[DP].low_must_have
    assert ada.competencies[CI].mean == 4.0 and not ada.competencies[CI].low_must_have
    assert ada.disagreements == [DP] and ada.knocked_out is False
    assert (ada.feedback_submitted, ada.feedback_expected) == (2, 2)
    cy = ranking.candidates[3]
    assert (
        cy.knocked_out and cy.competencies[SP].mean == 1.5 and cy.recommendations == {"ann": "no"}
    )
    dee = ranking.candidates[4]
    assert dee.competencies[DP].mean is None and dee.competencies[DP].ratings == []
    assert dee.normalised_total is None and dee.disagreements == []


def test_totals_round_half_up_as_the_spreadsheet_does(card):
    # (10×5 + 10×5 + 5×(3+2+2+2)) ÷ 40 = 3.625 exactly; Python's round() would give 3.62
    ratings = rate(1, "ann", {SP: 5, SE: 5, DA: 3, CO: 2, SM: 2, AD: 2})
    # three interviewers 1, 2, 2 on one competency: 5/3 -> 1.67
    ratings += rate(2, "ann", {CI: 1}) + rate(2, "bob", {CI: 2}) + rate(2, "cat", {CI: 2})
    ranking = rank_panel(card, [CandidateEntry(1, "A"), CandidateEntry(2, "B")], ratings)
    by_name = {s.name: s for s in ranking.candidates}
    assert by_name["A"].weighted_total == 3.63 and by_name["A"].rated_weight == 40
    assert by_name["B"].competencies[CI].mean == 1.67 and by_name["B"].weighted_total == 1.67


def test_calibration_and_normalised_totals(card):
    ratings = (
        rate(1, "ann", {DP: 4, CI: 2}) + rate(1, "bob", {DP: 2, CI: 3}) + rate(2, "ann", {DP: 5})
    )
    ranking = rank_panel(card, [CandidateEntry(1, "A"), CandidateEntry(2, "B")], ratings)
    a = next(s for s in ranking.candidates if s.name == "A")
    # (3 × 45 + 2.5 × 15) ÷ 60 = 2.875 -> 2.88
    assert a.weighted_total == 2.88 and a.competencies[CI].mean == 2.5
    # ann's own totals: A 3.5, B 5.0 -> z -1 and +1; bob rated one candidate -> z 0
    assert {s.name: s.normalised_total for s in ranking.candidates} == {"A": -0.5, "B": 1.0}
    ann, bob = ranking.calibration
    assert (ann.interviewer, ann.count, ann.candidates, ann.mean, ann.sd) == (
        "ann",
        3,
        2,
        3.67,
        1.25,
    )
    assert (bob.interviewer, bob.count, bob.candidates, bob.mean, bob.sd) == ("bob", 2, 1, 2.5, 0.5)
    # pairs rated by both: A/DP mean 3 (ann +1, bob -1), A/CI mean 2.5 (ann -0.5, bob +0.5)
    assert (ann.lean, bob.lean) == (0.25, -0.25)


def test_a_lean_of_an_eighth_rounds_half_away_from_zero(card):
    ratings = rate(1, "ann", {DP: 4, CI: 3, SP: 3, SE: 3}) + rate(
        1, "bob", {DP: 3, CI: 3, SP: 3, SE: 3}
    )
    ann, bob = rank_panel(card, [CandidateEntry(1, "A")], ratings).calibration
    assert (ann.lean, bob.lean) == (0.13, -0.13)  # ±0.5 ÷ 4, where round() would give ±0.12
    assert (ann.mean, ann.sd) == (3.25, 0.43)  # 13/4 and √3/4 = 0.433


def test_one_rating_has_no_spread_and_no_lean(card):
    ranking = rank_panel(card, [CandidateEntry(1, "A")], rate(1, "ann", {DP: 3}))
    (ann,) = ranking.calibration
    assert (ann.count, ann.mean, ann.sd, ann.lean) == (1, 3.0, 0.0, 0.0)
    assert ranking.candidates[0].normalised_total == 0.0


@pytest.mark.parametrize(
    ("rating", "named"),
    [
        (PanelRating(1, "ann", "typing-speed", 3), "'typing-speed'"),
        (PanelRating(1, "ann", DP, 0), "0"),
        (PanelRating(1, "ann", DP, 6), "6"),
        (PanelRating(1, "ann", DP, 2.5), "2.5"),
        (PanelRating(1, "ann", DP, True), "True"),
        (PanelRating(1, "ann", DP, "4"), "'4'"),
        (PanelRating(7, "ann", DP, 4), "candidate 7"),
    ],
)
def test_unusable_ratings_are_refused_by_name(card, rating, named):
    with pytest.raises(InputError) as caught:
        rank_panel(card, [CandidateEntry(1, "A")], [PanelRating(1, "bob", DP, 4), rating])
    assert named in str(caught.value)


def test_a_candidate_listed_twice_is_refused(card):
    with pytest.raises(InputError):
        rank_panel(card, [CandidateEntry(1, "A"), CandidateEntry(1, "A again")], [])


# A plain, slow statement of the rules, in exact numbers, to check the fast one against.


def _half_up(value: Fraction) -> float:
    """value rounded to hundredths, halves away from zero (value ≥ 0)."""
    return math.floor(value * 100 + Fraction(1, 2)) / 100


def _rounds_to(found: float, exact: Fraction | Decimal, *, one_step: bool = False) -> bool:
    """found is exact rounded to hundredths, halves away from zero.

    A value from one float operation (a mean, a spread) rounds as its exact value does. A value
    added up from several (a lean, a z-score) may sit a hair off an exact halfway point, on
    either side, so there either neighbour is taken."""
    hundredths = Fraction(exact) * 100
    size = abs(hundredths)
    nearest = [math.floor(size + Fraction(1, 2))]
    if not one_step and abs(size - math.floor(size) - Fraction(1, 2)) < Fraction(1, 10**9):
        nearest = [math.floor(size), math.floor(size) + 1]
    return any(found == (k if hundredths >= 0 else -k) / 100 for k in nearest)


def _reference(card, candidates, ratings):
    """Every field of a ranking, one candidate at a time, from the rules in the docstrings."""
    weights = {c.id: c.weight for c in card.competencies}
    musts = {c.id for c in card.competencies if c.must_have}
    given: dict[tuple[int, str], list[tuple[str, int]]] = {}
    for r in ratings:
        given.setdefault((r.candidate_id, r.competency_id), []).append((r.interviewer, r.score))
    rows = {}
    for e in candidates:
        cells = {
            cid: sorted(given[e.candidate_id, cid], key=lambda pair: pair[0])  # stable
            for cid in weights
            if (e.candidate_id, cid) in given
        }
        means = {cid: _half_up(Fraction(sum(s for _, s in p), len(p))) for cid, p in cells.items()}
        rated = sum(weights[cid] for cid in means)
        total = (
            _half_up(sum(Fraction(weights[c]) * Fraction(str(m)) for c, m in means.items()) / rated)
            if means
            else None
        )
        low = [c for c in weights if c in musts and c in cells and min(s for _, s in cells[c]) <= 2]
        knockouts = [cid for cid in low if means[cid] <= 2]
        rows[e.candidate_id] = {
            "weighted_total": total,
            "rated_weight": rated,
            "knocked_out": bool(knockouts),
            "knockouts": knockouts,
            "flags": low,
            "complete": len(means) == len(weights),
            "disagreements": [
                cid
                for cid, p in cells.items()
                if max(s for _, s in p) - min(s for _, s in p) >= DISAGREEMENT_GAP
            ],
            "competencies": {
                cid: (means.get(cid), [s for _, s in cells.get(cid, [])], cid in low)
                for cid in weights
            },
        }
    for row in rows.values():
        ahead = [
            o
            for o in rows.values()
            if o["weighted_total"] is not None
            and (o["knocked_out"], -o["weighted_total"])
            < (row["knocked_out"], -(row["weighted_total"] or 0))
        ]
        row["rank"] = None if row["weighted_total"] is None else 1 + len(ahead)
    return rows, _normalised(weights, ratings), _calibration(ratings, given)


def _own_totals(weights, ratings) -> dict[str, dict[int, int]]:
    """Each interviewer's own weighted total of each candidate they rated, in hundredths."""
    mine: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for r in ratings:
        mine.setdefault(r.interviewer, {}).setdefault(r.candidate_id, []).append(
            (weights[r.competency_id], r.score)
        )
    return {
        who: {
            c: math.floor(
                Fraction(sum(100 * w * s for w, s in pairs), sum(w for w, _ in pairs))
                + Fraction(1, 2)
            )
            for c, pairs in by_candidate.items()
        }
        for who, by_candidate in mine.items()
    }


def _normalised(weights, ratings) -> dict[int, Decimal]:
    """Each rated candidate's mean z-score of the interviewers' own totals, to 40 digits."""
    z: dict[int, list[Decimal]] = {}
    with localcontext() as context:
        context.prec = 40
        for totals in _own_totals(weights, ratings).values():
            n, total = len(totals), sum(totals.values())
            spread = n * sum(t * t for t in totals.values()) - total * total
            root = Decimal(spread).sqrt() if n > 1 and spread > 0 else None
            for c, t in totals.items():
                z.setdefault(c, []).append(Decimal(n * t - total) / root if root else Decimal(0))
        return {c: sum(values, Decimal(0)) / len(values) for c, values in z.items()}


def _calibration(ratings, given) -> dict[str, tuple]:
    """Per interviewer: count, candidates, mean, spread (to 40 digits) and exact lean."""
    scores: dict[str, list[int]] = {}
    rated: dict[str, set[int]] = {}
    for r in ratings:
        scores.setdefault(r.interviewer, []).append(r.score)
        rated.setdefault(r.interviewer, set()).add(r.candidate_id)
    lean: dict[str, list[Fraction]] = {}
    for pairs in given.values():
        if len(pairs) > 1:
            mean = Fraction(sum(s for _, s in pairs), len(pairs))
            for who, s in pairs:
                lean.setdefault(who, []).append(s - mean)
    result = {}
    with localcontext() as context:
        context.prec = 40
        for who, mine in scores.items():
            n = len(mine)
            spread = n * sum(s * s for s in mine) - sum(mine) ** 2
            result[who] = (
                n,
                len(rated[who]),
                Fraction(sum(mine), n),
                Decimal(spread).sqrt() / n,
                sum(lean[who], Fraction(0)) / len(lean[who]) if who in lean else Fraction(0),
            )
    return result


def _random_panel(rng: random.Random):
    """Candidates and shuffled ratings of a varied shape: few or many candidates, ids close
    together or far apart, one interviewer or a pool of hundreds, some candidates unrated,
    partial focus, a repeated rating now and then, scores in a narrow band."""
    size = rng.choice([0, 1, 2, 3, 12, 40])
    spread = rng.choice([1, 1, 10**9])
    candidates = [
        CandidateEntry(n, rng.choice(["Al", "Bo", f"C{n:02d}"]), recommendations={"ann": "yes"})
        for n in [spread * n for n in rng.sample(range(-5, 1000), size)]
    ]
    panel = rng.choice(
        [
            ["solo"],
            ["ann", "bob", "cat", "dan", "eve"],
            ["B", "a", "Ann", "ann"],
            [f"interviewer-{n:03d}" for n in range(300)],
        ]
    )
    low, high = rng.choice([(1, 5), (1, 5), (1, 3), (2, 4), (3, 3), (4, 5)])
    repeat = rng.choice([0.0, 0.0, 0.1])
    ratings = []
    for e in candidates:
        if rng.random() < 0.15:
            continue  # unrated
        for who in rng.sample(panel, rng.randint(1, min(4, len(panel)))):
            focus = ALL if rng.random() < 0.6 else rng.sample(ALL, rng.randint(1, len(ALL)))
            for cid in focus:
                while True:
                    ratings.append(PanelRating(e.candidate_id, who, cid, rng.randint(low, high)))
                    if rng.random() >= repeat:
                        break
    rng.shuffle(ratings)
    return candidates, ratings


@pytest.mark.parametrize("seed", range(60))
def test_matches_a_plain_statement_of_the_rules(card, seed):
    candidates, ratings = _random_panel(random.Random(seed))
    ranking = rank_panel(card, candidates, ratings)
    rows, normalised, calibration = _reference(card, candidates, ratings)
    fields = list(rows[candidates[0].candidate_id]) if candidates else []
    listed = {e.candidate_id: e for e in candidates}
    for s in ranking.candidates:
        row, entry = rows[s.candidate_id], listed[s.candidate_id]
        assert (s.name, s.feedback_expected, s.recommendations) == (
            entry.name,
            entry.feedback_expected,
            entry.recommendations,
        )
        for name in fields:
            if name != "competencies":
                assert getattr(s, name) == row[name], (s.name, name)
        assert {cid: tuple(part) for cid, part in s.competencies.items()} == row["competencies"]
        assert list(s.competencies) == ALL
        if s.candidate_id in normalised:
            assert _rounds_to(s.normalised_total, normalised[s.candidate_id]), s.name
        else:
            assert s.normalised_total is None
    listed = [
        (s.weighted_total is None, s.knocked_out, -(s.weighted_total or 0), s.name, s.candidate_id)
        for s in ranking.candidates
    ]
    assert listed == sorted(listed) and len(listed) == len(candidates)
    assert [c.interviewer for c in ranking.calibration] == sorted(calibration)
    for c in ranking.calibration:
        count, rated, mean, sd, lean = calibration[c.interviewer]
        assert (c.count, c.candidates) == (count, rated)
        assert _rounds_to(c.mean, mean, one_step=True) and _rounds_to(c.sd, sd, one_step=True)
        assert _rounds_to(c.lean, lean)


def test_each_standing_has_lists_and_dicts_of_its_own(card):
    candidates, ratings = _random_panel(random.Random(7))
    ranking = rank_panel(card, candidates, ratings)
    mutable = [
        part
        for s in ranking.candidates
        for part in (s.knockouts, s.flags, s.disagreements, s.competencies, s.recommendations)
    ]
    mutable += [c.ratings for s in ranking.candidates for c in s.competencies.values()]
    assert len({id(part) for part in mutable}) == len(mutable)
    listed = {e.candidate_id: e for e in candidates}
    for s in ranking.candidates:
        entry = listed[s.candidate_id]
        assert s.recommendations == entry.recommendations
        assert s.recommendations is not entry.recommendations


def test_ratings_of_another_type_are_read_by_name(card):
    @dataclass
    class Rating:  # the fields in another order than PanelRating's
        score: int
        interviewer: str
        competency_id: str
        candidate_id: int

    ratings = rate(1, "ann", {DP: 4, CI: 2}) + rate(1, "bob", {DP: 2, CI: 3})
    duck = [Rating(r.score, r.interviewer, r.competency_id, r.candidate_id) for r in ratings]
    candidates = [CandidateEntry(1, "A"), CandidateEntry(2, "B")]
    assert rank_panel(card, candidates, duck) == rank_panel(card, candidates, ratings)


def test_candidate_ids_are_matched_as_dictionary_keys(card):
    ratings = rate(1, "ann", {DP: 4}) + [PanelRating(2.0, "ann", DP, 3)]  # 2.0 == 2
    by_id = rank_panel(card, [CandidateEntry(1, "A"), CandidateEntry(2, "B")], ratings)
    assert [(s.candidate_id, s.weighted_total) for s in by_id.candidates] == [(1, 4.0), (2, 3.0)]
    named = rank_panel(
        card,
        [CandidateEntry("x", "A"), CandidateEntry("y", "B")],  # not whole numbers
        [r._replace(candidate_id={1: "x", 2.0: "y"}[r.candidate_id]) for r in ratings],
    )
    assert [s.weighted_total for s in named.candidates] == [4.0, 3.0]


def test_halves_round_as_round2_does():
    # The vectorised ROUND(x, 2) against the scalar one, at and beside every halfway point.
    halfway = [(2 * k + 1) / 200 for k in range(-3000, 3000)]
    values = [v for h in halfway for v in (h, math.nextafter(h, 0), math.nextafter(h, 9), -h)]
    values += [random.Random(n).uniform(-12, 12) for n in range(2000)] + [0.0, -0.0, 1e-300]
    assert round2_all(np.array(values)) == [round2(v) for v in values]
