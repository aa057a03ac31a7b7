"""The rest of the interview guide fits the posting: values, candidate Q&A, agenda and case study timing."""

from __future__ import annotations

import re

import pytest

from generator.agenda import LUNCH_MINUTES, build_agenda, case_study_minutes
from generator.library import load_library
from generator.offline.case_timing import case_timing, fit_durations
from generator.offline.guide import build_candidate_qa
from generator.offline.pipeline import generate_scorecard
from generator.options import GenerationOptions
from generator.posting import parse_posting
from generator.profile import RoleProfile, profile_from_posting
from generator.validation import validate_data
from generator.values import align_value, values_from_posting
from web.review.editor_checks import check_edit

KITCHEN = """Line Cook
Harbour Kitchen, Leeds

We are a busy seafood restaurant serving 200 covers a night. Our values: Craft, Generosity, Consistency

Location: Leeds

Responsibilities:
- Prepare and cook dishes to our recipes and presentation standards
- Keep your section clean and follow food safety and allergen procedures
- Help train new kitchen porters and support colleagues during service
- Check deliveries, rotate stock and record fridge temperatures
- Work as part of a team to get every plate out on time during busy service

Requirements:
- 2 years' experience as a cook in a busy kitchen
- Level 2 Food Hygiene certificate
- Must be able to lift 50 lb and stand for 10 hours

What we offer:
- £13.50 per hour plus tips
- Free staff meals on shift
- We are an equal opportunity employer and welcome applications from all backgrounds.
"""

SILENT = """Data Analyst

Responsibilities:
- Build weekly dashboards in SQL and Looker for the sales team
- Answer ad hoc questions from managers about pipeline and revenue

Requirements:
- 2+ years of SQL experience
"""


def qa_answers(text: str) -> dict[str, str]:
    posting = parse_posting(text)
    profile = profile_from_posting(posting, GenerationOptions(), ["general"])
    return {qa.question: qa.answer for qa in build_candidate_qa(profile, posting, [])}


def answer_about(answers: dict[str, str], word: str) -> str:
    return next(a for q, a in answers.items() if word in q)


# --- company values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Barista\n\nOur values: Craft, Generosity, Consistency\n\nResponsibilities:\n- Make coffee\n",
        "Barista\n\nWe value craft, generosity and consistency. We open at seven.\n\n"
        "Responsibilities:\n- Make coffee\n",
        "Barista\n\nWe roast our own beans. Our values are craft, generosity and consistency.\n",
    ],
)
def test_values_written_inline_or_in_prose_are_found_by_name(text):
    assert values_from_posting(parse_posting(text)) == ["Craft", "Generosity", "Consistency"]


def test_a_values_heading_gives_the_names_of_its_items_not_their_sentences():
    text = (
        "Care Assistant\n\n## What we value\n"
        "- Courage — we speak up when something is wrong\n"
        "- **Kindness.** We treat every resident as family\n"
        "- Ownership: we finish what we start\n"
        "- Put residents first\n\n"
        "## Responsibilities\n- Help residents wash and dress\n"
    )
    assert values_from_posting(parse_posting(text)) == [
        "Courage",
        "Kindness",
        "Ownership",
        "Put Residents First",
    ]


def test_equal_opportunity_prose_and_long_sentences_are_not_values():
    text = (
        "Nurse\n\nWe value diversity and welcome applications from everyone.\n"
        "We value people who take ownership of their patients every single day.\n"
        "Requirements:\n- Registered nurse\n"
    )
    assert values_from_posting(parse_posting(text)) == []


def test_no_more_than_eight_values_are_taken():
    names = ["craft", "care", "courage", "curiosity", "candour", "calm", "clarity", "community"]
    text = f"Chef\n\nOur values: {', '.join(names + ['cheer', 'comfort'])}\n\nResponsibilities:\n- Cook\n"
    values = values_from_posting(parse_posting(text))
    assert values == [name.capitalize() for name in names]


def test_the_profile_uses_the_posting_values_only_when_none_were_typed():
    posting = parse_posting(KITCHEN)
    found = profile_from_posting(posting, GenerationOptions(), ["general"])
    typed = profile_from_posting(posting, GenerationOptions(values=["Speed"]), ["general"])
    assert found.values == ["Craft", "Generosity", "Consistency"]
    assert typed.values == ["Speed"]


@pytest.mark.parametrize(
    ("competency", "value"),
    [
        ("culinary-craft", "Craft"),
        ("collaboration", "Generosity"),
        ("guest-service", "Generosity"),
        ("prioritisation", "Consistency"),
        ("kitchen-food-safety", "Consistency"),
        ("data-pipelines", None),
    ],
)
def test_each_value_aligns_where_it_fits_and_nowhere_else(competency, value):
    entry = load_library().competencies[competency]
    assert align_value(entry, ["Craft", "Generosity", "Consistency"]) == value


def test_a_value_that_fits_no_competency_is_given_to_none():
    library = load_library()
    for competency in ("data-pipelines", "culinary-craft", "guest-service"):
        assert align_value(library.competencies[competency], ["Courage"]) is None


def test_every_value_in_the_kitchen_posting_is_aligned_to_a_competency():
    card = generate_scorecard(KITCHEN)
    assert card.company_values == ["Craft", "Generosity", "Consistency"]
    assert {c.value for c in card.competencies} >= {"Craft", "Generosity", "Consistency"}


# --- candidate Q&A ---------------------------------------------------------------------


def test_the_location_answer_is_the_location_never_a_physical_requirement():
    answer = answer_about(qa_answers(KITCHEN), "based")
    assert "Leeds" in answer
    assert "lift" not in answer and "stand" not in answer and "covers" not in answer
    assert "does not say the hours" in answer and "hiring manager" in answer


