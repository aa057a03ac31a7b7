"""The Markdown guide follows the interview guide's order and adds the template's parts."""

from __future__ import annotations

from generator.render import to_json
from generator.render.markdown import to_markdown

GUIDE_HEADINGS = [
    "## About this Guide",
    "## Job Description",
    "## Interview Agenda",
    "## Competency Framework",
    "#### Lead Question",
    "#### Situational Scenario",
    "#### Diving Deeper",
    "#### Evaluation",
    "## Question Bank",
    "## Case Study / Role Play",
    "## Candidate Q&A",
    "## Score Levels",
    "## Candidate Evaluation",
]


def test_headings_in_the_guides_order(generated):
    text = to_markdown(generated["registered_nurse.txt"])
    positions = [text.index(h) for h in GUIDE_HEADINGS]
    assert positions == sorted(positions)


def test_template_parts_present(generated):
    card = generated["registered_nurse.txt"]
    text = to_markdown(card)
    assert "Must Have" in text and f"{card.competencies[0].weight}%" in text
    assert text.count("_Evaluates: ") == len(card.questions)
    assert "| 5 | Significantly Exceeds |" in text
    for c in card.competencies:
        assert f"| {c.name} | {c.weight}% |" in text


def test_pipes_in_text_do_not_break_tables(generated):
    card = generated["registered_nurse.txt"].model_copy(deep=True)
    card.competencies[0].rubric[0].description = "Low | no evidence"
    assert "Low \\| no evidence" in to_markdown(card)


def test_json_export_uses_the_documented_names(generated):
    import json

    data = json.loads(to_json(generated["registered_nurse.txt"]))
    assert data["schema_version"] == 1
    assert set(data) >= {
        "role",
        "job_description",
        "about",
        "company_values",
        "agenda",
        "competencies",
        "questions",
        "case_study",
        "candidate_qa",
        "score_levels",
        "provenance",
    }
    comp = data["competencies"][0]
    assert set(comp) >= {
        "id",
        "name",
        "description",
        "weight",
        "must_have",
        "value",
        "evidence",
        "rubric",
        "lead_question",
        "situational_scenario",
        "diving_deeper",
    }
    assert set(data["questions"][0]) >= {"id", "category", "text", "follow_ups", "competencies"}
    assert set(data["case_study"]) >= {
        "title",
        "scenario",
        "candidate_tasks",
        "evaluation_focus",
        "competencies",
        "minutes",
    }
    assert data["provenance"]["engine"] == "offline"


def test_html_in_any_text_is_shown_never_rendered(generated):
    from markdown_it import MarkdownIt

    card = generated["registered_nurse.txt"].model_copy(deep=True)
    card.role.company = "<script>alert(1)</script>"
    card.competencies[0].name = "Care <img src=x onerror=alert(1)>"
    card.competencies[0].rubric[0].description = "Low &amp; <b>bold</b> | no evidence"
    card.questions[0].text = "Tell me about <iframe src=//evil.example></iframe> a time & place"
    text = to_markdown(card)
    assert "<script>" not in text and "<img" not in text and "<iframe" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Low &amp;amp; &lt;b&gt;bold&lt;/b&gt; \\| no evidence" in text
    assert "a time & place" in text  # a plain ampersand stays readable
    html = MarkdownIt("commonmark", {"html": True}).render(text)
    for tag in ("<script", "<img", "<iframe", "<b>"):
        assert tag not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
