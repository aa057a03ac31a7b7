"""The curated competency library: data files per role family, loaded and checked once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from generator.errors import ScorecardError

DATA_DIR = Path(__file__).parent / "data"
CATEGORIES = ("technical", "behavioral", "culture_fit", "situational")
LIBRARY_VERSION = "2026.11-2"


@dataclass(frozen=True)
class LibraryPrompt:
    text: str
    look_for: str


@dataclass(frozen=True)
class LibraryQuestion:
    category: str
    text: str
    follow_ups: tuple[str, ...]


@dataclass(frozen=True)
class LibraryCompetency:
    """One competency as written in the library, with placeholders still in its text."""

    id: str
    name: str
    family: str
    keywords: str
    definition: str
    rubric: tuple[str, ...]
    leads: tuple[LibraryPrompt, ...]
    scenarios: tuple[LibraryPrompt, ...]
    deeper: tuple[str, ...]
    questions: tuple[LibraryQuestion, ...]

    @property
    def document(self) -> str:
        """The text that retrieval matches job description lines against."""
        return f"{self.name} {self.name} {self.keywords} {self.keywords} {self.definition}"


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    signals: tuple[str, ...]
    case_study: dict[str, object] | None = None
    competency_ids: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Library:
    competencies: dict[str, LibraryCompetency]
    families: dict[str, Family]


@lru_cache(maxsize=1)
def load_library(data_dir: Path = DATA_DIR) -> Library:
    """Load and check every family file.

    Raises:
        ScorecardError: a data file is malformed (names the file and entry).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    competencies: dict[str, LibraryCompetency] = {}
    families: dict[str, Family] = {}
    for path in sorted(data_dir.glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        family_id = raw["family"]
        ids = []
        for entry in raw["competencies"]:
            competency = _competency(entry, family_id, path.name)
            if competency.id in competencies:
                raise ScorecardError(
                    f"{path.name}: competency id '{competency.id}' is defined twice"
                )
            competencies[competency.id] = competency
            ids.append(competency.id)
        families[family_id] = Family(
            id=family_id,
            label=raw.get("label", family_id),
            signals=tuple((raw.get("signals") or "").lower().split()),
            case_study=raw.get("case_study"),
            competency_ids=tuple(ids),
        )
    return Library(competencies=competencies, families=families)


def _competency(entry: dict, family: str, source: str) -> LibraryCompetency:
    where = f"{source}: {entry.get('id', '?')}"
    try:
        questions = tuple(
            LibraryQuestion(
                category=cat,
                text=entry["questions"][cat][0],
                follow_ups=tuple(entry["questions"][cat][1]),
            )
            for cat in CATEGORIES
        )
        competency = LibraryCompetency(
            id=entry["id"],
            name=entry["name"],
            family=family,
            keywords=entry["keywords"],
            definition=entry["definition"],
            rubric=tuple(entry["rubric"]),
            leads=tuple(LibraryPrompt(*pair) for pair in entry["lead"]),
            scenarios=tuple(LibraryPrompt(*pair) for pair in entry["scenario"]),
            deeper=tuple(entry["deeper"]),
            questions=questions,
        )
    except (KeyError, TypeError, IndexError) as exc:
        raise ScorecardError(f"{where}: malformed entry ({exc})") from exc
    if len(competency.rubric) != 5 or not all(level.strip() for level in competency.rubric):
        raise ScorecardError(f"{where}: the rubric needs five non-empty levels")
    if len(competency.deeper) < 3 or not competency.leads or not competency.scenarios:
        raise ScorecardError(f"{where}: needs a lead question, a scenario and three follow-ups")
    return competency
