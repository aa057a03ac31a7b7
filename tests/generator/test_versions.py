"""Diffs between scorecard versions, and rebalancing weights after an edit."""

from __future__ import annotations

import copy
import json

import pytest

from generator.errors import InputError, InvalidScorecardError
from generator.schema import Scorecard
from generator.versions import Change, ScorecardDiff, diff_scorecards, rebalance_weights
from generator.versions.model import WeightChange

# The customer success sample (`scorecard_data`) has these competencies, in this order:
# onboarding-adoption 35, retention-growth 30, customer-relationships 10,
# stakeholder-management 5, technical-troubleshooting 5, collaboration 5, communication 5,
# problem-solving 5; questions q1-q20, q16 and q20 the only ones on problem-solving.


def competency(data: dict, cid: str) -> dict:
    return next(c for c in data["competencies"] if c["id"] == cid)


def question(data: dict, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def rows(diff: ScorecardDiff) -> list[tuple]:
    return [(c.part, c.kind, c.field, c.before, c.after, c.summary) for c in diff.changes]


def change_weight_pair(data: dict) -> None:
    competency(data, "retention-growth")["weight"] = 25
    competency(data, "communication")["weight"] = 10


def reword_rubric_level(data: dict) -> None:
    competency(data, "retention-growth")["rubric"][3]["description"] = (
        "Beats retention targets year after year by knowing what each customer values."
    )


def edit_question(data: dict) -> None:
    q7 = question(data, "q7")
    q7["text"] = "Tell me about a customer who trusted you with bad news. What did you do?"
    q7["category"] = "situational"


NEW_QUESTION = {
    "id": "q21",
    "category": "technical",
    "text": "How do you prepare a quarterly business review?",
    "follow_ups": ["What goes on the first slide?", "What do you leave out?"],
    "competencies": ["communication"],
}


def add_question(data: dict) -> None:
    data["questions"].append(copy.deepcopy(NEW_QUESTION))


def remove_problem_solving(data: dict) -> None:
    data["competencies"] = [c for c in data["competencies"] if c["id"] != "problem-solving"]
    data["questions"] = [q for q in data["questions"] if q["id"] not in ("q16", "q20")]
    competency(data, "customer-relationships")["weight"] = 15


def move_communication_first(data: dict) -> None:
    moved = competency(data, "communication")
    data["competencies"] = [moved, *(c for c in data["competencies"] if c is not moved)]


NEW_CASE_STUDY = {
    "title": "Role play: a renewal at risk",
    "scenario": "A customer's champion has left and the renewal is in six weeks.",
    "candidate_tasks": ["Plan the first call with the new sponsor"],
    "evaluation_focus": ["Finding out what the new sponsor values"],
    "competencies": ["retention-growth", "communication"],
    "minutes": 30,
}


def replace_case_study(data: dict) -> None:
    data["case_study"] = copy.deepcopy(NEW_CASE_STUDY)


def edited(data: dict, *edits) -> dict:
    new = copy.deepcopy(data)
    for edit in edits:
        edit(new)
    Scorecard.model_validate(new)  # every edited version is one a user could save
    return new


def test_identical_versions_have_no_changes(pinned, scorecard_data):
    card = pinned["customer_success_manager"]
    for old, new in [(card, card), (scorecard_data, copy.deepcopy(scorecard_data))]:
        diff = diff_scorecards(old, new)
        assert diff.changes == [] and diff.changed_parts == [] and diff.weights == []
        assert diff.summary == "No changes" and diff.unchanged


def test_white_space_and_provenance_are_not_changes(scorecard_data):
    new = copy.deepcopy(scorecard_data)
    level = competency(new, "retention-growth")["rubric"][3]
    level["description"] = level["description"].replace(" ", "  \n ", 3) + "\t"
    new["about"] = new["about"].replace(". ", ".\n\n")
    question(new, "q7")["follow_ups"][0] += "   "
    new["case_study"]["scenario"] = " " + new["case_study"]["scenario"].replace(" ", "\u00a0 ", 2)
    new["provenance"] = {"engine": "llm", "model": "gpt-x", "created_at": "2031-01-01T00:00:00"}
    diff = diff_scorecards(scorecard_data, new)
    assert diff.changes == [] and diff.summary == "No changes"
    # a real edit beside the white space is still found, and found alone
    question(new, "q7")["follow_ups"][0] = "What would you do differently now?"
    assert [(c.part, c.field) for c in diff_scorecards(scorecard_data, new).changes] == [
        ("question:q7", "follow_ups")
    ]


def test_a_weight_pair(scorecard_data):
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, change_weight_pair))
    assert rows(diff) == [
        (
            "competency:retention-growth",
            "changed",
            "weight",
            30,
            25,
            "Weight of Retention & Account Growth 30% → 25%",
        ),
        (
            "competency:communication",
            "changed",
            "weight",
            5,
            10,
            "Weight of Communication 5% → 10%",
        ),
    ]
    assert diff.weights == [
        WeightChange(id="retention-growth", name="Retention & Account Growth", before=30, after=25),
        WeightChange(id="communication", name="Communication", before=5, after=10),
    ]
    assert diff.summary == "Weights changed (Retention 30→25%, Communication 5→10%)"
    assert diff.changed_parts == ["competency:retention-growth", "competency:communication"]


