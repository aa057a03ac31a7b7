"""The hiring manager's structured scorecard editor: every part as fields, checks at the field,
versions on save, and concurrent edits that are never lost silently."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import update
from werkzeug.datastructures import MultiDict

from tests.conftest import SAMPLE_DIR
from tests.web.conftest import PASSWORD, csrf_from
from web.db import session_scope
from web.models import ScorecardRecord

JD = (SAMPLE_DIR / "senior_data_engineer.md").read_text()


class _Form(HTMLParser):
    """The fields a browser would post from the editor form, in page order (no buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[list[str]] = []
        self._in_form = False
        self._textarea: list[str] | None = None
        self._select: str | None = None
        self._option: tuple[str | None, bool] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "editor":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = a["name"]
            self.fields.append([a["name"], ""])
            self._first = True
        elif tag == "option" and self._select:
            self._option = (a.get("value"), "selected" in a)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            value, selected = self._option
            if selected or self._first:
                self.fields[-1][1] = value if value is not None else data
            self._first = False

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None


def form_of(html: str) -> list[list[str]]:
    parser = _Form()
    parser.feed(html)
    return parser.fields


def get(fields, name):
    return next(value for key, value in fields if key == name)


def put(fields, name, value):
    for field in fields:
        if field[0] == name:
            field[1] = value
            return
    raise KeyError(name)


def values(fields, name):
    return [value for key, value in fields if key == name]


def post(client, url, fields, action="save", **extra):
    data = [(k, v) for k, v in fields] + [("action", action)] + list(extra.items())
    return client.post(url, data=MultiDict(data))


def login_as(client, email):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})


@pytest.fixture
def scorecard_id(client, api_token):
    """A generated scorecard (version 1, a draft) owned by the recruiter owner@example.com."""
    token = api_token("owner@example.com")
    headers = {"Authorization": f"Bearer {token}"}
    job_id = client.post("/api/scorecards", json={"job_description": JD}, headers=headers)
    job = client.get(f"/api/jobs/{job_id.get_json()['job_id']}", headers=headers).get_json()
    return job["scorecard_id"]


@pytest.fixture
def manager(client, make_user, login):
    make_user("hm@example.com", "hiring_manager")
    login("hm@example.com")
    return client


def record(engine, record_id) -> ScorecardRecord:
    with session_scope(engine) as session:
        found = session.get(ScorecardRecord, record_id)
        session.expunge(found)
        return found


def set_status(engine, record_id, status):
    with session_scope(engine) as session:
        session.exec(
            update(ScorecardRecord).where(ScorecardRecord.id == record_id).values(status=status)
        )


def editor(client, scorecard_id):
    url = f"/scorecards/{scorecard_id}/edit"
    page = client.get(url)
    assert page.status_code == 200
    return url, form_of(page.get_data(as_text=True))


def test_the_form_has_every_part(manager, scorecard_id):
    page = manager.get(f"/scorecards/{scorecard_id}/edit")
    html = page.get_data(as_text=True)
    fields = dict(form_of(html))
    for name in (
        "role.title",
        "role.summary",
        "competencies.0.name",
        "competencies.0.description",
        "competencies.0.weight",
        "competencies.0.rubric.0.description",
        "competencies.0.rubric.4.description",
        "competencies.0.lead_question.text",
        "competencies.0.lead_question.look_for",
        "competencies.0.situational_scenario.look_for",
        "competencies.0.diving_deeper.2",
        "competencies.0.evidence",
        "questions.19.text",
        "questions.19.category",
        "questions.19.follow_ups.1",
        "questions.19.competencies",
        "agenda.6.minutes",
        "interview_minutes",
        "case_study.scenario",
        "case_study.candidate_tasks.0",
        "candidate_qa.0.answer",
        "base_id",
    ):
        assert name in fields, name
    assert fields["base_id"] == str(scorecard_id) and fields["role.title"] == "Senior Data Engineer"
    # Evidence is a checklist of the job description's own lines; the rubric has all five levels.
    assert 'value="Introducing change data capture for the three largest source systems"' in html
    assert "3 · Meets Expectations" in html
    assert "100 / 100" in html and "4/4" in html and "115 of 115 min" in html
    assert '<script src="/static/editor.js"' in html and "<script>" not in html
    assert "style=" not in html


def test_saving_without_changes_makes_no_version(manager, scorecard_id, engine):
    url, fields = editor(manager, scorecard_id)
    response = post(manager, url, fields)
    assert response.status_code == 200
    assert "No changes to save" in response.get_data(as_text=True)
    assert record(engine, scorecard_id).is_head


