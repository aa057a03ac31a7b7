"""The interview's plan, the same whichever engine writes the content: agenda, bank mix and the guide's introduction."""

from __future__ import annotations

from generator.agenda import build_agenda, case_study_minutes
from generator.library import CATEGORIES
from generator.profile import RoleProfile
from generator.schema import Competency
from generator.text import join_words
from generator.weights import largest_remainder

__all__ = ["build_about", "build_agenda", "case_study_minutes", "plan_category_targets"]

CATEGORY_SHARE = {"technical": 0.3, "behavioral": 0.3, "culture_fit": 0.2, "situational": 0.2}


def plan_category_targets(total: int) -> dict[str, int]:
    """How many questions of each category a bank of `total` should hold."""
    counts = largest_remainder([CATEGORY_SHARE[c] for c in CATEGORIES], total=total, minimum=1)
    return dict(zip(CATEGORIES, counts, strict=True))


def build_about(
    profile: RoleProfile, competencies: list[Competency], minutes: int, questions: int
) -> str:
    """What the guide is for and how to use it, naming the company and role."""
    team = f"the hiring team at {profile.company}" if profile.company else "the hiring team"
    musts = [c.name for c in competencies if c.must_have]
    values = (
        f", aligned with the company values ({join_words(profile.values)})"
        if profile.values
        else ""
    )
    return (
        f"This guide helps {team} assess candidates for the {profile.title} role fairly and consistently. "
        f"It sets out {len(competencies)} competencies drawn from the job description{values}, weighted by how much "
        f"of the role each one carries; {join_words(musts)} {'is a must-have' if len(musts) == 1 else 'are must-haves'}, "
        f"so a rating of 1 or 2 there is a disqualifier. Use the agenda to pace the {minutes}-minute interview, ask "
        f"each competency's lead question and scenario, draw on the {questions}-question bank, and run the case study. "
        f"Each interviewer rates every competency from 1 to 5 against its rubric and notes the evidence before the "
        f"panel discusses, so that the weighted totals compare candidates on the same footing."
    )
