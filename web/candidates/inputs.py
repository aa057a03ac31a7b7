"""Reading what interviewers and managers send (API JSON, browser forms) into checked values.

Every problem is collected as (field, sentence) and raised together, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.errors import InputError
from generator.schema import Scorecard
from generator.scoring import check_rating
from web.models import Recommendation
from web.store.candidates import ScoringError
from web.store.feedback import MIN_EVIDENCE, RatingInput

MAX_NOTES = 10_000
MAX_EVIDENCE = 5_000
RECOMMENDATIONS = ", ".join(r.value for r in Recommendation)


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ScoringError(problems[0][1], field=problems[0][0], problems=problems)


def _score(value: object) -> int | None:
    """A level 1-5, or None when it is not one (bools, 3.5, "abc", 0 and 6 are not)."""
    try:
        return check_rating(value)
    except InputError:
        return None


def _recommendation(
    value: object, field: str, problems: list[tuple[str, str]]
) -> Recommendation | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value in Recommendation.__members__:
        return Recommendation(value)
    problems.append((field, f"Choose a recommendation: one of {RECOMMENDATIONS}."))
    return None


def _text(value: object, field: str, limit: int, problems: list[tuple[str, str]]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append((field, "Send this as text."))
        return None
    if len(value) > limit:
        problems.append((field, f"Keep this under {limit:,} characters."))
    return value.strip()


def _question_notes(
    card: Scorecard, value: object, problems: list[tuple[str, str]]
) -> dict[str, str] | None:
    if value is None:
        return None
    known = {q.id for q in card.questions}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.append(
            ("question_notes", "Send question notes as an object of question id to text.")
        )
        return None
    unknown = [k for k in value if k not in known]
    if unknown:
        problems.append(
            (
                "question_notes",
                f"Unknown question id(s) {', '.join(unknown)}; use ids of this scorecard.",
            )
        )
    return {k: v.strip()[:MAX_NOTES] for k, v in value.items() if v.strip()}


def api_feedback(card: Scorecard, data: Mapping[str, Any]) -> dict[str, Any]:
    """A PUT body: recommendation, ratings (each with a level and evidence), notes, question notes."""
    problems: list[tuple[str, str]] = []
    names = {c.id: c.name for c in card.competencies}
    recommendation = _recommendation(data.get("recommendation"), "recommendation", problems)
    if data.get("recommendation") in (None, ""):
        problems.append(("recommendation", f"Choose a recommendation: one of {RECOMMENDATIONS}."))
    raw = data.get("ratings")
    ratings: list[RatingInput] = []
    if not isinstance(raw, list):
        problems.append(("ratings", "Send ratings as a list of {competency_id, score, evidence}."))
        raw = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"ratings[{i}]"
        if not isinstance(item, dict):
            problems.append(
                (where, "Send each rating as an object with competency_id, score and evidence.")
            )
            continue
        cid = item.get("competency_id")
        if not isinstance(cid, str) or cid not in names:
            problems.append(
                (
                    f"{where}.competency_id",
                    f"{cid!r} is not a competency on this scorecard version; use one of: {', '.join(names)}.",
                )
            )
            continue
        if cid in seen:
            problems.append(
                (
                    f"{where}.competency_id",
                    f"{names[cid]} is rated twice; send one rating per competency.",
                )
            )
            continue
        seen.add(cid)
        score = _score(item.get("score"))
        if score is None:
            problems.append(
                (
                    f"{where}.score",
                    f"Rate {names[cid]} with a whole number from 1 to 5 (got {item.get('score')!r}).",
                )
            )
        evidence = item.get("evidence")
        if not isinstance(evidence, str) or len(evidence.strip()) < MIN_EVIDENCE:
            problems.append(
                (
                    f"{where}.evidence",
                    f"Write at least {MIN_EVIDENCE} characters of evidence for {names[cid]}: what the candidate said or did.",
                )
            )
        elif len(evidence) > MAX_EVIDENCE:
            problems.append(
                (
                    f"{where}.evidence",
                    f"Keep the evidence for {names[cid]} under {MAX_EVIDENCE:,} characters.",
                )
            )
        if score is not None and isinstance(evidence, str):
            ratings.append(RatingInput(cid, score, evidence.strip()))
    notes = _text(data.get("notes"), "notes", MAX_NOTES, problems)
    question_notes = _question_notes(card, data.get("question_notes"), problems)
    _raise(problems)
    return {
        "ratings": ratings,
        "recommendation": recommendation,
        "notes": notes,
        "question_notes": question_notes,
    }


def form_feedback(card: Scorecard, form: Mapping[str, str]) -> dict[str, Any]:
    """The scoring form (or its autosave): levels may still be empty, evidence may be short."""
    problems: list[tuple[str, str]] = []
    ratings: list[RatingInput] = []
    for competency in card.competencies:
        raw = form.get(f"score-{competency.id}", "")
        score = _score(raw) if raw else None
        if raw and score is None:
            problems.append(
                (f"score-{competency.id}", f"Rate {competency.name} with a level from 1 to 5.")
            )
        evidence = form.get(f"evidence-{competency.id}", "").strip()[:MAX_EVIDENCE]
        ratings.append(RatingInput(competency.id, score, evidence))
    recommendation = _recommendation(form.get("recommendation"), "recommendation", problems)
    notes = (form.get("notes") or "").strip()[:MAX_NOTES]
    question_notes = {
        q.id: form[f"qnote-{q.id}"].strip()[:MAX_NOTES]
        for q in card.questions
        if form.get(f"qnote-{q.id}", "").strip()
    }
    _raise(problems)
    return {
        "ratings": ratings,
        "recommendation": recommendation,
        "notes": notes,
        "question_notes": question_notes,
    }


def candidate_payload(data: Mapping[str, Any]) -> dict[str, Any]:
    """A new candidate from the API: name, email, interviewers' emails, focus by email."""
    problems: list[tuple[str, str]] = []
    name, email = data.get("name"), data.get("email")
    if not isinstance(name, str):
        problems.append(("name", "Give the candidate's name as a string."))
    if email is not None and not isinstance(email, str):
        problems.append(("email", "Give the candidate's email as a string, or leave it out."))
    interviewers = data.get("interviewers")
    if not isinstance(interviewers, list) or not all(isinstance(e, str) for e in interviewers):
        problems.append(("interviewers", "Give the panel as a list of interviewers' emails."))
        interviewers = []
    focus = data.get("focus") or {}
    if not isinstance(focus, dict) or not all(
        isinstance(v, list) and all(isinstance(i, str) for i in v) for v in focus.values()
    ):
        problems.append(
            ("focus", "Give focus as an object of interviewer email to a list of competency ids.")
        )
        focus = {}
    _raise(problems)
    return {"name": name, "email": email, "interviewers": interviewers, "focus": focus}


def candidate_form(form: Any, competency_ids: list[str]) -> dict[str, Any]:
    """A new candidate from the page: a row per panel member with their email and focus checkboxes."""
    interviewers: list[str] = []
    focus: dict[str, list[str]] = {}
    for row in range(1, 9):
        email = (form.get(f"interviewer-{row}") or "").strip().lower()
        if not email:
            continue
        interviewers.append(email)
        chosen = [i for i in form.getlist(f"focus-{row}") if i in competency_ids]
        if chosen:
            focus[email] = chosen
    return {
        "name": form.get("name", ""),
        "email": form.get("email") or None,
        "interviewers": interviewers,
        "focus": focus,
    }
