"""The offline engine's stages: analyse, choose competencies, detail them, build the bank and the guide.

Deterministic: the same posting and options always give the same scorecard.
"""

from __future__ import annotations

from functools import lru_cache

from generator.library import Library, LibraryCompetency, load_library
from generator.offline.matching import CompetencyMatcher
from generator.offline.questions import build_question_bank
from generator.offline.selection import SelectedCompetency, select_competencies
from generator.offline.tailoring import describe_focus, fill, focus_terms
from generator.options import GenerationOptions
from generator.posting import JobPosting
from generator.profile import RoleProfile, profile_from_posting
from generator.schema import Competency, Prompt, RubricLevel
from generator.text import tokens

# Words that tie common company values to competencies when the value's own words do not.
VALUE_HINTS = {
    "ownership": "accountability reliable deadlines responsibility own",
    "accountab": "reliable deadlines own errors honest report",
    "curio": "learn learning research insights questions",
    "customer": "customer customers client clients patients service",
    "integrity": "safety compliance honest controls confidentiality accurate",
    "excellen": "quality accuracy detail standards",
    "quality": "quality accuracy detail standards",
    "innovat": "improvement improve creative design solve problems",
    "respect": "dignity respect relationships listening",
    "care": "care patients dignity wellbeing compassionate",
    "kind": "care dignity compassion patients",
    "team": "team collaboration colleagues together",
    "collaborat": "team collaboration colleagues together partners",
    "safe": "safety safe hazards",
    "trust": "relationships honest trusted advisor confidentiality",
    "growth": "learning growth develop expansion",
    "simplic": "clear communication simple",
    "transparen": "communication honest report",
    "courage": "escalate speak challenge difficult",
    "fearless": "escalate challenge difficult communication",
    "responsive": "resolve issues respond quickly service",
    "tenac": "persistent relationships follow renewal",
    "evolv": "learning adapt change keep up",
}


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
) -> list[SelectedCompetency]:
    """Stage 2: the competencies, weights, must-haves and verbatim evidence."""
    competency_matcher = matcher()
    matches = competency_matcher.score_lines(posting, profile.families)
    return select_competencies(
        matches, profile.families, competency_matcher.library, options.competencies, exclude=exclude
    )


def detail_competency(
    chosen: SelectedCompetency,
    profile: RoleProfile,
    *,
    variant: int = 0,
    library: Library | None = None,
) -> tuple[Competency, str | None]:
    """Stage 3: one competency's rubric, lead question, scenario and follow-ups, tailored to the role."""
    entry = (library or load_library()).competencies[chosen.id]
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


def align_value(entry: LibraryCompetency, values: list[str]) -> str | None:
    """The company value this competency best expresses, or None when none fits."""
    doc = set(tokens(entry.document))
    best, best_score = None, 0
    for value in values:
        words = set(tokens(value))
        for key, hint in VALUE_HINTS.items():
            if key in value.lower():
                words |= set(tokens(hint))
        score = len(words & doc)
        if score > best_score:
            best, best_score = value, score
    return best


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
        entry = library.competencies[competency.id]
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
    documents = {c.id: library.competencies[c.id].document for c in competencies}
    return build_question_bank(candidates, total, documents)


def case_study_family(profile: RoleProfile, competencies: list[Competency]):
    """The family whose case study fits: that of the heaviest non-general competency."""
    library = load_library()
    for competency in competencies:
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
