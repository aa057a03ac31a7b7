"""Regenerate one part of a scorecard (a competency's content, the question bank or the case study).

Every other part is kept as it is. With a model, the part's stage runs again with the user's
instruction ("more technical", "for a junior hire"); offline, the next-best library content is used.
"""

from __future__ import annotations

import asyncio
import threading

from generator.errors import InputError
from generator.library import load_library
from generator.llm.cancel import run_cancellable
from generator.offline import derived, derived_material, engine
from generator.offline.guide import build_case_study
from generator.offline.selection import SelectedCompetency
from generator.offline.tailoring import fill
from generator.posting import parse_posting
from generator.profile import RoleProfile
from generator.schema import Competency, Scorecard
from generator.settings import LLMSettings

PARTS_HELP = "Choose 'questions', 'case_study' or 'competency:<id>'."


def regenerate_part(
    scorecard: Scorecard,
    part: str,
    *,
    instruction: str | None = None,
    settings: LLMSettings | None = None,
    provider: object | None = None,
    cancel: threading.Event | None = None,
) -> Scorecard:
    """Return a new scorecard with `part` regenerated and everything else unchanged.

    Raises:
        InputError: the part is unknown.
        GenerationError: the model failed; the original scorecard is untouched.
    """
    settings = settings or LLMSettings.from_env()
    instruction = (instruction or "").strip()[:500] or None
    profile = _profile(scorecard)
    kind, _, competency_id = part.partition(":")
    if kind == "competency":
        try:
            current = scorecard.competency(competency_id)
        except KeyError:
            raise InputError(
                f"No competency '{competency_id}' in this scorecard. {PARTS_HELP}"
            ) from None
    elif kind not in {"questions", "case_study"}:
        raise InputError(f"Unknown part '{part}'. {PARTS_HELP}")
    if settings.offline:
        update = _offline(scorecard, kind, profile, current if kind == "competency" else None)
    else:
        update = asyncio.run(
            run_cancellable(
                _with_model(
                    scorecard, kind, profile, settings, provider, instruction, competency_id
                ),
                cancel,
            )
        )
    note = f"regenerated {part}" + (f" ({instruction})" if instruction else "")
    provenance = scorecard.provenance.model_copy(
        update={"repairs": [*scorecard.provenance.repairs, note]}
    )
    data = scorecard.model_dump()
    data.update(update)
    data["provenance"] = provenance.model_dump()
    return Scorecard.model_validate(data)


def _profile(card: Scorecard) -> RoleProfile:
    text = card.job_description.text or "\n".join(
        [
            card.job_description.title,
            *card.job_description.responsibilities,
            *card.job_description.requirements,
        ]
    )
    posting = parse_posting(text)
    return RoleProfile(
        title=card.role.title,
        company=card.role.company,
        seniority=card.role.seniority,
        work_mode=card.role.work_mode,
        summary=card.role.summary,
        responsibilities=card.job_description.responsibilities,
        requirements=card.job_description.requirements,
        values=card.company_values,
        families=engine.matcher().rank_families(posting),
        text=text,
    )


def _offline(card: Scorecard, kind: str, profile: RoleProfile, current: Competency | None) -> dict:
    if kind == "competency" and current is not None:
        chosen = SelectedCompetency(
            id=current.id,
            evidence=current.evidence,
            weight=current.weight,
            must_have=current.must_have,
        )
        if derived.is_derived(current.id):
            chosen.entry = derived_material.build_competency(
                current.name, current.evidence or [current.description], role=profile.title
            )
        elif current.id not in load_library().competencies:
            raise InputError(
                f"'{current.name}' was written by a model; regenerate it with a model configured."
            )
        for variant in range(1, 4):
            fresh, _ = engine.detail_competency(chosen, profile, variant=variant)
            if (
                fresh.lead_question != current.lead_question
                or fresh.diving_deeper != current.diving_deeper
            ):
                break
        fresh = fresh.model_copy(
            update={
                "name": current.name,
                "description": current.description,
                "value": current.value,
                "confidence": current.confidence,
            }
        )
        return {
            "competencies": [
                fresh.model_dump() if c.id == current.id else c.model_dump()
                for c in card.competencies
            ]
        }
    focuses: dict[str, str | None] = {c.id: None for c in card.competencies}
    if kind == "questions":
        current_texts = [q.text for q in card.questions]
        for rotate in range(1, 4):
            bank = engine.question_bank(
                card.competencies, focuses, profile, len(card.questions), rotate=rotate
            )
            if [q.text for q in bank] != current_texts:
                break
        return {"questions": [q.model_dump() for q in bank]}
    library = load_library()
    families = [f for f in profile.families if library.families[f].case_study]
    used = next(
        (
            f
            for f in families
            if fill(
                str((library.families[f].case_study or {}).get("title", "")),
                role=profile.title,
                company=profile.company,
                focus=None,
            )[:12]
            == card.case_study.title[:12]
        ),
        None,
    )
    ordered = [f for f in families if f != used] or families
    case = build_case_study(
        profile, library.families[ordered[0]], card.competencies, None, card.case_study.minutes
    )
    return {"case_study": case.model_dump()}


async def _with_model(card, kind, profile, settings, provider, instruction, competency_id) -> dict:
    from generator.llm import question_bank, stages
    from generator.llm.drafts import CompetencyDraft
    from generator.llm.provider import LiteLLMProvider
    from generator.llm.structured import RunContext

    ctx = RunContext(settings=settings, provider=provider or LiteLLMProvider(settings))
    drafts = [
        CompetencyDraft(
            **{k: v for k, v in c.model_dump().items() if k in CompetencyDraft.model_fields}
        )
        for c in card.competencies
    ]
    if kind == "competency":
        draft = next(d for d in drafts if d.id == competency_id)
        fresh = await stages.detail(ctx, profile, draft, instruction)
        return {
            "competencies": [
                fresh.model_dump() if c.id == competency_id else c.model_dump()
                for c in card.competencies
            ]
        }
    if kind == "questions":
        questions = await question_bank.question_bank(
            ctx, profile, drafts, len(card.questions), instruction
        )
        return {"questions": [q.model_dump() for q in questions]}
    posting = parse_posting(profile.text)
    case = await stages.case_study(
        ctx, posting, profile, drafts, card.case_study.minutes, instruction
    )
    return {"case_study": case.model_dump()}