def test_one_rubric_level_reworded(scorecard_data):
    old_text = competency(scorecard_data, "retention-growth")["rubric"][3]["description"]
    new = edited(scorecard_data, reword_rubric_level)
    diff = diff_scorecards(scorecard_data, new)
    assert rows(diff) == [
        (
            "competency:retention-growth",
            "changed",
            "rubric.4",
            old_text,
            competency(new, "retention-growth")["rubric"][3]["description"],
            "Rubric level 4 of Retention & Account Growth reworded",
        ),
    ]
    assert diff.summary == "Rubric of Retention & Account Growth edited"
    assert diff.weights == []


def test_question_text_and_category(scorecard_data):
    old_text = question(scorecard_data, "q7")["text"]
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, edit_question))
    assert rows(diff) == [
        (
            "question:q7",
            "moved",
            "category",
            "behavioral",
            "situational",
            "Question q7 moved from Behavioral to Situational",
        ),
        (
            "question:q7",
            "changed",
            "text",
            old_text,
            "Tell me about a customer who trusted you with bad news. What did you do?",
            "Question q7 reworded",
        ),
    ]
    assert diff.summary == "1 question edited"
    assert diff.changed_parts == ["question:q7"]


def test_a_question_moved_into_its_new_category_is_reported_once(scorecard_data):
    def move_q7_among_situational(data: dict) -> None:
        edit_question(data)
        q7 = question(data, "q7")
        data["questions"].remove(q7)
        data["questions"].insert(16, q7)  # after q17, with the other situational questions

    diff = diff_scorecards(scorecard_data, edited(scorecard_data, move_q7_among_situational))
    assert [(c.part, c.kind, c.field) for c in diff.changes] == [
        ("question:q7", "moved", "category"),
        ("question:q7", "changed", "text"),
    ]


def test_reordered_questions(scorecard_data):
    def swap_q1_q2(data: dict) -> None:
        data["questions"][0], data["questions"][1] = data["questions"][1], data["questions"][0]

    diff = diff_scorecards(scorecard_data, edited(scorecard_data, swap_q1_q2))
    old_ids = [f"q{i}" for i in range(1, 21)]
    assert rows(diff) == [
        (
            "questions",
            "moved",
            "",
            old_ids,
            ["q2", "q1", *old_ids[2:]],
            "Reordered questions: q1 moved from 1st to 2nd",
        ),
    ]
    assert diff.summary == "Questions reordered"


