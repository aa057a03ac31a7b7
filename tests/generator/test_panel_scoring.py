"""Panel ranking: means, totals over rated weight, knockouts last, ties, calibration, checks."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from generator.errors import InputError
from generator.scoring import CandidateEntry, PanelRating, rank_panel

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
def card(generated):
    card = generated["senior_data_engineer.md"]
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


# A plain, slow statement of the rules, in exact fractions, to check the fast one against.


def _half_up(value: Fraction) -> float:
    return math.floor(value * 100 + Fraction(1, 2)) / 100


def _reference(card, candidates, ratings):
    weights = {c.id: c.weight for c in card.competencies}
    musts = {c.id for c in card.competencies if c.must_have}
    scores: dict[tuple[int, str], list[tuple[str, int]]] = {}
    for r in ratings:
        scores.setdefault((r.candidate_id, r.competency_id), []).append((r.interviewer, r.score))
    rows = {}
    for e in candidates:
        means = {
            cid: _half_up(
                Fraction(sum(s for _, s in scores[e.candidate_id, cid]))
                / len(scores[e.candidate_id, cid])
            )
            for cid in weights
            if (e.candidate_id, cid) in scores
        }
        rated = sum(weights[cid] for cid in means)
        total = (
            _half_up(sum(Fraction(weights[c]) * Fraction(str(m)) for c, m in means.items()) / rated)
            if means
            else None
        )
        knocked = any(cid in musts and m <= 2 for cid, m in means.items())
        rows[e.candidate_id] = (total, knocked, rated, len(means) == len(weights))
    ranks = {}
    for cid, (total, knocked, _, _) in rows.items():
        if total is None:
            ranks[cid] = None
            continue
        ahead = [
            o for o, (t, k, _, _) in rows.items() if t is not None and ((k, -t) < (knocked, -total))
        ]
        ranks[cid] = 1 + len(ahead)
    lean: dict[str, list[Fraction]] = {}
    for pair in scores.values():
        if len(pair) > 1:
            mean = Fraction(sum(s for _, s in pair), len(pair))
            for who, s in pair:
                lean.setdefault(who, []).append(s - mean)
    return rows, ranks, {who: float(sum(d) / len(d)) for who, d in lean.items()}


@pytest.mark.parametrize("seed", range(8))
def test_matches_a_plain_statement_of_the_rules(card, seed):
    rng = random.Random(seed)
    candidates = [CandidateEntry(n, f"C{n:02d}") for n in range(1, 41)]
    panel = ["ann", "bob", "cat", "dan", "eve"]
    ratings = [
        PanelRating(e.candidate_id, who, cid, rng.randint(1, 5))
        for e in candidates[:-3]  # the last three stay unrated
        for who in rng.sample(panel, rng.randint(1, 4))
        for cid in ALL
        if rng.random() < 0.8
    ]
    rng.shuffle(ratings)
    ranking = rank_panel(card, candidates, ratings)
    rows, ranks, lean = _reference(card, candidates, ratings)
    for s in ranking.candidates:
        total, knocked, rated, complete = rows[s.candidate_id]
        assert (s.weighted_total, s.knocked_out, s.rated_weight, s.complete) == (
            total,
            knocked,
            rated,
            complete,
        )
        assert s.rank == ranks[s.candidate_id]
    listed = [(s.rank is None, s.rank or 0, s.name) for s in ranking.candidates]
    assert listed == sorted(listed)
    assert {c.interviewer: c.lean for c in ranking.calibration} == {
        who: pytest.approx(value, abs=0.0051) for who, value in lean.items()
    } | {c.interviewer: 0.0 for c in ranking.calibration if c.interviewer not in lean}
