"""The role profile: what the analysis stage learns about a job before competencies are chosen."""

from __future__ import annotations

from pydantic import BaseModel, Field

from generator import posting_rules as rules
from generator.options import GenerationOptions
from generator.posting import JobPosting
from generator.values import values_from_posting


class RoleProfile(BaseModel):
    """Title, seniority, duties, requirements and context of one job, from its posting."""

    title: str
    company: str | None = None
    seniority: str | None = None
    work_mode: str | None = None
    location: str | None = None
    summary: str = ""
    responsibilities: list[str] = Field(default_factory=list)
    requirements: list[str] = Field(default_factory=list)
    domain_terms: list[str] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)
    families: list[str] = Field(default_factory=list)
    text: str = Field(default="", exclude=True, repr=False)


def infer_seniority(title: str, requirements: list[str]) -> str | None:
    """Seniority from the title's words, else from the years of experience asked for."""
    for level, pattern in rules.SENIORITY_WORDS:
        if pattern.search(title):
            return level
    years = [int(m.group(1)) for line in requirements for m in rules.YEARS.finditer(line)]
    if not years:
        return None
    most = max(y for y in years if y < 40) if any(y < 40 for y in years) else 0
    if most <= 1:
        return "entry"
    if most <= 4:
        return "mid"
    if most <= 7:
        return "senior"
    return "lead"


def profile_from_posting(
    posting: JobPosting, options: GenerationOptions, families: list[str]
) -> RoleProfile:
    """Build the role profile from a parsed posting and the recruiter's options."""
    summary = posting.summary or (
        f"The {posting.title} will "
        + "; ".join(r[:1].lower() + r[1:] for r in posting.responsibilities[:2])
        + "."
        if posting.responsibilities
        else f"The {posting.title} role."
    )
    return RoleProfile(
        title=posting.title,
        company=options.company or posting.company,
        seniority=options.seniority or infer_seniority(posting.title, posting.requirements),
        work_mode=posting.work_mode,
        location=posting.location,
        summary=summary,
        responsibilities=posting.responsibilities,
        requirements=posting.requirements,
        values=options.values or values_from_posting(posting),
        families=families,
        text=posting.text,
    )