def test_an_added_question(scorecard_data):
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, add_question))
    assert rows(diff) == [("question:q21", "added", "", None, NEW_QUESTION, "Added question q21")]
    assert diff.summary == "1 question added"


def test_a_competency_removed_with_its_questions(scorecard_data):
    removed = competency(scorecard_data, "problem-solving")
    q16, q20 = question(scorecard_data, "q16"), question(scorecard_data, "q20")
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, remove_problem_solving))
    assert rows(diff) == [
        (
            "competency:customer-relationships",
            "changed",
            "weight",
            10,
            15,
            "Weight of Customer Relationship Management 10% → 15%",
        ),
        (
            "competency:problem-solving",
            "removed",
            "",
            removed,
            None,
            "Removed competency Problem Solving & Judgement",
        ),
        ("question:q16", "removed", "", q16, None, "Removed question q16"),
        ("question:q20", "removed", "", q20, None, "Removed question q20"),
    ]
    assert diff.weights == [
        WeightChange(
            id="customer-relationships",
            name="Customer Relationship Management",
            before=10,
            after=15,
        ),
        WeightChange(
            id="problem-solving", name="Problem Solving & Judgement", before=5, after=None
        ),
    ]
    assert diff.summary == (
        "Removed competency Problem Solving & Judgement; "
        "weights changed (Customer Relationship Management 10→15%); 2 questions removed"
    )


def test_an_added_competency_is_the_reverse_of_a_removal(scorecard_data):
    smaller = edited(scorecard_data, remove_problem_solving)
    diff = diff_scorecards(smaller, scorecard_data)
    assert [(c.part, c.kind) for c in diff.changes] == [
        ("competency:customer-relationships", "changed"),
        ("competency:problem-solving", "added"),
        ("question:q16", "added"),
        ("question:q20", "added"),
    ]
    assert diff.changes[1].summary == "Added competency Problem Solving & Judgement"
    assert diff.weights[-1] == WeightChange(
        id="problem-solving", name="Problem Solving & Judgement", before=None, after=5
    )


def test_reordered_competencies(scorecard_data):
    old_ids = [c["id"] for c in scorecard_data["competencies"]]
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, move_communication_first))
    assert rows(diff) == [
        (
            "competencies",
            "moved",
            "",
            old_ids,
            ["communication", *(i for i in old_ids if i != "communication")],
            "Reordered competencies: Communication moved from 7th to 1st",
        ),
    ]
    assert diff.summary == "Competencies reordered"
    assert diff.weights == []


def test_a_renamed_competency_keeps_its_id(scorecard_data):
    def rename(data: dict) -> None:
        competency(data, "communication")["name"] = "Written & Verbal Communication"
        competency(data, "communication")["must_have"] = True

    diff = diff_scorecards(scorecard_data, edited(scorecard_data, rename))
    assert rows(diff) == [
        (
            "competency:communication",
            "changed",
            "name",
            "Communication",
            "Written & Verbal Communication",
            "Renamed competency Communication to Written & Verbal Communication",
        ),
        (
            "competency:communication",
            "changed",
            "must_have",
            False,
            True,
            "Written & Verbal Communication is now a must-have",
        ),
    ]
    assert diff.summary == (
        "Written & Verbal Communication now must-have; "
        "renamed Communication to Written & Verbal Communication"
    )


def test_a_replaced_case_study_and_an_edited_one(scorecard_data):
    old = scorecard_data["case_study"]
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, replace_case_study))
    assert rows(diff) == [
        (
            "case_study",
            "changed",
            "",
            old,
            NEW_CASE_STUDY,
            f"Replaced the case study “{old['title']}” with “Role play: a renewal at risk”",
        ),
    ]
    assert diff.summary == "New case study"

    def lengthen(data: dict) -> None:
        data["case_study"]["minutes"] = 40

    diff = diff_scorecards(scorecard_data, edited(scorecard_data, lengthen))
    assert rows(diff) == [
        ("case_study", "changed", "minutes", 30, 40, "Length of the case study 30 min → 40 min")
    ]
    assert diff.summary == "Case study edited"