def test_weights_over_100_are_refused_at_the_weight_and_the_typed_text_kept(
    manager, scorecard_id, engine
):
    url, fields = editor(manager, scorecard_id)
    first = int(get(fields, "competencies.0.weight"))
    put(fields, "competencies.0.weight", str(first + 5))
    put(fields, "competencies.1.rubric.2.description", "Typed and not yet saved")
    response = post(manager, url, fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(
        r'<p class="field-error" id="f-competencies-0-weight-error">([^<]*)</p>', html
    )
    assert error and "Weights add up to 105%" in error.group(1)
    assert 'aria-describedby="f-competencies-0-weight-error"' in html
    assert "Adjust them or use Rebalance." in html and "105 / 100" in html
    kept = form_of(html)
    assert get(kept, "competencies.0.weight") == str(first + 5)
    assert get(kept, "competencies.1.rubric.2.description") == "Typed and not yet saved"
    assert record(engine, scorecard_id).is_head  # nothing saved


def test_rebalance_keeps_the_changed_weight_and_totals_100(manager, scorecard_id):
    url, fields = editor(manager, scorecard_id)
    weights = [int(get(fields, f"competencies.{i}.weight")) for i in range(8)]
    put(fields, "competencies.0.weight", str(weights[0] + 5))
    response = post(manager, url, fields, action="rebalance")
    assert response.status_code == 200
    balanced = form_of(response.get_data(as_text=True))
    new = [int(get(balanced, f"competencies.{i}.weight")) for i in range(8)]
    assert sum(new) == 100 and new[0] == weights[0] + 5 and all(w >= 1 for w in new)
    assert "Rebalanced the weights to total 100" in response.get_data(as_text=True)
    assert post(manager, url, balanced).status_code == 302


def test_editing_a_rubric_level_and_a_question_saves_the_next_version(
    manager, scorecard_id, engine
):
    before = record(engine, scorecard_id).data
    url, fields = editor(manager, scorecard_id)
    put(fields, "competencies.2.rubric.3.description", "Anticipates privacy risks in designs.")
    put(fields, "questions.4.text", "Tell me about a slow query you fixed.")
    response = post(manager, url, fields)
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    saved = record(engine, new_id)
    assert saved.version == 2 and saved.status == "draft" and saved.parent_id == scorecard_id
    expected = {**before}
    expected["competencies"] = [dict(c) for c in before["competencies"]]
    expected["competencies"][2]["rubric"] = [dict(r) for r in before["competencies"][2]["rubric"]]
    expected["competencies"][2]["rubric"][3]["description"] = (
        "Anticipates privacy risks in designs."
    )
    expected["questions"] = [dict(q) for q in before["questions"]]
    expected["questions"][4]["text"] = "Tell me about a slow query you fixed."
    assert saved.data == expected
    old = record(engine, scorecard_id)
    assert old.data == before and not old.is_head
    assert "Saved version 2." in manager.get(response.headers["Location"]).get_data(as_text=True)


def test_evidence_that_is_not_a_line_of_the_job_description_is_refused(manager, scorecard_id):
    url, fields = editor(manager, scorecard_id)
    fields.append(["competencies.3.evidence", "Ten years of Rust"])
    response = post(manager, url, fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'id="f-competencies-3-evidence-error">([^<]*)<', html)
    assert error and "Choose evidence only from the job description" in unescape(error.group(1))


def test_remove_and_add_a_competency_and_questions(manager, scorecard_id, engine):
    url, fields = editor(manager, scorecard_id)
    removed = get(fields, "competencies.7.id")
    response = post(manager, url, fields, action="remove:competencies.7")
    assert response.status_code == 200
    fields = form_of(response.get_data(as_text=True))
    assert "competencies.7.name" not in dict(fields)
    assert removed not in values(fields, "questions.0.competencies") + [
        v for k, v in fields if k.endswith(".competencies")
    ]
    fields = form_of(post(manager, url, fields, action="add:competencies").get_data(as_text=True))
    assert get(fields, "competencies.7.id") == "new-competency-1"
    card = {
        "name": "Clinical Data Literacy",
        "description": "Understands what clinical metrics mean.",
        "weight": "5",
        "lead_question.text": "What is a referral-to-treatment time?",
        "lead_question.look_for": "Accuracy and curiosity.",
        "situational_scenario.text": "A clinician disputes a metric.",
        "situational_scenario.look_for": "Listening, checking definitions.",
    }
    for key, value in card.items():
        put(fields, f"competencies.7.{key}", value)
    for level in range(5):
        put(fields, f"competencies.7.rubric.{level}.description", f"Level {level + 1} behaviour.")
    for line in range(3):
        put(fields, f"competencies.7.diving_deeper.{line}", f"Probe {line + 1}?")
    fields.append(
        [
            "competencies.7.evidence",
            "Working with product managers and clinicians to understand what a metric really means before building it",
        ]
    )
    # Two new questions evaluate it; an old one goes.
    for _ in range(2):
        fields = form_of(post(manager, url, fields, action="add:questions").get_data(as_text=True))
    assert get(fields, "competencies.7.id") == "clinical-data-literacy"  # named after its name
    for index in (20, 21):
        put(fields, f"questions.{index}.category", "behavioral")
        put(fields, f"questions.{index}.text", f"Clinical question {index}?")
        put(fields, f"questions.{index}.follow_ups.0", "Why?")
        put(fields, f"questions.{index}.follow_ups.1", "What then?")
        fields.append([f"questions.{index}.competencies", get(fields, "competencies.7.id")])
    response = post(manager, url, fields, action="remove:questions.0")
    fields = form_of(response.get_data(as_text=True))
    assert get(fields, "questions.19.text") == "Clinical question 20?"
    # A question left without a competency, and a weight total off: fixed before it saves.
    response = post(manager, url, fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for i in range(21):
        if not values(fields, f"questions.{i}.competencies"):
            assert f'id="f-questions-{i}-competencies-error"' in html
            fields.append([f"questions.{i}.competencies", get(fields, "competencies.0.id")])
    fields = form_of(post(manager, url, fields, action="rebalance").get_data(as_text=True))
    response = post(manager, url, fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    saved = record(engine, int(response.headers["Location"].split("/")[-1])).data
    new = saved["competencies"][7]
    assert new["id"] == "clinical-data-literacy" and new["name"] == "Clinical Data Literacy"
    assert [q["competencies"] for q in saved["questions"][-2:]] == [["clinical-data-literacy"]] * 2
    assert len(saved["questions"]) == 21 and removed not in {c["id"] for c in saved["competencies"]}
    assert sum(c["weight"] for c in saved["competencies"]) == 100


def test_move_a_competency_down(manager, scorecard_id, engine):
    url, fields = editor(manager, scorecard_id)
    first, second = get(fields, "competencies.0.id"), get(fields, "competencies.1.id")
    fields = form_of(
        post(manager, url, fields, action="down:competencies.0").get_data(as_text=True)
    )
    response = post(manager, url, fields)
    assert response.status_code == 302
    saved = record(engine, int(response.headers["Location"].split("/")[-1])).data
    assert [c["id"] for c in saved["competencies"][:2]] == [second, first]


def test_a_stale_edit_gets_a_conflict_keeps_the_typing_and_can_be_reapplied(
    app, manager, make_user, scorecard_id, engine
):
    make_user("other@example.com", "hiring_manager")
    other = app.test_client()
    login_as(other, "other@example.com")
    url, mine = editor(manager, scorecard_id)
    _, theirs = editor(other, scorecard_id)
    put(theirs, "questions.0.text", "Their question, saved first.")
    assert post(other, url, theirs).status_code == 302
    put(mine, "competencies.0.rubric.0.description", "My rubric text, typed meanwhile.")
    response = post(manager, url, mine)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "other@example.com saved version 2" in html
    assert get(form_of(html), "competencies.0.rubric.0.description") == (
        "My rubric text, typed meanwhile."
    )
    head_id = int(re.search(r'value="reapply:(\d+)"', html).group(1))
    assert "Save my edits on top of version 2" in html
    assert f'href="/scorecards/{head_id}/edit"' in html
    response = post(manager, url, form_of(html), action=f"reapply:{head_id}")
    assert response.status_code == 302
    saved = record(engine, int(response.headers["Location"].split("/")[-1]))
    assert saved.version == 3 and saved.parent_id == head_id
    # Both edits survive: mine applied on top of theirs.
    assert saved.data["questions"][0]["text"] == "Their question, saved first."
    assert saved.data["competencies"][0]["rubric"][0]["description"] == (
        "My rubric text, typed meanwhile."
    )


def test_editing_an_approved_version_saves_a_new_draft(manager, scorecard_id, engine):
    set_status(engine, scorecard_id, "approved")
    url, fields = editor(manager, scorecard_id)
    assert "is approved and in use" in manager.get(url).get_data(as_text=True)
    put(fields, "role.summary", "A shorter summary.")
    response = post(manager, url, fields)
    saved = record(engine, int(response.headers["Location"].split("/")[-1]))
    assert saved.status == "draft" and saved.version == 2
    assert record(engine, scorecard_id).status == "approved"


def test_fair_interview_findings_show_at_the_field(manager, scorecard_id):
    url, fields = editor(manager, scorecard_id)
    put(fields, "questions.2.text", "How old are you, and do you have children?")
    response = post(manager, url, fields, action="add:agenda")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    finding = re.search(
        r'<div class="finding" id="f-questions-2-text-fair">(.*?)</div>', html, re.S
    )
    assert finding and "Age" in finding.group(1) and "Suggested rewording" in finding.group(1)
    assert 'aria-describedby="f-questions-2-text-fair"' in html


def test_who_may_edit(client, app, make_user, login, scorecard_id, engine):
    url = f"/scorecards/{scorecard_id}/edit"
    make_user("someone@example.com")
    make_user("interviewer@example.com", "interviewer")
    login("someone@example.com")
    assert client.get(url).status_code == 404  # another recruiter's scorecard
    owner = app.test_client()
    login_as(owner, "owner@example.com")
    assert owner.get(url).status_code == 200  # the owner's own draft
    login_as(client, "interviewer@example.com")
    assert client.get(url).status_code == 404  # a draft is not shown to interviewers
    set_status(engine, scorecard_id, "approved")
    assert owner.get(url).status_code == 403  # recruiters edit drafts only
    assert client.get(url).status_code == 403
    token = csrf_from(client.get("/scorecards").get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "base_id": str(scorecard_id)})
    assert response.status_code == 403


def test_the_form_needs_its_csrf_token_and_a_known_action(manager, scorecard_id):
    url, fields = editor(manager, scorecard_id)
    without = [f for f in fields if f[0] != "csrf_token"]
    assert post(manager, url, without).status_code == 400
    assert post(manager, url, fields, action="remove:role.title").status_code == 400
    assert post(manager, url, fields, action="remove:competencies.99").status_code == 400


# The editor's rules without the web: where each broken invariant is reported, and re-applying.


def test_each_broken_rule_is_reported_where_the_user_fixes_it(scorecard_data):
    from web.review.editor import check_edit

    data = scorecard_data
    first = data["competencies"][0]
    for competency in data["competencies"]:
        competency["must_have"] = False
    data["competencies"][1]["weight"] = "abc"
    data["competencies"][2]["name"] = data["competencies"][3]["name"]
    first["rubric"][2]["description"] = "  "
    for question in data["questions"]:
        question["competencies"] = [c for c in question["competencies"] if c != first["id"]] or [
            data["competencies"][4]["id"]
        ]
        if question["category"] == "culture_fit":
            question["category"] = "behavioral"
    data["questions"][0]["competencies"] = [c["id"] for c in data["competencies"][:3]]
    data["agenda"][0]["minutes"] = int(data["agenda"][0]["minutes"]) + 5
    card, errors = check_edit(data)
    assert card is None
    assert errors["competencies.1.weight"] == ["Enter a whole number."]
    assert errors["competencies.0.rubric.2.description"] == ["Fill this in; it cannot be empty."]
    assert errors["_must_have"] == ["Mark at least one competency as a must-have."]
    assert errors["_categories"][0].startswith("Add a culture fit question")
    assert any(
        f"Tick “{first['name']}” on at least 2 questions; 1 question evaluates" in m
        for m in errors["_questions"]
    )
    assert errors["_agenda"][0].startswith("Agenda minutes add up to ")
    assert "questions.0.competencies" in errors
    for message in (m for ms in errors.values() for m in ms):
        assert message[0].isupper() and message.endswith("."), message


def test_duplicate_names_are_marked_at_both_names(scorecard_data):
    from web.review.editor import check_edit

    scorecard_data["competencies"][2]["name"] = scorecard_data["competencies"][3]["name"]
    card, errors = check_edit(scorecard_data)
    assert card is None and set(errors) == {"competencies.2.name", "competencies.3.name"}


def test_reapplying_keeps_the_other_editors_changes(scorecard_data):
    import copy

    from web.review.editor import merge_onto

    base = scorecard_data
    theirs = copy.deepcopy(base)
    theirs["questions"][0]["text"] = "Theirs."
    theirs["competencies"][1]["weight"] = base["competencies"][1]["weight"] + 1
    theirs["candidate_qa"].pop()
    mine = copy.deepcopy(base)
    mine["competencies"][0]["rubric"][4]["description"] = "Mine."
    mine["competencies"][1]["weight"] = str(base["competencies"][1]["weight"])  # as typed
    mine["questions"].append({**base["questions"][0], "id": "q99", "text": "My new question."})
    merged = merge_onto(mine, base, theirs)
    assert merged["questions"][0]["text"] == "Theirs."
    assert merged["competencies"][1]["weight"] == theirs["competencies"][1]["weight"]
    assert merged["competencies"][0]["rubric"][4]["description"] == "Mine."
    assert merged["questions"][-1]["text"] == "My new question."
    assert merged["candidate_qa"] == theirs["candidate_qa"]
