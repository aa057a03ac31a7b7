"""The diff of two scorecard versions as the API returns it (pydantic, JSON-ready)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ChangeKind = Literal["added", "removed", "changed", "moved"]


class Change(BaseModel):
    """One difference between two versions, located by part and field.

    `part` is "role", "job_description", "about", "company_values", "interview_minutes",
    "agenda", "competencies" (their order), "competency:<id>", "questions" (their order),
    "question:<id>", "case_study", "candidate_qa" or "score_levels". `field` is a dotted path
    inside the part ("weight", "rubric.3", "lead_question.text"), "" for the whole part; items of
    lists without ids (agenda, candidate_qa, score_levels) start it with their 1-based position,
    in the new version (in the old one for a removal). `before` and `after` are the JSON values,
    long texts whole; `summary` is one short sentence.

    "moved" is a reorder (field "", before and after the old and new orders) or a question that
    changed category (field "category"): either way it now stands elsewhere in the document.
    """

    model_config = ConfigDict(frozen=True)

    part: str
    kind: ChangeKind
    field: str = ""
    before: Any = None
    after: Any = None
    summary: str


class WeightChange(BaseModel):
    """A competency whose weight changed; None on the side where it does not exist."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    before: int | None
    after: int | None


class ScorecardDiff(BaseModel):
    """Everything that changed from one version of a scorecard to the next."""

    changes: list[Change] = Field(default_factory=list)
    summary: str = "No changes"
    changed_parts: list[str] = Field(default_factory=list)
    weights: list[WeightChange] = Field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        """True when the two versions say the same thing."""
        return not self.changes

    def as_json(self) -> dict[str, Any]:
        """The diff as plain JSON data, as the API returns it."""
        return self.model_dump(mode="json")
