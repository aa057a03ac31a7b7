"""The interview agenda, from a 30-minute screen to a full day, the same for both engines.

Each part has a shortest length worth having and a longest sensible one; short interviews merge
or drop parts, long ones get breaks (and lunch) and spread the competency questions over blocks.
The minutes always add up exactly to the interview length.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.profile import RoleProfile
from generator.schema import AgendaItem
from generator.weights import largest_remainder

CASE_STUDY = "Case Study / Role Play"
COMPETENCY_QUESTIONS = "Competency-Based Questions"
# Minutes to allow for the case study when the interview is too short to hold it.
TAKE_HOME_MINUTES = 45
# Interviews from these lengths have the part; shorter ones merge or drop it.
ROLE_OVERVIEW_FROM = 60
SCENARIOS_FROM = 45
CASE_STUDY_FROM = 60
# Long days: a break about every two hours of interviewing, lunch from six hours.
SESSION_MINUTES = 120
LUNCH_FROM = 360
LUNCH_MINUTES = 45
BLOCK_MOST = 45
BREAKS = ("Break", "Lunch Break")


@dataclass(frozen=True)
class Part:
    """One kind of agenda segment: its share of the default guide and its sensible lengths."""

    name: str
    weight: int  # its minutes in the guide's default 115-minute interview
    least: int
    most: int | None  # None: grows with the interview, split into blocks of BLOCK_MOST
    description: str


INTRODUCTION = Part(
    "Introduction",
    5,
    3,
    10,
    "Welcome the candidate, introduce the panel and explain the format.",
)
INTRODUCTION_AND_ROLE = Part(
    "Introduction",
    15,
    4,
    15,
    "Welcome the candidate, introduce the panel, explain the format and outline the {role} role.",
)
ROLE_OVERVIEW = Part(
    "Role Overview",
    10,
    5,
    20,
    "Discuss the responsibilities and expectations of the {role} role.",
)
QUESTIONS = Part(
    COMPETENCY_QUESTIONS,
    30,
    10,
    None,
    "Ask each competency's lead question and question-bank questions; take notes on evidence.",
)
SCENARIOS = Part(
    "Situational Scenarios",
    20,
    10,
    60,
    "Present each competency's scenario and probe the candidate's reasoning.",
)
CASE = Part(
    CASE_STUDY,
    30,
    15,
    90,
    "Run the case study and observe how the candidate applies their skills.",
)
CANDIDATE_QA = Part(
    "Candidate Q&A",
    15,
    5,
    30,
    "Answer the candidate's questions about the role, the team and {company}.",
)
CLOSING = Part(
    "Closing",
    5,
    2,
    10,
    "Thank the candidate and explain the next steps and timeline.",
)
CLOSING_WITHOUT_CASE = Part(
    "Closing",
    5,
    2,
    10,
    "Thank the candidate, explain the next steps and timeline, and say that the case study "
    "follows as a take-home or at a later round.",
)


def agenda_parts(minutes: int) -> list[Part]:
    """The parts an interview of this length has, in order (before breaks and blocks)."""
    parts = (
        [INTRODUCTION, ROLE_OVERVIEW] if minutes >= ROLE_OVERVIEW_FROM else [INTRODUCTION_AND_ROLE]
    )
    parts.append(QUESTIONS)
    if minutes >= SCENARIOS_FROM:
        parts.append(SCENARIOS)
    if minutes >= CASE_STUDY_FROM:
        parts.append(CASE)
    parts.append(CANDIDATE_QA)
    parts.append(CLOSING if minutes >= CASE_STUDY_FROM else CLOSING_WITHOUT_CASE)
    return parts


def break_minutes(minutes: int, extra: int = 0) -> list[int]:
    """The breaks of an interview of this length, in order: about one every two hours, lunch mid-day."""
    count = max(0, (minutes - 30) // SESSION_MINUTES) + extra
    breaks = [15 if minutes >= 240 else 10] * count
    if count and minutes >= LUNCH_FROM:
        breaks[count // 2] = LUNCH_MINUTES
    return breaks


def fit_minutes(total: int, parts: list[Part]) -> list[int]:
    """Split `total` over the parts in proportion to their weights, within each part's limits.

    A part that would fall below its shortest length gets that length, one that would pass its
    longest gets that; the rest share what is left, until every part is within its limits.
    """
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(parts)) if i not in fixed]
        left = total - sum(fixed.values())
        if not free:
            # Every part hit a limit: the growing part (the competency questions) takes the rest.
            grow = next(i for i, p in enumerate(parts) if p.most is None)
            fixed[grow] += left
            return [fixed[i] for i in range(len(parts))]
        shares = largest_remainder([float(parts[i].weight) for i in free], total=left, minimum=0)
        planned = dict(zip(free, shares, strict=True))
        short = {i: parts[i].least for i in free if planned[i] < parts[i].least}
        most = {i: parts[i].most for i in free}
        long = {i: m for i, m in most.items() if m is not None and planned[i] > m}
        if not short and not long:
            return [fixed.get(i, planned.get(i, 0)) for i in range(len(parts))]
        fixed.update(short or long)


def build_agenda(profile: RoleProfile, minutes: int) -> list[AgendaItem]:
    """The guide's segments for an interview of `minutes`; their minutes sum exactly to it.

    Args:
        profile: the role profile, for the role's title and the company's name.
        minutes: the interview length, 30 (a screen) to 480 (a full day).

    Returns:
        Agenda items in order: a screen has no scenarios or case study, a long day has breaks,
        lunch and several blocks of competency questions.
    """
    # One more break (up to two) when the segments fall so that a stretch runs past two hours.
    for extra in range(3):
        agenda = _agenda(profile, minutes, break_minutes(minutes, extra))
        if longest_stretch(agenda) <= SESSION_MINUTES:
            break
    return agenda


def longest_stretch(agenda: list[AgendaItem]) -> int:
    """The longest run of interviewing minutes without a break."""
    longest = stretch = 0
    for item in agenda:
        stretch = 0 if item.name in BREAKS else stretch + item.minutes
        longest = max(longest, stretch)
    return longest


def _agenda(profile: RoleProfile, minutes: int, breaks: list[int]) -> list[AgendaItem]:
    """The segments with these breaks placed among them."""
    parts = agenda_parts(minutes)
    planned = fit_minutes(minutes - sum(breaks), parts)
    company = profile.company or "the company"
    items: list[AgendaItem] = []
    for part, part_minutes in zip(parts, planned, strict=True):
        description = part.description.format(role=profile.title, company=company)
        if part.most is not None or part_minutes <= BLOCK_MOST:
            items.append(AgendaItem(name=part.name, minutes=part_minutes, description=description))
            continue
        blocks = -(-part_minutes // BLOCK_MOST)
        for i, block in enumerate(largest_remainder([1.0] * blocks, total=part_minutes), 1):
            items.append(
                AgendaItem(
                    name=f"{part.name} ({i} of {blocks})",
                    minutes=block,
                    description=f"Part {i} of {blocks}, taking the competencies in turn: "
                    + description[:1].lower()
                    + description[1:],
                )
            )
    return _with_breaks(items, breaks)


def _with_breaks(items: list[AgendaItem], breaks: list[int]) -> list[AgendaItem]:
    """Place each break at the segment boundary nearest an even split of the interviewing."""
    if not breaks:
        return items
    work = sum(item.minutes for item in items)
    ends, total = [], 0
    for item in items:
        total += item.minutes
        ends.append(total)
    sessions = len(breaks) + 1
    # Never straight after the introduction's first segment or just before the closing.
    boundaries = list(range(1, len(items) - 1))
    chosen: list[int] = []
    for n in range(1, sessions):
        target = work * n / sessions
        free = [b for b in boundaries if b not in chosen and (not chosen or b > chosen[-1])]
        chosen.append(min(free, key=lambda b: abs(ends[b - 1] - target)))
    out = list(items)
    for boundary, pause in sorted(zip(chosen, breaks, strict=True), reverse=True):
        lunch = pause == LUNCH_MINUTES
        out.insert(
            boundary,
            AgendaItem(
                name=BREAKS[1] if lunch else BREAKS[0],
                minutes=pause,
                description=(
                    "Lunch for the candidate and the panel; interviewers finish their notes "
                    "and do not compare ratings yet."
                    if lunch
                    else "A short break for the candidate and the panel; interviewers finish "
                    "their notes and do not compare ratings yet."
                ),
            ),
        )
    return out


def case_study_minutes(agenda: list[AgendaItem]) -> int | None:
    """The case study's minutes in the agenda, or None when the interview is too short to hold it."""
    return next((a.minutes for a in agenda if a.name.startswith(CASE_STUDY)), None)
