"""Put a scorecard's parts together and validate them: where both engines end."""

from __future__ import annotations

from pydantic import ValidationError

from generator.errors import InputError, InvalidScorecardError
from generator.interview_plan import build_about
from generator.options import GenerationOptions
from generator.posting import JobPosting
from generator.profile import RoleProfile
from generator.schema import (
    AgendaItem,
    CandidateQA,
    CaseStudy,
    Competency,
    JobDescription,
    Provenance,
    Question,
    Role,
    Scorecard,
)


def assemble(
    *,
    posting: JobPosting,
    profile: RoleProfile,
    options: GenerationOptions,
    agenda: list[AgendaItem],
    competencies: list[Competency],
    questions: list[Question],
    case_study: CaseStudy,
    candidate_qa: list[CandidateQA],
    provenance: Provenance,
) -> Scorecard:
    """Put the parts together and validate them; raise rather than return anything invalid.

    Both engines end here: the role, the guide's introduction and the job description are
    derived the same way whoever wrote the rest.

    Raises:
        InvalidScorecardError: the parts break the schema or an invariant.
    """
    try:
        return Scorecard(
            role=Role(
                title=profile.title,
                company=profile.company,
                seniority=profile.seniority,
                work_mode=profile.work_mode,
                summary=profile.summary,
            ),
            job_description=JobDescription(
                title=profile.title,
                summary=posting.summary,
                responsibilities=posting.responsibilities,
                requirements=posting.requirements,
                text=posting.text,
            ),
            about=build_about(profile, competencies, options.minutes, len(questions)),
            company_values=profile.values,
            interview_minutes=options.minutes,
            agenda=agenda,
            competencies=competencies,
            questions=questions,
            case_study=case_study,
            candidate_qa=candidate_qa,
            provenance=provenance,
        )
    except ValidationError as exc:
        messages = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise InvalidScorecardError(
            "The generated scorecard is invalid: " + "; ".join(messages), messages
        ) from exc


def require_duties(posting: JobPosting) -> None:
    """Refuse text that is not a job: no duty or requirement line to build competencies from.

    Raises:
        InputError: with a sentence saying what is missing.
    """
    if not posting.of_kind("responsibility", "requirement"):
        raise InputError(
            "This text has no duties or requirements in it (only things like a company "
            "introduction, benefits or how to apply), so there is nothing to build competencies "
            "from. Paste the whole job description, including what the person will do and what "
            "they need to bring."
        )