def test_guide_parts_without_ids(scorecard_data):
    def edit_guide(data: dict) -> None:
        data["agenda"][4]["minutes"] = 40  # Case Study / Role Play
        data["interview_minutes"] = 125
        data["candidate_qa"][1]["answer"] = "Two years of customer success in software."
        data["role"]["title"] = "Senior Customer Success Manager"

    old = scorecard_data
    diff = diff_scorecards(old, edited(old, edit_guide))
    assert rows(diff) == [
        (
            "role",
            "changed",
            "title",
            "Customer Success Manager",
            "Senior Customer Success Manager",
            "Title of the role changed from “Customer Success Manager” to "
            "“Senior Customer Success Manager”",
        ),
        ("interview_minutes", "changed", "", 115, 125, "Interview length 115 min → 125 min"),
        (
            "agenda",
            "changed",
            "5.minutes",
            30,
            40,
            "Length of agenda segment Case Study / Role Play 30 min → 40 min",
        ),
        (
            "candidate_qa",
            "changed",
            "2.answer",
            old["candidate_qa"][1]["answer"],
            "Two years of customer success in software.",
            "Answer to candidate question “What must I have from day one?” reworded",
        ),
    ]
    assert diff.summary == (
        "Role edited; interview length 115→125 min; agenda edited; candidate Q&A edited"
    )
    assert diff.changed_parts == ["role", "interview_minutes", "agenda", "candidate_qa"]


def test_every_edit_at_once(scorecard_data):
    edits = [
        change_weight_pair,
        reword_rubric_level,
        edit_question,
        add_question,
        remove_problem_solving,
        move_communication_first,
        replace_case_study,
    ]
    diff = diff_scorecards(scorecard_data, edited(scorecard_data, *edits))
    assert [(c.part, c.kind, c.field) for c in diff.changes] == [
        ("competencies", "moved", ""),
        ("competency:communication", "changed", "weight"),
        ("competency:retention-growth", "changed", "weight"),
        ("competency:retention-growth", "changed", "rubric.4"),
        ("competency:customer-relationships", "changed", "weight"),
        ("competency:problem-solving", "removed", ""),  # where it was: after collaboration
        ("question:q7", "moved", "category"),
        ("question:q7", "changed", "text"),
        ("question:q16", "removed", ""),
        ("question:q20", "removed", ""),
        ("question:q21", "added", ""),
        ("case_study", "changed", ""),
    ]
    assert diff.changed_parts == [
        "competencies",
        "competency:communication",
        "competency:retention-growth",
        "competency:customer-relationships",
        "competency:problem-solving",
        "question:q7",
        "question:q16",
        "question:q20",
        "question:q21",
        "case_study",
    ]
    # Too much for one line in full: detail gives way, least important first, nothing is hidden.
    assert diff.summary == (
        "Removed competency Problem Solving & Judgement; weights changed; 1 rubric edited; "
        "competencies reordered; 1 question edited, 1 added, 2 removed; new case study"
    )
    assert [(w.id, w.before, w.after) for w in diff.weights] == [
        ("communication", 5, 10),
        ("retention-growth", 30, 25),
        ("customer-relationships", 10, 15),
        ("problem-solving", 5, None),
    ]


def test_the_summary_fits_one_line_however_much_changed(scorecard_data):
    def rewrite_everything(data: dict) -> None:
        for c in data["competencies"]:
            c["lead_question"]["text"] = f"Tell us how you show {c['name'].lower()} at work."
            c["rubric"][0]["description"] = f"Shows no sign of {c['name'].lower()}."
        data["about"] = "A guide for the panel."
        data["agenda"][0]["description"] = "Welcome the candidate."
        data["candidate_qa"][0]["answer"] = "Calls, onboarding and planning."
        data["company_values"] = ["Ownership"]

    diff = diff_scorecards(scorecard_data, edited(scorecard_data, rewrite_everything))
    assert diff.summary == (
        "8 rubrics edited; 8 competencies edited; agenda edited; about this guide reworded; "
        "company values edited; candidate Q&A edited"
    )
    assert len(diff.summary) <= 160


