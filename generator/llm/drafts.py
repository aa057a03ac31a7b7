"""What each LLM stage must return: pydantic models whose JSON schema is sent to the model."""

from __future__ import annotations

from pydantic import Field

from generator.schema import (
    CandidateQA,
    Category,
    CompetencyOutline,
    Part,
    Prompt,
    RubricLevel,
    Slug,
    Text,
)


class Draft(Part):
    """A stage's answer; same parsing rules as the scorecard's parts."""


class ProfileDraft(Draft):
    title: Text
    company: str | None = None
    seniority: str | None = None
    summary: Text
    domain_terms: list[str] = Field(default_factory=list, max_length=20)
    values: list[str] = Field(default_factory=list, max_length=10)


class CompetencyDraft(CompetencyOutline):
    """The competencies stage's answer for one competency."""

    # Looser than the scorecard: blank or invented lines are dropped by the stage, not re-asked.
    evidence: list[str] = Field(default_factory=list)


class CompetencySetDraft(Draft):
    competencies: list[CompetencyDraft]


class DetailDraft(Draft):
    rubric: list[RubricLevel] = Field(min_length=5, max_length=5)
    lead_question: Prompt
    situational_scenario: Prompt
    diving_deeper: list[Text] = Field(min_length=3, max_length=5)


class QuestionDraft(Draft):
    category: Category
    text: Text
    follow_ups: list[Text] = Field(min_length=2, max_length=3)
    competencies: list[Slug] = Field(min_length=1, max_length=2)


class QuestionBankDraft(Draft):
    questions: list[QuestionDraft]


class CaseStudyDraft(Draft):
    title: Text
    scenario: Text
    candidate_tasks: list[Text] = Field(min_length=1, max_length=8)
    evaluation_focus: list[Text] = Field(min_length=1, max_length=8)
    competencies: list[Slug] = Field(min_length=1)


class CandidateQADraft(Draft):
    candidate_qa: list[CandidateQA] = Field(min_length=3, max_length=10)