def test_schedule_lines_answer_the_arrangements_and_requirements_about_hours_do_not():
    text = KITCHEN.replace(
        "Location: Leeds\n", "Location: Leeds\n\nShifts are four days a week, 7am to 5pm.\n"
    )
    answer = answer_about(qa_answers(text), "based")
    assert "Shifts are four days a week, 7am to 5pm" in answer
    assert "lift" not in answer and "10 hours" not in answer
    assert "does not say" not in answer


def test_an_equal_opportunity_statement_is_never_an_offer():
    answer = answer_about(qa_answers(KITCHEN), "offer")
    assert "£13.50 per hour plus tips" in answer and "Free staff meals" in answer
    assert "equal opportunity" not in answer.lower()
    assert "does not state the pay" not in answer


def test_a_silent_posting_says_so_and_whom_to_ask():
    answers = qa_answers(SILENT)
    where = answer_about(answers, "based")
    offer = answer_about(answers, "offer")
    assert "does not say where the role is based and the hours or schedule" in where
    assert "SQL" not in where
    assert offer.startswith("The posting does not state the pay or benefits")
    assert "ask the recruiter" in offer


# --- agenda ---------------------------------------------------------------------------

PROFILE = RoleProfile(title="Line Cook", company="Harbour Kitchen")
WORK_PARTS = {
    "Introduction": (3, 15),
    "Role Overview": (5, 20),
    "Situational Scenarios": (10, 60),
    "Case Study / Role Play": (15, 90),
    "Candidate Q&A": (5, 30),
    "Closing": (2, 10),
}


@pytest.mark.parametrize("minutes", range(30, 481, 15))
def test_every_length_gets_a_realistic_agenda_that_adds_up(minutes):
    agenda = build_agenda(PROFILE, minutes)
    assert sum(a.minutes for a in agenda) == minutes
    assert agenda[0].name == "Introduction" and agenda[-1].name == "Closing"
    since_break = 0
    for item in agenda:
        if item.name.startswith("Competency-Based Questions"):
            assert item.minutes >= 10
        elif item.name in WORK_PARTS:
            least, most = WORK_PARTS[item.name]
            assert least <= item.minutes <= most, item
        else:
            assert item.name in {"Break", "Lunch Break"}, item
        since_break = 0 if "Break" in item.name else since_break + item.minutes
        assert since_break <= 135
    questions = sum(a.minutes for a in agenda if a.name.startswith("Competency-Based"))
    assert questions >= 10
    assert (case_study_minutes(agenda) is not None) == (minutes >= 60)
    assert any(a.name == "Lunch Break" for a in agenda) == (minutes >= 360)


def test_a_thirty_minute_screen_merges_the_overview_and_has_no_case_study():
    agenda = build_agenda(PROFILE, 30)
    assert [a.name for a in agenda] == [
        "Introduction",
        "Competency-Based Questions",
        "Candidate Q&A",
        "Closing",
    ]
    assert "Line Cook role" in agenda[0].description
    assert "take-home" in agenda[-1].description


def test_the_default_interview_keeps_the_guide_segments():
    agenda = build_agenda(PROFILE, 115)
    assert [a.minutes for a in agenda] == [5, 10, 30, 20, 30, 15, 5]


def test_a_full_day_has_breaks_lunch_and_several_question_blocks():
    agenda = build_agenda(PROFILE, 480)
    names = [a.name for a in agenda]
    assert names.count("Break") >= 2 and names.count("Lunch Break") == 1
    assert next(a.minutes for a in agenda if a.name == "Lunch Break") == LUNCH_MINUTES
    assert sum(n.startswith("Competency-Based Questions (") for n in names) >= 3
    assert agenda[0].minutes <= 10


@pytest.mark.parametrize("minutes", [30, 45, 60, 240, 480])
def test_generated_scorecards_of_any_length_pass_every_check(minutes):
    card = generate_scorecard(KITCHEN, GenerationOptions(minutes=minutes))
    data = card.to_json_dict()
    assert validate_data(data) == []
    edited, errors = check_edit(data)
    assert edited is not None and not errors
    in_agenda = case_study_minutes(card.agenda)
    assert card.case_study.minutes == (in_agenda or 45)
    timing = card.case_study.candidate_tasks[0]
    assert ("take-home" in timing) == (in_agenda is None)


# --- case study timing ----------------------------------------------------------------


def test_thirty_minutes_is_ten_to_prepare_fifteen_to_present_and_five_for_questions():
    timing = case_timing(30)
    assert "10 minutes to prepare, 15 to present and 5 for questions" in timing.instruction


def test_fifteen_minutes_is_a_role_play_without_preparation():
    timing = case_timing(15)
    assert timing.prepare == 0 and "without preparation" in timing.instruction


@pytest.mark.parametrize("minutes", range(15, 91))
def test_the_timing_spends_exactly_the_case_study_minutes(minutes):
    numbers = [int(n) for n in re.findall(r"\d+", case_timing(minutes).instruction)[1:]]
    assert sum(numbers) == minutes


@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_library_scenarios_state_no_minutes_that_contradict_the_timing(minutes):
    timing = case_timing(minutes)
    for family in load_library().families.values():
        scenario = fit_durations(str((family.case_study or {}).get("scenario", "")), timing)
        for stated in re.findall(r"\b(?:has|have) (\S+) minutes", scenario):
            assert stated == str(timing.prepare), (family.id, scenario)
        for stated in re.findall(r"\b(\S+)-minute\b", scenario):
            assert stated == str(timing.present), (family.id, scenario)
    customer = load_library().families["customer"].case_study or {}
    spoken = fit_durations(str(customer["scenario"]), timing)
    assert ("to prepare" in spoken) == (timing.prepare > 0)
