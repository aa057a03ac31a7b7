"""Break each invariant in turn: the scorecard is rejected with a message naming it."""

from __future__ import annotations

import pytest

from generator.validation import validate_data


def problems_for(data: dict) -> str:
    problems = validate_data(data)
    assert problems, "the broken scorecard was accepted"
    return "\n".join(problems)


def test_generated_scorecard_is_valid(scorecard_data):
    assert validate_data(scorecard_data) == []


def test_weights_must_sum_to_100(scorecard_data):
    scorecard_data["competencies"][0]["weight"] -= 3
    assert "[weights-sum]" in problems_for(scorecard_data)
    assert "sum to 97" in problems_for(scorecard_data)


def test_weights_must_be_positive(scorecard_data):
    comps = scorecard_data["competencies"]
    comps[1]["weight"] += comps[-1]["weight"]
    comps[-1]["weight"] = 0
    assert "[weight-positive]" in problems_for(scorecard_data)


def test_at_least_one_must_have(scorecard_data):
    for c in scorecard_data["competencies"]:
        c["must_have"] = False
    assert "[must-have]" in problems_for(scorecard_data)


def test_competency_names_unique(scorecard_data):
    comps = scorecard_data["competencies"]
    comps[1]["name"] = comps[0]["name"].upper()
    assert "[unique-names]" in problems_for(scorecard_data)


@pytest.mark.parametrize("change", ["drop", "duplicate", "out_of_range"])
def test_rubric_has_exactly_five_levels(scorecard_data, change):
    rubric = scorecard_data["competencies"][2]["rubric"]
    if change == "drop":
        rubric.pop()
        assert "[rubric-levels]" in problems_for(scorecard_data)
    elif change == "duplicate":
        rubric[4]["score"] = 4
        assert "[rubric-levels]" in problems_for(scorecard_data)
    else:
        rubric[4]["score"] = 6
        assert "rubric.4.score" in problems_for(scorecard_data)


def test_rubric_levels_need_descriptions(scorecard_data):
    scorecard_data["competencies"][0]["rubric"][2]["description"] = "   "
    assert "rubric.2.description" in problems_for(scorecard_data)


def test_questions_evaluate_existing_competencies(scorecard_data):
    scorecard_data["questions"][0]["competencies"] = ["no-such-competency"]
    assert "[question-competency]" in problems_for(scorecard_data)


def test_every_competency_asked_twice(scorecard_data):
    target = scorecard_data["competencies"][0]["id"]
    other = scorecard_data["competencies"][1]["id"]
    for q in scorecard_data["questions"]:
        q["competencies"] = [other if cid == target else cid for cid in q["competencies"]]
        q["competencies"] = list(dict.fromkeys(q["competencies"]))
    assert "[competency-coverage]" in problems_for(scorecard_data)


def test_all_four_categories_occur(scorecard_data):
    for q in scorecard_data["questions"]:
        if q["category"] == "culture_fit":
            q["category"] = "behavioral"
    assert "[question-categories]" in problems_for(scorecard_data)
    assert "culture_fit" in problems_for(scorecard_data)


def test_evidence_must_be_jd_text(scorecard_data):
    scorecard_data["competencies"][0]["evidence"].append(
        "Fluent in Klingon and interstellar diplomacy"
    )
    assert "[evidence-verbatim]" in problems_for(scorecard_data)


def test_evidence_compared_after_folding_case_and_space(scorecard_data):
    line = scorecard_data["competencies"][0]["evidence"][0]
    scorecard_data["competencies"][0]["evidence"][0] = "  " + line.upper().replace(" ", "   ")
    assert validate_data(scorecard_data) == []


def test_agenda_minutes_add_up(scorecard_data):
    scorecard_data["agenda"][0]["minutes"] += 5
    assert "[agenda-minutes]" in problems_for(scorecard_data)


def test_agenda_minutes_positive(scorecard_data):
    scorecard_data["agenda"][1]["minutes"] = 0
    assert "agenda.1.minutes" in problems_for(scorecard_data)


def test_case_study_competencies_exist(scorecard_data):
    scorecard_data["case_study"]["competencies"] = ["ghost"]
    assert "[case-study-competency]" in problems_for(scorecard_data)


def test_competency_count_bounds(scorecard_data):
    scorecard_data["competencies"] = scorecard_data["competencies"][:4]
    assert "competencies" in problems_for(scorecard_data)


def test_several_violations_reported_together(scorecard_data):
    scorecard_data["competencies"][0]["weight"] += 1
    scorecard_data["agenda"][0]["minutes"] += 1
    text = problems_for(scorecard_data)
    assert "[weights-sum]" in text and "[agenda-minutes]" in text


def test_schema_version_checked(scorecard_data):
    scorecard_data["schema_version"] = 2
    assert "schema_version" in problems_for(scorecard_data)
