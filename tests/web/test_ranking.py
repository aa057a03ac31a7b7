"""The ranking, the comparison page and its exports: submitted feedback only, knockouts,
disagreements, calibration, and the blind rule for managers who also interview."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pycel import ExcelCompiler

from tests.web.conftest import csrf_from
from tests.web.scoring_setup import add_candidate, approved_panel, auth, ratings_for, score


@pytest.fixture
def ranked(client, api_token, engine):
    """Three candidates: Ada strong, Ben knocked out on a must-have, Cy with a disagreement."""
    panel = approved_panel(client, api_token, engine, interviewers=3)
    i1, i2, i3 = panel.interviewers.values()
    ids, must = panel.ids(), panel.must_have()
    ada = add_candidate(client, panel, "Ada Okafor")
    ben = add_candidate(client, panel, "Ben Lind")
    cy = add_candidate(client, panel, "Cy Moreau")
    score(client, i1, ada, ratings_for(panel.card, 4), "yes")
    score(client, i2, ada, ratings_for(panel.card, 4), "strong_yes")
    score(client, i3, ada, ratings_for(panel.card, 5), "strong_yes")
    ben_scores = {cid: 5 for cid in ids}
    score(client, i1, ben, ratings_for(panel.card, {**ben_scores, must: 1}), "no")
    score(client, i2, ben, ratings_for(panel.card, {**ben_scores, must: 2}), "no")
    first = ids[0] if ids[0] != must else ids[1]
    cy_scores = {cid: 3 for cid in ids}
    score(client, i1, cy, ratings_for(panel.card, {**cy_scores, first: 1}), "no")
    score(client, i2, cy, ratings_for(panel.card, {**cy_scores, first: 4}), "yes")
    score(
        client, i3, cy, ratings_for(panel.card, 5), "strong_yes", submit=False
    )  # a draft: left out
    return panel, {"ada": ada, "ben": ben, "cy": cy}, first


def _ranking(client, panel, token=None):
    return client.get(
        f"/api/scorecards/{panel.scorecard_id}/ranking", headers=auth(token or panel.manager)
    )


def test_the_ranking_uses_submitted_feedback_only(client, ranked):
    panel, ids, first = ranked
    body = _ranking(client, panel).get_json()
    rows = {row["name"]: row for row in body["candidates"]}
    assert [row["name"] for row in body["candidates"]] == ["Ada Okafor", "Cy Moreau", "Ben Lind"]
    ada, ben, cy = rows["Ada Okafor"], rows["Ben Lind"], rows["Cy Moreau"]
    assert (ada["rank"], ada["weighted_total"], ada["rated_weight"], ada["complete"]) == (
        1,
        4.33,
        100,
        True,
    )
    assert ada["feedback_submitted"] == 3 and ada["feedback_expected"] == 3
    assert ada["competencies"][first] == {"mean": 4.33, "ratings": [4, 4, 5]}
    assert ada["recommendations"] == {
        "i1@example.com": "yes",
        "i2@example.com": "strong_yes",
        "i3@example.com": "strong_yes",
    }
    must = panel.must_have()
    assert ben["knocked_out"] and ben["knockouts"] == [must] and ben["rank"] == 3
    assert ben["competencies"][must]["mean"] == 1.5 and ben["feedback_submitted"] == 2
    # Cy: the third interviewer's draft of all 5s is not counted.
    assert cy["feedback_submitted"] == 2 and cy["feedback_expected"] == 3
    assert cy["disagreements"] == [first] and cy["competencies"][first]["ratings"] == [1, 4]
    weights = {c["id"]: c["weight"] for c in panel.card["competencies"]}
    expected = round(
        (sum(3 * w for w in weights.values()) - 3 * weights[first] + 2.5 * weights[first]) / 100, 2
    )
    assert cy["weighted_total"] == expected
    calibration = {c["interviewer"]: c for c in body["calibration"]}
    assert set(calibration) == {"i1@example.com", "i2@example.com", "i3@example.com"}
    n = len(weights)
    assert (
        calibration["i3@example.com"]["count"] == n and calibration["i3@example.com"]["mean"] == 5.0
    )
    assert calibration["i3@example.com"]["lean"] > 0 and calibration["i1@example.com"]["lean"] < 0
    assert {"interviewer", "count", "mean", "sd", "lean"} <= set(body["calibration"][0])


def test_interviewers_never_see_the_ranking(client, ranked, api_token):
    panel, _, _ = ranked
    for token in panel.interviewers.values():
        assert _ranking(client, panel, token).status_code == 404
    stranger = api_token("r2@example.com", "recruiter")
    assert _ranking(client, panel, stranger).status_code == 404


def test_a_manager_on_a_panel_is_blind_to_that_candidate_until_they_submit(client, ranked):
    panel, ids, _ = ranked
    dan = add_candidate(client, panel, "Dan Ruiz", ["hm@example.com", "i1@example.com"])
    score(client, panel.interviewers["i1@example.com"], dan, ratings_for(panel.card, 2), "no")
    body = _ranking(client, panel).get_json()
    assert body["hidden_candidates"] == 1 and "Dan Ruiz" not in {
        r["name"] for r in body["candidates"]
    }
    feedback = client.get(f"/api/candidates/{dan}/feedback", headers=auth(panel.manager)).get_json()
    assert feedback["others_hidden"] and feedback["feedback"] == []
    score(client, panel.manager, dan, ratings_for(panel.card, 3), "yes")
    body = _ranking(client, panel).get_json()
    assert body["hidden_candidates"] == 0 and "Dan Ruiz" in {r["name"] for r in body["candidates"]}


def test_the_comparison_page_shows_knockouts_disagreements_and_calibration(client, ranked, login):
    panel, ids, first = ranked
    login("hm@example.com")
    html = client.get(f"/scorecards/{panel.scorecard_id}/comparison").get_data(as_text=True)
    assert html.index("Ada Okafor") < html.index("Cy Moreau") < html.index("Ben Lind")
    assert "Knocked out" in html and "≠" in html and 'id="disagreements"' in html
    assert "4.33" in html and "100% rated" in html and "2 / 3" in html
    assert "Calibration" in html and "z-score" in html and "Lean" in html
    assert "i3@example.com" in re.sub(r"<[^>]+>", "", html)  # emails may break before the domain
    # Both evidence notes of the disagreement are side by side.
    assert html.count('class="evidence"') >= 2


def test_exports_follow_the_ranking(client, ranked, login, tmp_path):
    pytest.importorskip("generator.render.comparison")
    panel, ids, _ = ranked
    login("hm@example.com")
    api = _ranking(client, panel).get_json()
    response = client.get(f"/scorecards/{panel.scorecard_id}/comparison.csv")
    assert (
        response.status_code == 200 and "comparison.csv" in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    text = "\n".join(",".join(r) for r in rows)
    for row in api["candidates"]:
        assert row["name"] in text and f"{row['weighted_total']:.2f}" in text
    workbook = client.get(f"/scorecards/{panel.scorecard_id}/comparison.xlsx")
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    path = tmp_path / "comparison.xlsx"
    path.write_bytes(workbook.data)
    excel = ExcelCompiler(filename=str(path))
    # Recalculated by the workbook's own formulas: the same totals, knockouts and ranks as the API.
    for row in range(4, 4 + len(api["candidates"])):
        name = excel.evaluate(f"Comparison!B{row}")
        expected = next(c for c in api["candidates"] if c["name"] == name)
        assert excel.evaluate(f"Comparison!C{row}") == pytest.approx(expected["weighted_total"])
        assert excel.evaluate(f"Comparison!A{row}") == expected["rank"]
        assert (excel.evaluate(f"Comparison!F{row}") > 0) == expected["knocked_out"]
    assert client.get(f"/scorecards/{panel.scorecard_id}/comparison.pdf").status_code == 404


def test_interviewers_cannot_export_or_close(client, ranked, login):
    panel, ids, _ = ranked
    login("i1@example.com")
    csrf = csrf_from(client.get(f"/candidates/{ids['ada']}").get_data(as_text=True))
    for path in ("comparison", "comparison.csv", "comparison.xlsx"):
        assert client.get(f"/scorecards/{panel.scorecard_id}/{path}").status_code == 404
    closing = client.post(f"/scorecards/{panel.scorecard_id}/close", data={"csrf_token": csrf})
    assert closing.status_code == 404


def test_the_ranking_follows_every_change(client, ranked, api_token, engine, login):
    panel, ids, _ = ranked
    i1 = panel.interviewers["i1@example.com"]

    def rows():
        body = _ranking(client, panel).get_json()
        return {row["name"]: row for row in body["candidates"]}

    assert rows()["Ada Okafor"]["rank"] == 1  # computed once, then kept
    eve = add_candidate(client, panel, "Eve Park", ["i1@example.com"])
    assert rows()["Eve Park"]["rank"] is None
    score(client, i1, eve, ratings_for(panel.card, 5), "strong_yes")
    assert rows()["Eve Park"]["rank"] == 1 and rows()["Ada Okafor"]["rank"] == 2
    api_token("admin@example.com", "admin")
    login("admin@example.com")
    page = client.get(f"/candidates/{eve}").get_data(as_text=True)
    feedback_id = re.search(rf"/candidates/{eve}/feedback/(\d+)/reopen", page).group(1)
    client.post(
        f"/candidates/{eve}/feedback/{feedback_id}/reopen",
        data={"csrf_token": csrf_from(page), "reason": "Rated from the wrong notes"},
    )
    eve_row = rows()["Eve Park"]
    assert eve_row["feedback_submitted"] == 0 and eve_row["weighted_total"] is None
    client.delete(f"/api/candidates/{ids['ada']}", headers=auth(panel.manager))
    assert "Ada Okafor" not in rows() and rows()["Cy Moreau"]["rank"] == 1
