"""The options a recruiter can set when generating a scorecard."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from generator.schema import DEFAULT_INTERVIEW_MINUTES


class GenerationOptions(BaseModel):
    """Options shared by the offline engine and the LLM pipeline."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    company: str | None = Field(default=None, max_length=120)
    values: list[str] = Field(default_factory=list, max_length=10)
    competencies: int = Field(default=8, ge=5, le=10)
    questions: int = Field(default=20, ge=8, le=40)
    minutes: int = Field(default=DEFAULT_INTERVIEW_MINUTES, ge=30, le=480)
    seniority: str | None = Field(default=None, max_length=40)

    @field_validator("values", mode="before")
    @classmethod
    def _split_values(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("values")
    @classmethod
    def _short_values(cls, values: list[str]) -> list[str]:
        for v in values:
            if len(v) > 60:
                raise ValueError(f"company value '{v[:20]}…' is longer than 60 characters")
        return list(dict.fromkeys(values))

    @model_validator(mode="after")
    def _enough_questions(self) -> GenerationOptions:
        if self.questions < 2 * self.competencies:
            raise ValueError(
                f"{self.questions} questions cannot ask about {self.competencies} competencies twice each; "
                f"ask for at least {2 * self.competencies} questions or fewer competencies"
            )
        if self.questions > 4 * self.competencies:
            raise ValueError(
                f"ask for at most {4 * self.competencies} questions with {self.competencies} competencies"
            )
        return self
