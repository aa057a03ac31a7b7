"""The fair-interview check: each topic file's own examples, near-misses, locations and keys."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest
import yaml

from generator.fairness import Finding, PatternFileError, check_scorecard, check_text, topics
from generator.fairness.topics import PATTERN_DIR, load_topics
from generator.library import DATA_DIR

TOPICS = topics()
HITS = [(t.topic, text) for t in TOPICS for text in t.hits]
MISSES = [(t.topic, text) for t in TOPICS for text in t.misses]


def found(text: str) -> list[str]:
    return [hit.topic for hit in check_text(text)]


def test_every_pattern_file_is_loaded():
    assert sorted(p.stem for p in PATTERN_DIR.glob("*.yaml")) == [t.topic for t in TOPICS]
    assert len(TOPICS) >= 15


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.topic)
def test_every_topic_has_enough_examples(topic):
    assert len(topic.hits) >= 4, f"{topic.source} needs at least 4 hits"
    assert len(topic.misses) >= 4, f"{topic.source} needs at least 4 misses"
    assert topic.label and topic.reason.endswith(".") and topic.suggestion


@pytest.mark.parametrize(("topic", "text"), HITS, ids=[f"{t}:{x[:40]}" for t, x in HITS])
def test_example_hit_fires_with_its_topic(topic, text):
    assert topic in found(text)


@pytest.mark.parametrize(("topic", "text"), MISSES, ids=[f"{t}:{x[:40]}" for t, x in MISSES])
def test_example_miss_does_not_fire(topic, text):
    assert found(text) == [], f"a near-miss listed under {topic} was flagged"


# Near-misses a reviewer would lose trust over. "What languages do you speak?" is deliberately
# allowed: many roles need a second language, and the question asks about a skill, not origin
# (asking which language is *native*, or spoken at home, is flagged instead).
NEAR_MISSES = [
    "How many years of experience do you have with Kubernetes?",
    "How old is the oldest code you maintain?",
    "How old is the system you would be replacing?",
    "Tell me about a legacy system you modernised.",
    "Are you legally authorised to work in the UK?",
    "Do you have the right to work in the UK?",
    "Can you perform the essential functions of this role, with or without reasonable accommodation?",
    "Are you able to lift 25 kg with or without reasonable accommodation?",
    "Tell me about our product family and where you would take it next.",
    "Which family of products did you support?",
    "Which health check endpoints would you expose for the service?",
    "How do you monitor system health and customer health scores?",
    "Walk me through your health and safety procedures in the warehouse.",
    "How do you assess a patient's health when they are admitted?",
    "How do you care for pregnant patients with pre-eclampsia?",
    "What languages do you speak?",
    "Where did you go to school?",
    "Do you religiously run the tests before you merge?",
    "Write a query that uses a SQL UNION to combine the two tables.",
    "How would you compute the union of sets of user ids?",
    "Have you built a native app for Android?",
    "Are you a native speaker of Python?",
    "Tell me about a cardiac arrest you helped manage.",
    "How do you plan a safe discharge for a frail patient?",
    "What electrostatic discharge precautions do you follow?",
    "How do you navigate office politics?",
    "What are your salary expectations?",
    "How would you explain our parental leave policy to a manager?",
    "An employee tells you she is pregnant. What do you do next?",
    "How do you support pupils with special educational needs?",
    "How do you involve a resident's family in their care plan?",
    "How would you keep children safe on a school trip?",
    "Are you single-handedly responsible for releases?",
    "How did you find the race condition?",
    "Which accent colour works best for links?",
    "What gives you faith in a forecast?",
    "Have you implemented a genetic algorithm?",
    "Tell me about your transition into management.",
    "How would you close the gender pay gap?",
    "Do you need any adjustments for the interview?",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_tricky_near_misses_do_not_fire(text):
    assert check_text(text) == []


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("What\u2019s your nationality?", "citizenship"),  # typographic apostrophe
        ("HOW OLD ARE YOU?", "age"),  # case-insensitive
        ("Are you\n  married?", "marital-status"),  # a line break between words
        ("What languages do you speak at home?", "national-origin"),
        ("Is English your first language?", "national-origin"),
        ("Are you a US citizen?", "citizenship"),
        ("Have you ever been arrested?", "arrests"),
        ("Were you honourably discharged?", "military"),
    ],
)
def test_typical_questions_fire(text, topic):
    assert found(text) == [topic]


def test_hit_reports_the_words_as_written_and_where():
    text = "Tell me about Python. And what\u2019s YOUR nationality?"
    (hit,) = check_text(text)
    assert hit.excerpt == "YOUR nationality"
    assert text[hit.start : hit.end] == hit.excerpt
    assert hit.label and hit.reason and hit.suggestion


def test_allowed_near_miss_only_covers_its_own_words():
    # "right to work" explains itself, not a citizenship question later in the same text.
    text = "Do you have the right to work in the UK, and what is your nationality?"
    assert found(text) == ["citizenship"]
    assert found("Do you have the right to work in the UK?") == []


def test_several_topics_in_one_text_come_in_text_order():
    hits = check_text("Are you married, and do you have children? How old are you?")
    assert [h.topic for h in hits] == ["marital-status", "family", "age"]


def test_one_hit_per_topic_even_when_it_matches_twice():
    hits = check_text("How old are you? Sorry, how old are you exactly?")
    assert [(h.topic, h.excerpt, h.start) for h in hits] == [("age", "How old are you", 0)]


def test_library_interview_text_is_clean():
    """Every prompt the offline engine can draw on passes, not only those the samples use."""
    flagged = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if hits := check_text(text):
                flagged[f"{path.name}: {text}"] = [h.excerpt for h in hits]
    assert flagged == {}


def _strings(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("id", "family", "keywords", "signals"):
                yield from _strings(value)


def test_sample_scorecards_have_no_findings(generated):
    assert len(generated) == 15
    for name, card in generated.items():
        findings = check_scorecard(card)
        assert findings == [], f"{name}: {[(f.location, f.excerpt) for f in findings]}"
        assert check_scorecard(card.to_json_dict()) == []


# Planted questions and where each must be reported, in document order.
PLANTED = [
    ("competencies.1.lead_question.text", "competency:{c1}", "age", "How old are you?"),
    (
        "competencies.1.lead_question.look_for",
        "competency:{c1}",
        "pregnancy",
        "Whether she is pregnant or not. Are you pregnant?",
    ),
    (
        "competencies.2.situational_scenario.text",
        "competency:{c2}",
        "religion",
        "Which church do you go to on Sundays?",
    ),
    ("competencies.2.diving_deeper.1", "competency:{c2}", "union", "Are you a union member?"),
    ("questions.4.text", "question:{q4}", "marital-status", "Are you married?"),
    ("questions.4.follow_ups.0", "question:{q4}", "family", "Do you have kids?"),
    ("case_study.title", "case_study", "national-origin", "Where are you originally from?"),
    ("case_study.scenario", "case_study", "health", "Are you taking any medication?"),
    ("case_study.candidate_tasks.1", "case_study", "disability", "Do you have a disability?"),
    ("case_study.evaluation_focus.0", "case_study", "pay-history", "What is your current salary?"),
]


def _plant(data: dict) -> list[tuple[str, str, str]]:
    ids = {
        "c1": data["competencies"][1]["id"],
        "c2": data["competencies"][2]["id"],
        "q4": data["questions"][4]["id"],
    }
    expected = []
    for location, part, topic, text in PLANTED:
        *path, last = location.split(".")
        node = data
        for step in path:
            node = node[int(step)] if step.isdigit() else node[step]
        node[int(last) if last.isdigit() else last] = text
        expected.append((location, part.format(**ids), topic))
    return expected


def test_planted_text_is_found_at_its_location(scorecard_data):
    expected = _plant(scorecard_data)
    findings = check_scorecard(scorecard_data)
    assert [(f.location, f.part, f.topic) for f in findings] == expected
    case = next(f for f in findings if f.location == "case_study.candidate_tasks.1")
    assert case.text == "Do you have a disability?" and case.excerpt == "Do you have a disability"
    assert case.label == "Disability" and "Disabilities Act" in case.reason and case.suggestion


def test_job_description_and_candidate_answers_are_not_checked(scorecard_data):
    scorecard_data["job_description"]["requirements"].append("How old are you?")
    scorecard_data["candidate_qa"][0]["answer"] = "We never ask whether you are married."
    scorecard_data["about"] = "Are you pregnant?"
    assert check_scorecard(scorecard_data) == []


def test_findings_from_a_scorecard_object_match_its_json(generated):
    card = generated["registered_nurse.txt"]
    data = card.to_json_dict()
    data["questions"][0]["text"] = "How many sick days did you take last year?"
    edited = type(card).model_validate(data)
    assert check_scorecard(edited) == check_scorecard(data)
    assert [f.location for f in check_scorecard(edited)] == ["questions.0.text"]


def test_a_half_edited_draft_is_checked_defensively():
    draft = {
        "competencies": [
            None,
            {"lead_question": "not a mapping", "diving_deeper": ["Are you married?", 7, None]},
            {"id": "care", "situational_scenario": {"text": "How old are you?"}},
        ],
        "questions": [{"text": "What is your religion?", "follow_ups": None}, "junk"],
        "case_study": ["not", "a", "mapping"],
    }
    assert [(f.location, f.part, f.topic) for f in check_scorecard(draft)] == [
        ("competencies.1.diving_deeper.0", "competency:1", "marital-status"),
        ("competencies.2.situational_scenario.text", "competency:care", "age"),
        ("questions.0.text", "question:0", "religion"),
    ]
    assert check_scorecard({}) == []


def _finding_at(data: dict, location: str) -> Finding:
    return next(f for f in check_scorecard(data) if f.location == location)


def test_keys_are_stable_and_follow_location_topic_and_words(scorecard_data):
    scorecard_data["questions"][3]["text"] = "Are you married?"
    first = _finding_at(scorecard_data, "questions.3.text")
    expected = hashlib.sha256(b"questions.3.text|marital-status|are you married").hexdigest()[:16]
    assert first.key == expected

    again = copy.deepcopy(scorecard_data)
    again["questions"][3]["text"] = "ARE  you married, by the way?"  # same words, re-saved
    assert _finding_at(again, "questions.3.text").key == first.key

    moved = copy.deepcopy(scorecard_data)
    moved["questions"][3]["text"] = "Tell me about yourself."
    moved["questions"][5]["text"] = "Are you married?"
    assert _finding_at(moved, "questions.5.text").key != first.key

    reworded = copy.deepcopy(scorecard_data)
    reworded["questions"][3]["text"] = "Are you divorced?"
    assert _finding_at(reworded, "questions.3.text").key != first.key


def test_malformed_pattern_file_names_the_file(tmp_path: Path):
    good = (PATTERN_DIR / "age.yaml").read_text(encoding="utf-8")
    (tmp_path / "age.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "union.yaml").write_text(
        "topic: union\nlabel: Union\nreason: r.\nsuggestion: s\npatterns: ['\\bunion (\\b']\n",
        encoding="utf-8",
    )
    with pytest.raises(PatternFileError, match=r"union\.yaml.*does not compile"):
        load_topics(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("topic: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "mapping"),
        ("topic: other\nlabel: L\nreason: r.\nsuggestion: s\npatterns: ['\\bx\\b']\n", "file name"),
        ("topic: broken\nlabel: L\nreason: r.\nsuggestion: s\npatterns: []\n", "'patterns'"),
        ("topic: broken\nlabel: L\nreason: r.\nsuggestion: s\npatterns: ['\\bx']\n", "\\\\b"),
        ("topic: broken\nlabel: L\nsuggestion: s\npatterns: ['\\bx\\b']\n", "'reason'"),
        (
            "topic: broken\nlabel: L\nreason: r.\nsuggestion: s\npatterns: ['\\bx\\b']\nalow: []\n",
            "alow",
        ),
    ],
)
def test_pattern_file_faults_are_reported(tmp_path: Path, content: str, message: str):
    (tmp_path / "broken.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(PatternFileError, match=rf"broken\.yaml.*{message}"):
        load_topics(tmp_path)
