"""Pydantic models for every part of a scorecard: the JSON export, schema version 1.

Field names here are a public contract (see SCORECARD_FORMAT.md): the API, the exports and
stored data rely on them. Fields may be added; none may be renamed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from generator.invariants import check_invariants

SCHEMA_VERSION: Literal[1] = 1
DEFAULT_INTERVIEW_MINUTES = 115

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Category = Literal["technical", "behavioral", "culture_fit", "situational"]
CATEGORIES: tuple[str, ...] = ("technical", "behavioral", "culture_fit", "situational")


class Part(BaseModel):
    """Base for scorecard parts: unknown keys are ignored, text is stripped."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Role(Part):
    title: Text
    company: str | None = None
    seniority: str | None = None
    work_mode: str | None = None
    summary: Text


class JobDescription(Part):
    title: Text
    summary: str = ""
    responsibilities: list[Text] = Field(default_factory=list)
    requirements: list[Text] = Field(default_factory=list)
    # The user's posting as plain text; evidence is checked against it.
    text: str | None = None


class AgendaItem(Part):
    name: Text
    minutes: int = Field(gt=0)
    description: Text


class RubricLevel(Part):
    score: int = Field(ge=1, le=5)
    description: Text


class Prompt(Part):
    """A lead question or situational scenario with what the interviewer should look for."""

    text: Text
    look_for: Text


class CompetencyOutline(Part):
    """What a competency is and why the role needs it, before its interview material is written."""

    id: Slug
    name: Text
    description: Text
    weight: int
    must_have: bool = False
    value: str | None = None
    evidence: list[Text] = Field(default_factory=list)
    # How sure the engine is that the posting calls for this competency (0-1); None when unknown.
    confidence: float | None = Field(default=None, ge=0, le=1)


class Competency(CompetencyOutline):
    rubric: list[RubricLevel]
    lead_question: Prompt
    situational_scenario: Prompt
    diving_deeper: list[Text] = Field(min_length=3, max_length=6)


class Question(Part):
    id: Text
    category: Category
    text: Text
    follow_ups: list[Text] = Field(min_length=2, max_length=3)
    competencies: list[Slug] = Field(min_length=1, max_length=2)


class CaseStudy(Part):
    title: Text
    scenario: Text
    candidate_tasks: list[Text] = Field(min_length=1)
    evaluation_focus: list[Text] = Field(min_length=1)
    competencies: list[Slug] = Field(min_length=1)
    minutes: int = Field(gt=0)


class CandidateQA(Part):
    question: Text
    answer: Text


class ScoreLevel(Part):
    score: int = Field(ge=1, le=5)
    label: Text
    meaning: Text


class StageRecord(Part):
    """One stage of a generation run, for provenance."""

    stage: str
    seconds: float = 0.0
    calls: int = 0
    attempts: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None


class Provenance(Part):
    engine: Literal["offline", "llm"] = "offline"
    model: str | None = None
    prompt_version: str = ""
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    library_version: str | None = None
    seconds: float | None = None
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None
    stages: list[StageRecord] = Field(default_factory=list)
    repairs: list[str] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)
    # The engine's overall confidence (0-1) and what a reviewer should check before sharing.
    confidence: float | None = Field(default=None, ge=0, le=1)
    review_notes: list[str] = Field(default_factory=list)


SCORE_LEVELS: list[ScoreLevel] = [
    ScoreLevel(
        score=1,
        label="Does Not Meet",
        meaning="Lacks required skills or behaviours; significant concerns",
    ),
    ScoreLevel(score=2, label="Partially Meets", meaning="Shows some capability but gaps remain"),
    ScoreLevel(
        score=3, label="Meets Expectations", meaning="Demonstrates the competency at expected level"
    ),
    ScoreLevel(
        score=4,
        label="Exceeds Expectations",
        meaning="Performs above the expected level; a strong candidate",
    ),
    ScoreLevel(score=5, label="Significantly Exceeds", meaning="Exceptional; top-tier capability"),
]


class Scorecard(Part):
    """A complete interview scorecard; constructing one enforces every invariant."""

    schema_version: Literal[1] = SCHEMA_VERSION
    role: Role
    job_description: JobDescription
    about: Text
    company_values: list[Text] = Field(default_factory=list)
    interview_minutes: int = Field(default=DEFAULT_INTERVIEW_MINUTES, gt=0)
    agenda: list[AgendaItem] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=5, max_length=10)
    questions: list[Question] = Field(min_length=4)
    case_study: CaseStudy
    candidate_qa: list[CandidateQA] = Field(min_length=1)
    score_levels: list[ScoreLevel] = Field(default_factory=lambda: list(SCORE_LEVELS))
    provenance: Provenance = Field(default_factory=Provenance)

    @model_validator(mode="after")
    def _invariants(self) -> Scorecard:
        violations = check_invariants(self)
        if violations:
            raise ValueError("\n".join(str(v) for v in violations))
        return self

    def competency(self, competency_id: str) -> Competency:
        """Return the competency with this id.

        Raises:
            KeyError: no competency has that id.
        """
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(competency_id)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON export (schema version 1) as plain Python data."""
        return self.model_dump(mode="json")
