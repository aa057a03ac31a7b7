"""What each LLM stage must return: pydantic models whose JSON schema is sent to the model."""

from __future__ import annotations

from pydantic import Field

from generator.schema import (
    CandidateQA,
    Category,
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


class CompetencyChoice(Draft):
    """The competencies stage's answer for one competency: only what that stage must decide.

    Evidence is cited by the numbers of the posting's duty and requirement lines, so it is always
    the posting's exact text and can never be invented; the definition is written by the detail
    stage, which runs for every competency in parallel.
    """

    id: Slug
    name: Text
    weight: int
    must_have: bool = False
    value: str | None = None
    evidence: list[int] = Field(default_factory=list)


class CompetencySetDraft(Draft):
    competencies: list[CompetencyChoice]


class CompetencyDraft(Part):
    """A chosen competency with its evidence as the posting's text (not sent to the model)."""

    id: Slug
    name: Text
    weight: int
    must_have: bool = False
    value: str | None = None
    evidence: list[str] = Field(default_factory=list)
    description: str = ""


class DetailDraft(Draft):
    description: Text
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
