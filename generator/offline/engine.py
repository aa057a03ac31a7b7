"""The offline engine's stages: analyse, choose competencies, detail them, build the bank and the guide.

Deterministic: the same posting and options always give the same scorecard.
"""

from __future__ import annotations

from functools import lru_cache

from generator.library import Library, LibraryCompetency, load_library
from generator.offline import derived, derived_material
from generator.offline.eligibility import home_families
from generator.offline.matching import CompetencyMatcher
from generator.offline.questions import build_question_bank
from generator.offline.selection import (
    SelectedCompetency,
    Selection,
    select_competencies,
)
from generator.offline.tailoring import describe_focus, fill, focus_terms
from generator.options import GenerationOptions
from generator.posting import JobPosting
from generator.profile import RoleProfile, profile_from_posting
from generator.schema import Competency, Prompt, Question, RubricLevel
from generator.text import tokens
from generator.values import align_value

# A family named by the job title joins the posting's own at this share of the top family's score.
TITLE_FAMILY_SHARE = 0.6


@lru_cache(maxsize=1)
def matcher() -> CompetencyMatcher:
    """The BM25 matcher over the library, built once per process."""
    return CompetencyMatcher(load_library())


def analyse(posting: JobPosting, options: GenerationOptions) -> RoleProfile:
    """Stage 1: the role profile, with the role families the posting belongs to."""
    families = matcher().rank_families(posting)
    return profile_from_posting(posting, options, families)


def choose_competencies(
    posting: JobPosting,
    profile: RoleProfile,
    options: GenerationOptions,
    *,
    exclude: set[str] | None = None,
) -> Selection:
    """Stage 2: the competencies, weights, must-haves and verbatim evidence, with confidence."""
    competency_matcher = matcher()
    family_scores = competency_matcher.family_scores(posting)
    # A family the job title names is the posting's own when the posting backs it up too.
    top = max(family_scores.values(), default=0.0)
    named = {
        f
        for f in competency_matcher.title_families(posting)
        if family_scores.get(f, 0.0) >= TITLE_FAMILY_SHARE * top
    }
    home = home_families(profile.families, family_scores) | named
    matches = competency_matcher.score_lines(posting, profile.families, home)
    return select_competencies(
        matches,
        profile.families,
        family_scores,
        competency_matcher.library,
        options.competencies,
        role=profile.title,
        exclude=exclude,
        home=home,
    )


def entry_for(
    competency_id: str, name: str, evidence: list[str], role: str, library: Library | None = None
) -> LibraryCompetency:
    """The library entry of a competency, or the one built from the posting's lines."""
    library = library or load_library()
    if competency_id in library.competencies:
        return library.competencies[competency_id]
    return derived_material.build_competency(name, evidence, role=role)


def detail_competency(
    chosen: SelectedCompetency,
    profile: RoleProfile,
    *,
    variant: int = 0,
    library: Library | None = None,
) -> tuple[Competency, str | None]:
    """Stage 3: one competency's rubric, lead question, scenario and follow-ups, tailored to the role."""
    entry = chosen.entry or (library or load_library()).competencies[chosen.id]
    exclude = {w.lower() for w in f"{profile.title} {profile.company or ''}".split()}
    focus = describe_focus(focus_terms(chosen.evidence, entry, exclude=exclude))
    values = {
        "role": profile.title,
        "company": profile.company,
        "focus": focus,
        "posting": profile.text,
    }
    lead = entry.leads[variant % len(entry.leads)]
    scenario = entry.scenarios[variant % len(entry.scenarios)]
    deeper = [entry.deeper[(variant + i) % len(entry.deeper)] for i in range(3)]
    competency = Competency(
        id=entry.id,
        name=entry.name,
        description=fill(entry.definition, **values),
        weight=chosen.weight,
        must_have=chosen.must_have,
        value=align_value(entry, profile.values),
        evidence=chosen.evidence,
        confidence=chosen.confidence or None,
        rubric=[
            RubricLevel(score=i, description=fill(text, **values))
            for i, text in enumerate(entry.rubric, start=1)
        ],
        lead_question=Prompt(
            text=fill(lead.text, **values), look_for=fill(lead.look_for, **values)
        ),
        situational_scenario=Prompt(
            text=fill(scenario.text, **values), look_for=fill(scenario.look_for, **values)
        ),
        diving_deeper=[fill(d, **values) for d in deeper],
    )
    return competency, focus


def question_bank(
    competencies: list[Competency],
    focuses: dict[str, str | None],
    profile: RoleProfile,
    total: int,
    *,
    rotate: int = 0,
):
    """Stage 4: the bank of `total` questions, tailored, balanced and free of near-duplicates."""
    library = load_library()
    candidates = []
    for competency in competencies:
        entry = entry_for(
            competency.id, competency.name, competency.evidence, profile.title, library
        )
        values = {
            "role": profile.title,
            "company": profile.company,
            "focus": focuses.get(competency.id),
            "posting": profile.text,
        }
        options = [
            (q, fill(q.text, **values), tuple(fill(f, **values) for f in q.follow_ups))
            for q in entry.questions
        ]
        if rotate:
            options = options[rotate % len(options) :] + options[: rotate % len(options)]
        candidates.append((competency.id, float(competency.weight), options))
    documents = {
        c.id: entry_for(c.id, c.name, c.evidence, profile.title, library).document
        for c in competencies
    }
    return anchor_to_posting(build_question_bank(candidates, total, documents), competencies)


def anchor_to_posting(questions: list[Question], competencies: list[Competency]) -> list[Question]:
    """Give a question that uses none of the posting's words a probe that ties it to a duty.

    Each competency's evidence lines are used in turn, so the probes differ and each one puts
    the candidate's answer next to something this role will actually do.
    """
    evidence = {c.id: c.evidence for c in competencies}
    used: dict[str, int] = {}
    out = []
    for question in questions:
        lines = evidence.get(question.competencies[0], [])
        words = set(tokens(" ".join([question.text, *question.follow_ups])))
        if (
            lines
            and len(question.follow_ups) < 3
            and not any(derived.distinctive(line) & words for line in lines)
        ):
            turn = used.get(question.competencies[0], 0)
            used[question.competencies[0]] = turn + 1
            probe = _probe(lines[turn % len(lines)])
            question = question.model_copy(update={"follow_ups": [*question.follow_ups, probe]})
        out.append(question)
    return out


def _probe(line: str) -> str:
    verb, phrase = derived.duty_phrase(line)
    text = derived.shorten(phrase)
    if verb:
        return f"Here you would {text}. How would you go about that?"
    return f"The posting asks for {text}. Where have you shown that?"


def case_study_family(profile: RoleProfile, competencies: list[Competency]):
    """The family whose case study fits: that of the heaviest non-general competency."""
    library = load_library()
    for competency in competencies:
        if competency.id not in library.competencies:
            continue
        family = library.competencies[competency.id].family
        if family != "general" and library.families[family].case_study:
            return library.families[family]
    return library.families[profile.families[0]]


__all__ = [
    "analyse",
    "case_study_family",
    "choose_competencies",
    "detail_competency",
    "matcher",
    "question_bank",
]
