"""The interviewer's scoring form in the browser's terms: autosaved drafts that survive a reload,
submission with every missing answer named, the interview kit, and the Excel round trip."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from markupsafe import escape

from tests.web.conftest import csrf_from
from tests.web.scoring_setup import (
    EVIDENCE,
    add_candidate,
    approved_panel,
    count,
    ratings_for,
    score,
)
from web.models import Feedback, Rating


@pytest.fixture
def scoring(client, api_token, engine, login):
    """An interviewer logged in on a candidate's scoring form: (panel, candidate id, csrf token)."""
    panel = approved_panel(client, api_token, engine)
    candidate = add_candidate(client, panel, "Ada Okafor")
    login("i1@example.com")
    page = client.get(f"/candidates/{candidate}/score")
    assert page.status_code == 200
    return panel, candidate, csrf_from(page.get_data(as_text=True))


def test_the_form_shows_everything_an_interviewer_needs(client, scoring):
    panel, candidate, _ = scoring
    html = client.get(f"/candidates/{candidate}/score").get_data(as_text=True)
    first = panel.card["competencies"][0]
    for text in (
        first["description"],
        first["lead_question"]["text"],
        first["situational_scenario"]["text"],
    ):
        assert str(escape(text)) in html
    for level in first["rubric"]:
        assert f'name="score-{first["id"]}" value="{level["score"]}"' in html
    question = next(q for q in panel.card["questions"] if first["id"] in q["competencies"])
    assert f'name="qnote-{question["id"]}"' in html
    assert 'data-autosave-url="/candidates/' in html and "/static/scoring.js" in html


def test_autosave_keeps_an_incomplete_draft_that_survives_a_reload(client, scoring, engine):
    panel, candidate, csrf = scoring
    first, second = panel.ids()[:2]
    question = panel.card["questions"][0]["id"]
    draft = {
        "csrf_token": csrf,
        f"score-{first}": "4",
        f"evidence-{first}": "Walked through",  # short: fine for a draft
        f"evidence-{second}": "Explained the escalation path clearly, naming the rapid response team.",
        f"qnote-{question}": "Hesitated, then gave a good example.",
        "recommendation": "yes",
    }
    saved = client.post(f"/candidates/{candidate}/draft", data=draft, headers={"X-CSRFToken": csrf})
    assert saved.status_code == 200 and saved.get_json()["status"] == "draft"
    html = client.get(f"/candidates/{candidate}/score").get_data(as_text=True)
    assert re.search(rf'name="score-{first}" value="4" checked', html)
    assert "Walked through" in html and "rapid response team" in html
    assert "Hesitated, then gave a good example." in html
    assert re.search(r'name="recommendation" value="yes" checked', html)
    assert count(engine, Rating) == 2  # the competency with evidence but no level is kept too
    # No CSRF token: refused.
    no_csrf = {k: v for k, v in draft.items() if k != "csrf_token"}
    assert client.post(f"/candidates/{candidate}/draft", data=no_csrf).status_code == 400
    # An impossible level: nothing saved.
    bad = client.post(f"/candidates/{candidate}/draft", data={**draft, f"score-{first}": "7"})
    assert bad.status_code == 422 and bad.get_json()["errors"] == {
        f"score-{first}": f"Rate {panel.card['competencies'][0]['name']} with a level from 1 to 5."
    }
    assert re.search(
        rf'name="score-{first}" value="4" checked',
        client.get(f"/candidates/{candidate}/score").get_data(as_text=True),
    )


