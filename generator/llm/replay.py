"""Recorded stage answers for replaying a model: built from a real scorecard, used by tests and benchmarks."""

from __future__ import annotations

import json
import re

from generator.schema import Scorecard

STAGE = re.compile(r"Stage: (\w+)\.")
COMPETENCY = re.compile(r"Competency: (.+?) \(")
CATEGORY = re.compile(r'category: "(\w+)"')
REQUIRED = re.compile(r"must evaluate each of: (.+)\.")
COUNT = re.compile(r"Write exactly (\d+) ")
PART = re.compile(r"this is part (\d+) of (\d+)")


def stage_answers(card: Scorecard) -> dict[str, dict]:
    """What a model would answer at each stage to produce `card` (keys: stage or 'detail:<name>')."""
    lines = card.job_description.responsibilities + card.job_description.requirements
    numbers = {line: i for i, line in reversed(list(enumerate(lines, start=1)))}
    answers: dict[str, dict] = {
        "analyse": {
            "title": card.role.title,
            "company": card.role.company,
            "seniority": card.role.seniority,
            "summary": card.role.summary,
            "domain_terms": [],
            "values": card.company_values,
        },
        "competencies": {
            "competencies": [
                {
                    "id": c.id,
                    "name": c.name,
                    "weight": c.weight,
                    "must_have": c.must_have,
                    "value": c.value,
                    "evidence": [numbers[line] for line in c.evidence if line in numbers],
                }
                for c in card.competencies
            ]
        },
        "question_bank": {
            "questions": [
                {k: v for k, v in q.model_dump().items() if k != "id"} for q in card.questions
            ]
        },
        "case_study": {k: v for k, v in card.case_study.model_dump().items() if k != "minutes"},
        "candidate_qa": {"candidate_qa": [qa.model_dump() for qa in card.candidate_qa]},
        "monolithic": card.to_json_dict(),
    }
    for c in card.competencies:
        answers[f"detail:{c.name}"] = {
            k: c.model_dump()[k]
            for k in (
                "description",
                "rubric",
                "lead_question",
                "situational_scenario",
                "diving_deeper",
            )
        }
    return answers


def stage_of(system: str, user: str) -> str:
    """The stage a request belongs to, from the rendered system and user prompts."""
    match = STAGE.search(system)
    stage = match.group(1) if match else "monolithic"
    if stage == "detail":
        found = COMPETENCY.search(user)
        return f"detail:{found.group(1)}" if found else stage
    if stage == "question_bank":
        found = CATEGORY.search(user)
        return f"question_bank:{found.group(1)}" if found else stage
    return stage


def answer_json(answers: dict[str, dict], stage: str, user: str = "") -> str:
    """The recorded answer for a stage; a question batch is fitted to the competencies its prompt requires."""
    if not stage.startswith("question_bank:"):
        return json.dumps(answers[stage])
    category = stage.split(":", 1)[1]
    batch = [dict(q) for q in answers["question_bank"]["questions"] if q["category"] == category]
    count, part = COUNT.search(user), PART.search(user)
    if count and part:  # one of several calls for this category: its own slice of the questions
        size, index = int(count.group(1)), int(part.group(1))
        batch = batch[(index - 1) * size :][:size] or batch[:size]
    found = REQUIRED.search(user)
    required = [r.strip() for r in found.group(1).split(",")] if found else []
    for question, cid in zip(batch, required, strict=False):
        question["competencies"] = list(dict.fromkeys([cid, question["competencies"][0]]))[:2]
    return json.dumps({"questions": batch})