def test_model_and_json_inputs_give_the_same_json_diff(pinned, scorecard_data):
    card = pinned["customer_success_manager"]
    new = edited(scorecard_data, change_weight_pair, edit_question, replace_case_study)
    from_json = diff_scorecards(scorecard_data, new)
    from_models = diff_scorecards(card, Scorecard.model_validate(new))
    assert from_json == from_models == diff_scorecards(scorecard_data, new)
    payload = from_json.as_json()
    assert payload == from_json.model_dump(mode="json")
    assert set(payload) == {"changes", "summary", "changed_parts", "weights"}
    assert json.loads(json.dumps(payload))["changes"][0] == {
        "part": "competency:retention-growth",
        "kind": "changed",
        "field": "weight",
        "before": 30,
        "after": 25,
        "summary": "Weight of Retention & Account Growth 30% → 25%",
    }
    assert isinstance(from_json.changes[0], Change)


def test_a_version_that_is_not_a_scorecard_is_refused(scorecard_data):
    broken = copy.deepcopy(scorecard_data)
    competency(broken, "communication")["weight"] = 50
    with pytest.raises(InvalidScorecardError, match="later version is not a valid scorecard"):
        diff_scorecards(scorecard_data, broken)


# Rebalancing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "keep", "expected"),
    [
        ([20, 20, 20, 20, 25], None, [19, 19, 19, 19, 24]),
        ([0, 0, 0], None, [34, 33, 33]),
        ([1, 1, 1, 1, 1, 1], None, [17, 17, 17, 17, 16, 16]),
        # 36/104 and 10/104 of 100 leave the same remainder: the earlier weight gets the point
        ([3, 36, 9, 19, 27, 10], None, [3, 35, 9, 18, 26, 9]),
        ([0, 50, 50], None, [1, 49, 50]),
        ([35, 30, 10, 5, 5, 5, 5, 5], None, [35, 30, 10, 5, 5, 5, 5, 5]),
        ([40, 25, 25, 25], {0}, [40, 20, 20, 20]),
        ([10, 15, 20, 25, 50], {4}, [7, 11, 14, 18, 50]),
        ([30, 30, 10, 10, 10], {0, 1}, [30, 30, 14, 13, 13]),
        ([97, 5, 5, 5], {0}, [97, 1, 1, 1]),
        ([60, 40], {0, 1}, [60, 40]),
    ],
)
def test_rebalanced_weights(weights, keep, expected):
    result = rebalance_weights(weights, keep=keep)
    assert result == expected
    assert sum(result) == 100 and min(result) >= 1


def test_rebalancing_leaves_the_input_list_alone():
    weights = [20, 20, 20, 20, 25]
    rebalance_weights(weights, keep={4})
    assert weights == [20, 20, 20, 20, 25]


@pytest.mark.parametrize(
    ("weights", "keep", "message"),
    [
        ([98, 10, 10, 10], {0}, "add up to 98%, which leaves 2% for the other 3"),
        ([50, 51, 10], {0, 1}, "at most 99%"),
        ([60, 30], {0, 1}, "add up to 90%, not 100%, and every one is kept"),
        ([20, 20], {2}, "Cannot keep weight number 3: there are only 2 weights"),
        ([0, 20], {0}, "Weight number 1 is 0%"),
        ([], None, "no weights to rebalance"),
    ],
)
def test_impossible_rebalancing_says_why(weights, keep, message):
    with pytest.raises(InputError, match=message):
        rebalance_weights(weights, keep=keep)