def test_submitting_an_incomplete_form_saves_the_draft_and_names_what_is_missing(
    client, scoring, engine
):
    panel, candidate, csrf = scoring
    first = panel.ids()[0]
    form = {
        "csrf_token": csrf,
        "action": "submit",
        f"score-{first}": "3",
        f"evidence-{first}": "short",
    }
    response = client.post(f"/candidates/{candidate}/score", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "your draft is saved" in html and "at least 20 characters" in html
    assert "Choose an overall recommendation" in html
    for competency in panel.card["competencies"][1:]:
        assert f'href="#score-{competency["id"]}"' in html
    assert count(engine, Feedback, Feedback.status == "draft") == 1
    complete = {"csrf_token": csrf, "action": "submit", "recommendation": "strong_yes"}
    for cid in panel.ids():
        complete[f"score-{cid}"], complete[f"evidence-{cid}"] = "5", EVIDENCE
    done = client.post(f"/candidates/{candidate}/score", data=complete)
    assert done.status_code == 302 and done.headers["Location"] == f"/candidates/{candidate}"
    assert count(engine, Feedback, Feedback.status == "submitted") == 1
    locked = client.get(f"/candidates/{candidate}/score").get_data(as_text=True)
    assert "it is locked" in locked and 'data-locked="yes"' in locked
    again = client.post(f"/candidates/{candidate}/draft", data={**complete, "action": ""})
    assert again.status_code == 409


def test_the_candidate_page_is_blind_until_the_viewer_submits(client, scoring):
    panel, candidate, csrf = scoring
    other = panel.interviewers["i2@example.com"]
    score(client, other, candidate, ratings_for(panel.card, 1), "strong_no")
    html = client.get(f"/candidates/{candidate}").get_data(as_text=True)
    assert "Other interviewers' feedback is hidden" in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "i2@example.com" in text and "Strong no" not in text and EVIDENCE not in text
    complete = {"csrf_token": csrf, "action": "submit", "recommendation": "yes"}
    for cid in panel.ids():
        complete[f"score-{cid}"], complete[f"evidence-{cid}"] = (
            "4",
            "Gave two concrete examples from the ward.",
        )
    client.post(f"/candidates/{candidate}/score", data=complete)
    html = client.get(f"/candidates/{candidate}").get_data(as_text=True)
    assert "Strong no" in html and EVIDENCE in html and "is hidden" not in html
    assert 'id="disagreements"' in html  # 4 against 1 on every competency


def test_the_interview_kit_holds_only_the_focus(client, api_token, engine, login):
    panel = approved_panel(client, api_token, engine, interviewers=1)
    focus = panel.card["competencies"][1]
    other = panel.card["competencies"][2]
    candidate = add_candidate(client, panel, "Ada Okafor", focus={"i1@example.com": [focus["id"]]})
    login("i1@example.com")
    html = client.get(f"/candidates/{candidate}/kit").get_data(as_text=True)
    assert escape(focus["name"]) in html and escape(focus["rubric"][0]["description"]) in html
    assert escape(other["lead_question"]["text"]) not in html
    assert "data-print" in html and "Ada Okafor" in html


def _filled_workbook(client, candidate: int, values: dict[int, object]) -> bytes:
    response = client.get(f"/candidates/{candidate}/workbook")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook["Scoring"]
    assert sheet["D2"].value == "Ada Okafor"
    for row, value in values.items():
        sheet.cell(row=row, column=4, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_workbook_round_trip_enters_ratings_as_a_draft(client, scoring, engine):
    pytest.importorskip("generator.render.xlsx_import")
    panel, candidate, csrf = scoring
    ids = panel.ids()
    data = _filled_workbook(client, candidate, {3 + i: (i % 5) + 1 for i in range(len(ids))})
    response = client.post(
        f"/candidates/{candidate}/workbook",
        data={"csrf_token": csrf, "workbook": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(f"/candidates/{candidate}/score").get_data(as_text=True)
    for i, cid in enumerate(ids):
        assert re.search(rf'name="score-{cid}" value="{(i % 5) + 1}" checked', html)
    assert count(engine, Feedback, Feedback.status == "draft") == 1
    bad = _filled_workbook(client, candidate, {3: 7, 4: "abc"})
    refused = client.post(
        f"/candidates/{candidate}/workbook",
        data={"csrf_token": csrf, "workbook": (io.BytesIO(bad), "bad.xlsx")},
        content_type="multipart/form-data",
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "D3" in text and "D4" in text
    html = client.get(f"/candidates/{candidate}/score").get_data(as_text=True)
    assert re.search(rf'name="score-{ids[0]}" value="1" checked', html)  # nothing changed
