"""The one line a version's history shows: what changed, most important first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.versions.matching import join_names
from generator.versions.model import Change, WeightChange

LIMIT = 160
WEIGHTS_SHOWN = 3
# Parts outside competencies, questions and the case study, in the order the line lists them.
MINOR_PARTS = {
    "role": "role edited",
    "job_description": "job description edited",
    "interview_minutes": "interview length {before}→{after} min",
    "agenda": "agenda edited",
    "about": "about this guide reworded",
    "company_values": "company values edited",
    "candidate_qa": "candidate Q&A edited",
    "score_levels": "score levels edited",
}


@dataclass(frozen=True)
class Segment:
    """One clause of the line: its wordings from most to least detailed, and what it is about."""

    area: str
    wordings: tuple[str, ...]


def summary_line(
    changes: list[Change], weights: list[WeightChange], names: Mapping[str, str]
) -> str:
    """One line of at most LIMIT characters, e.g. "Weights changed (SQL 15→20%, …); new case study"."""
    if not changes:
        return "No changes"
    return _fit(
        [
            *_competency_segments(changes, weights, names),
            *_question_segments(changes),
            *_other_segments(changes),
        ]
    )


def _competency_segments(
    changes: list[Change], weights: list[WeightChange], names: Mapping[str, str]
) -> list[Segment]:
    own = [c for c in changes if c.part.startswith("competency:")]

    def name(change: Change) -> str:
        return names[change.part.split(":", 1)[1]]

    segments = []
    for kind in ("added", "removed"):
        found = [name(c) for c in own if c.kind == kind]
        if found:
            noun = "competency" if len(found) == 1 else "competencies"
            wordings = (f"{kind} {noun} {join_names(found)}", f"{kind} {len(found)} {noun}")
            segments.append(Segment("competencies", wordings))
    segments += _weight_segment(weights)
    must = [
        f"{name(c)} {'now' if c.after else 'no longer'} must-have"
        for c in own
        if c.field == "must_have"
    ]
    if must:
        segments.append(Segment("must-haves", (", ".join(must), "must-haves changed")))
    renamed = [f"renamed {c.before} to {c.after}" for c in own if c.field == "name"]
    if renamed:
        segments.append(Segment("names", (", ".join(renamed), f"{len(renamed)} renamed")))
    rubric = list(dict.fromkeys(name(c) for c in own if c.field.startswith("rubric.")))
    if rubric:
        noun = "rubric" if len(rubric) == 1 else "rubrics"
        wordings = (f"{noun} of {join_names(rubric)} edited", f"{len(rubric)} {noun} edited")
        segments.append(Segment("rubrics", wordings))
    other = [
        c
        for c in own
        if c.kind == "changed"
        and c.field not in ("weight", "must_have", "name")
        and not c.field.startswith("rubric.")
    ]
    edited = list(dict.fromkeys(name(c) for c in other))
    if edited:
        counted = f"{len(edited)} competenc{'y' if len(edited) == 1 else 'ies'} edited"
        first = other[0].summary if len(other) == 1 else f"{edited[0]} edited"
        detailed = (first[:1].lower() + first[1:],) if len(edited) == 1 else ()
        segments.append(Segment("competencies", (*detailed, counted)))
    if any(c.part == "competencies" for c in changes):
        segments.append(Segment("competency order", ("competencies reordered",)))
    return segments


def _weight_segment(weights: list[WeightChange]) -> list[Segment]:
    """Weights of competencies in both versions; up to three named, by the start of their names."""
    kept = [w for w in weights if w.before is not None and w.after is not None]
    if not kept:
        return []
    detail = [f"{w.name.split(' & ')[0]} {w.before}→{w.after}%" for w in kept]
    wordings = []
    for n in range(min(len(kept), WEIGHTS_SHOWN), 0, -1):
        more = [f"+{len(kept) - n} more"] if len(kept) > n else []
        wordings.append(f"weights changed ({', '.join(detail[:n] + more)})")
    return [Segment("weights", (*wordings, "weights changed"))]


def _question_segments(changes: list[Change]) -> list[Segment]:
    own = [c for c in changes if c.part.startswith("question:")]
    counts = {
        "edited": len({c.part for c in own if c.kind in ("changed", "moved")}),
        "added": sum(c.kind == "added" for c in own),
        "removed": sum(c.kind == "removed" for c in own),
    }
    clauses = [f"{n} {verb}" for verb, n in counts.items() if n]
    if clauses:
        first = next(n for n in counts.values() if n)
        clauses[0] = clauses[0].replace(" ", f" question{'s' if first > 1 else ''} ", 1)
    if any(c.part == "questions" for c in changes):
        clauses.append("reordered" if clauses else "questions reordered")
    if not clauses:
        return []
    return [Segment("questions", (", ".join(clauses), "questions edited"))]


def _other_segments(changes: list[Change]) -> list[Segment]:
    parts = {c.part: c for c in changes}
    segments = []
    if "case_study" in parts:
        replaced = parts["case_study"].field == ""
        segments.append(
            Segment("case study", ("new case study" if replaced else "case study edited",))
        )
    for part, text in MINOR_PARTS.items():
        if part in parts:
            wording = text.format(before=parts[part].before, after=parts[part].after)
            segments.append(Segment(part.replace("_", " "), (wording,)))
    known = {"competencies", "questions", "case_study", *MINOR_PARTS}
    for part in parts:
        if part not in known and ":" not in part:
            segments.append(Segment(part.replace("_", " "), (f"{part.replace('_', ' ')} edited",)))
    return segments


def _fit(segments: list[Segment]) -> str:
    """Join the clauses; while too long, word the least important one shorter, then drop it.

    Dropped clauses are still named by area ("also agenda, candidate Q&A"). Once the line
    fits, the most important clauses get back as much detail as still fits.
    """
    detail = [0] * len(segments)
    shown = len(segments)
    while len(_render(segments, detail, shown)) > LIMIT:
        shorter = [i for i in range(shown) if detail[i] < len(segments[i].wordings) - 1]
        if shorter:
            detail[shorter[-1]] += 1
        elif shown > 1:
            shown -= 1
        else:
            return _render(segments, detail, shown)[: LIMIT - 1].rstrip() + "…"
    for i in range(shown):
        while detail[i] > 0:
            detail[i] -= 1
            if len(_render(segments, detail, shown)) > LIMIT:
                detail[i] += 1
                break
    return _render(segments, detail, shown)


def _render(segments: list[Segment], detail: list[int], shown: int) -> str:
    clauses = [s.wordings[d] for s, d in zip(segments[:shown], detail, strict=False)]
    dropped = list(dict.fromkeys(s.area for s in segments[shown:]))
    line = "; ".join(clauses + ([f"also {', '.join(dropped)}"] if dropped else []))
    return line[:1].upper() + line[1:]
