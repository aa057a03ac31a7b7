"""The invariants every scorecard satisfies, whoever produced it (SCORECARD_FORMAT.md).

Each check returns named violations rather than stopping at the first, so that
`scorecard validate` can list every problem in a hand-edited file at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.schema import Scorecard

_MARKUP = re.compile(r"[*_`]+")


@dataclass(frozen=True)
class Violation:
    """One broken invariant: a stable code and a sentence saying what is wrong."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def fold(text: str) -> str:
    """Fold white space and case (and stray emphasis marks) for verbatim comparison."""
    return " ".join(_MARKUP.sub("", text).split()).casefold()


def jd_reference_text(scorecard: Scorecard) -> str:
    """The folded text that evidence must come from: the posting, or its normalised lines."""
    jd = scorecard.job_description
    if jd.text:
        return fold(jd.text)
    parts = [jd.title, jd.summary, *jd.responsibilities, *jd.requirements]
    return "\n".join(fold(p) for p in parts)


def check_invariants(scorecard: Scorecard) -> list[Violation]:
    """Return every invariant the scorecard breaks (empty when it is valid)."""
    found: list[Violation] = []
    found += _check_weights(scorecard)
    found += _check_competency_identity(scorecard)
    found += _check_rubrics(scorecard)
    found += _check_questions(scorecard)
    found += _check_evidence(scorecard)
    found += _check_agenda(scorecard)
    return found


def _check_weights(card: Scorecard) -> list[Violation]:
    out = []
    for c in card.competencies:
        if c.weight <= 0:
            out.append(
                Violation(
                    "weight-positive",
                    f"'{c.name}' has weight {c.weight}; weights must be positive whole percentages.",
                )
            )
    total = sum(c.weight for c in card.competencies)
    if total != 100:
        out.append(
            Violation(
                "weights-sum", f"Competency weights sum to {total}; they must sum to exactly 100."
            )
        )
    if not any(c.must_have for c in card.competencies):
        out.append(Violation("must-have", "At least one competency must be marked must-have."))
    return out


def _check_competency_identity(card: Scorecard) -> list[Violation]:
    out = []
    for name, n in Counter(fold(c.name) for c in card.competencies).items():
        if n > 1:
            out.append(
                Violation(
                    "unique-names",
                    f"Competency name '{name}' is used {n} times; names must be unique.",
                )
            )
    for cid, n in Counter(c.id for c in card.competencies).items():
        if n > 1:
            out.append(
                Violation(
                    "unique-ids", f"Competency id '{cid}' is used {n} times; ids must be unique."
                )
            )
    values = {fold(v) for v in card.company_values}
    for c in card.competencies:
        if c.value and values and fold(c.value) not in values:
            out.append(
                Violation(
                    "value-known",
                    f"'{c.name}' is aligned with '{c.value}', which is not one of the company values.",
                )
            )
    return out


def _check_rubrics(card: Scorecard) -> list[Violation]:
    out = []
    for c in card.competencies:
        scores = sorted(level.score for level in c.rubric)
        if scores != [1, 2, 3, 4, 5]:
            out.append(
                Violation(
                    "rubric-levels",
                    f"The rubric of '{c.name}' has levels {scores}; it needs exactly five levels, 1 to 5.",
                )
            )
    return out


def _check_questions(card: Scorecard) -> list[Violation]:
    out = []
    known = {c.id for c in card.competencies}
    for qid, n in Counter(q.id for q in card.questions).items():
        if n > 1:
            out.append(Violation("unique-question-ids", f"Question id '{qid}' is used {n} times."))
    asked: Counter[str] = Counter()
    for q in card.questions:
        for cid in q.competencies:
            if cid not in known:
                out.append(
                    Violation(
                        "question-competency",
                        f"Question {q.id} evaluates '{cid}', which is not a competency of this scorecard.",
                    )
                )
            asked[cid] += 1
    for c in card.competencies:
        if asked[c.id] < 2:
            out.append(
                Violation(
                    "competency-coverage",
                    f"'{c.name}' is evaluated by {asked[c.id]} question(s); every competency needs at least two.",
                )
            )
    missing = {"technical", "behavioral", "culture_fit", "situational"} - {
        q.category for q in card.questions
    }
    if missing:
        out.append(
            Violation(
                "question-categories",
                f"The question bank has no {', '.join(sorted(missing))} question; all four categories must occur.",
            )
        )
    for cid in card.case_study.competencies:
        if cid not in known:
            out.append(
                Violation(
                    "case-study-competency",
                    f"The case study assesses '{cid}', which is not a competency of this scorecard.",
                )
            )
    return out


def _check_evidence(card: Scorecard) -> list[Violation]:
    out = []
    reference = jd_reference_text(card)
    for c in card.competencies:
        for line in c.evidence:
            if fold(line) not in reference:
                out.append(
                    Violation(
                        "evidence-verbatim",
                        f"Evidence for '{c.name}' is not text of the job description: \"{line[:80]}\".",
                    )
                )
    return out


def _check_agenda(card: Scorecard) -> list[Violation]:
    total = sum(item.minutes for item in card.agenda)
    if total != card.interview_minutes:
        return [
            Violation(
                "agenda-minutes",
                f"Agenda minutes add up to {total}; they must add up to the interview length of {card.interview_minutes}.",
            )
        ]
    return []
