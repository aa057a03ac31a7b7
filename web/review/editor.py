"""The structured scorecard editor: form fields to scorecard JSON; one import for the editor's parts.

Every field is named by its dotted JSON path with list indices (`competencies.0.rubric.2.description`;
rubric index 0-4 is score 1-5). The same paths key error messages and fair-interview findings.
Typed values stay as typed (strings) so that an invalid form is shown again exactly as it was.
Actions live in `editor_actions`, checks in `editor_checks`, re-applying edits in `editor_merge`.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from werkzeug.datastructures import MultiDict

from web.review.editor_actions import apply_action, name_new_competencies, rebalance
from web.review.editor_checks import check_edit, fairness_findings, jd_lines, summarize
from web.review.editor_merge import merge_onto

__all__ = [
    "apply_action",
    "check_edit",
    "fairness_findings",
    "form_to_data",
    "jd_lines",
    "merge_onto",
    "rebalance",
    "summarize",
]

Data = dict[str, Any]
Form = MultiDict[str, str]

ROLE_TEXTS = ("title", "summary")
ROLE_OPTIONAL = ("company", "seniority", "work_mode")
PROMPTS = ("lead_question", "situational_scenario")


def form_to_data(form: Form, base: Data) -> Data:
    """The scorecard JSON the form describes; parts the form does not edit are kept from `base`."""
    data = copy.deepcopy(base)
    role = dict(base.get("role") or {})
    role.update({name: form.get(f"role.{name}", "") for name in ROLE_TEXTS})
    role.update({name: _optional(form, f"role.{name}", role.get(name)) for name in ROLE_OPTIONAL})
    data["role"] = role
    data["about"] = form.get("about", "")
    data["interview_minutes"] = form.get("interview_minutes", "")
    data["agenda"] = [
        {name: form.get(f"agenda.{i}.{name}", "") for name in ("name", "minutes", "description")}
        for i in _indices(form, "agenda")
    ]
    old = {c.get("id"): c for c in base.get("competencies") or [] if isinstance(c, dict)}
    data["competencies"] = [
        _competency(form, f"competencies.{i}", old) for i in _indices(form, "competencies")
    ]
    data["questions"] = [
        {
            "id": form.get(f"questions.{i}.id", ""),
            "category": form.get(f"questions.{i}.category", ""),
            "text": form.get(f"questions.{i}.text", ""),
            "follow_ups": _lines(form, f"questions.{i}.follow_ups"),
            "competencies": _chosen(form, f"questions.{i}.competencies"),
        }
        for i in _indices(form, "questions")
    ]
    case = dict(base.get("case_study") or {})
    case.update(
        title=form.get("case_study.title", ""),
        scenario=form.get("case_study.scenario", ""),
        minutes=form.get("case_study.minutes", ""),
        candidate_tasks=_lines(form, "case_study.candidate_tasks"),
        evaluation_focus=_lines(form, "case_study.evaluation_focus"),
        competencies=_chosen(form, "case_study.competencies"),
    )
    data["case_study"] = case
    data["candidate_qa"] = [
        {
            "question": form.get(f"candidate_qa.{i}.question", ""),
            "answer": form.get(f"candidate_qa.{i}.answer", ""),
        }
        for i in _indices(form, "candidate_qa")
    ]
    name_new_competencies(data, base)
    return data


def _competency(form: Form, path: str, old: dict[Any, Any]) -> Data:
    ident = form.get(f"{path}.id", "")
    before = old.get(ident) or {}
    return {
        "id": ident,
        "name": form.get(f"{path}.name", ""),
        "description": form.get(f"{path}.description", ""),
        "weight": form.get(f"{path}.weight", ""),
        "must_have": bool(form.get(f"{path}.must_have")),
        "value": _optional(form, f"{path}.value", before.get("value")),
        "evidence": _chosen(form, f"{path}.evidence"),
        # The engine's confidence is not edited on the form; a competency keeps the one it had.
        "confidence": before.get("confidence"),
        "rubric": [
            {"score": level + 1, "description": form.get(f"{path}.rubric.{level}.description", "")}
            for level in range(5)
        ],
        **{
            prompt: {
                "text": form.get(f"{path}.{prompt}.text", ""),
                "look_for": form.get(f"{path}.{prompt}.look_for", ""),
            }
            for prompt in PROMPTS
        },
        "diving_deeper": _lines(form, f"{path}.diving_deeper"),
    }


def _indices(form: Form, prefix: str) -> list[int]:
    """The list indices the form has fields for under `prefix`, in order."""
    pattern = re.compile(re.escape(prefix) + r"\.(\d+)(?:\.|$)")
    return sorted({int(m.group(1)) for key in form if (m := pattern.match(key))})


def _lines(form: Form, prefix: str) -> list[str]:
    return [form.get(f"{prefix}.{i}", "") for i in _indices(form, prefix)]


def _chosen(form: Form, name: str) -> list[str]:
    """A checkbox list's ticked values, in page order, without blanks or repeats."""
    return list(dict.fromkeys(v for v in form.getlist(name) if v.strip()))


def _optional(form: Form, name: str, old: Any) -> str | None:
    """Optional text: blank means none (kept as the base had it, "" or None, so no change shows)."""
    typed = form.get(name, "")
    if typed.strip():
        return typed
    return old if old in ("", None) else None
