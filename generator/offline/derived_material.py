"""The interview material of a competency built from the posting: definition, rubric, questions.

Written in the library's shapes from the competency's evidence lines, so that the same lines
always give the same material.
"""

from __future__ import annotations

from generator.library import CATEGORIES, LibraryCompetency, LibraryPrompt, LibraryQuestion
from generator.offline.derived import (
    FAMILY,
    derived_id,
    distinctive,
    duty_phrase,
    in_sentence,
    shorten,
)
from generator.text import lower_first


def build_competency(name: str, evidence: list[str], *, role: str) -> LibraryCompetency:
    """A full competency in the library's shape, written from its evidence lines."""
    label = in_sentence(name)
    duties = [duty_phrase(line) for line in evidence]
    verb_duties = [shorten(p).replace(" our ", " the ") for v, p in duties if v]
    first = verb_duties[0] if verb_duties else None
    second = verb_duties[1] if len(verb_duties) > 1 else first
    definition = (
        f"Can {first} to the standard the {{role}} needs"
        + (f", and {second}" if second != first else "")
        + "."
        if first
        else f"Brings what the posting asks for in {label}: {lower_first(shorten(duties[0][1]))}."
    )
    doing = f"can {first}" if first else f"meets what the posting asks for in {label}"
    rubric = (
        f"Has no real experience of {label} and cannot describe how it is done.",
        f"Has done some {label} with close guidance; would need support to work to the posting's standard.",
        f"Handles {label} reliably on their own: {doing}, and explains the choices they make.",
        f"Handles demanding {label} work well, anticipates problems before they land and helps colleagues improve.",
        f"Sets the standard for {label}: improves how the team does it and is the person others ask for advice.",
    )
    if first:
        leads = (
            LibraryPrompt(
                f"Tell me about a recent time you had to {first}. What did you do, and how did it turn out?",
                "A specific example, their own part in it, the steps they took and a result they can describe.",
            ),
            LibraryPrompt(
                f"Walk me through how you {second}, step by step.",
                "A clear, practical method, the checks they make and why each step matters.",
            ),
        )
    else:
        leads = (
            LibraryPrompt(
                f"Tell me about the {label} you have done most recently. What was your part in it?",
                "A specific, recent example with their own contribution and what came of it.",
            ),
            LibraryPrompt(
                f"What does good {label} look like in a role like this one?",
                "A concrete picture of the standard, drawn from their own experience.",
            ),
        )
    scenarios = (
        LibraryPrompt(
            f"You are asked to {first or f'take on a piece of {label}'} at short notice, and halfway "
            "through you find a problem that could affect the result. What do you do?",
            "Pausing to assess, fixing or escalating the problem, telling the right people and not hiding it.",
        ),
        LibraryPrompt(
            f"A new colleague asks you how to approach {label}. What do you show them first, and which mistakes do you warn them about?",
            "Sound priorities, the common mistakes named concretely, and patience in explaining.",
        ),
    )
    deeper = (
        "What do you check before you start, and why?",
        f"What is the most common mistake in {label}, and how do you avoid it?",
        "How do you know the work was done well?",
        "What would you do differently next time?",
    )
    unique = list(dict.fromkeys(verb_duties))
    if unique:
        # Each question names a different duty, so no two read alike.
        third = unique[-1]
        behavioral = (
            f"Tell me about a time you had to {unique[1]} and it did not go to plan."
            if len(unique) >= 3
            else f"Describe a time when your {label} did not go to plan."
        )
        urgent = (
            f"You are due to {unique[0]} when a more urgent request arrives. What do you do?"
            if len(unique) >= 2
            else f"Two urgent pieces of {label} land at once and you can finish only one on time. What do you do?"
        )
        texts = {
            "technical": (
                f"Talk me through how you {third}. Which steps matter most?",
                (
                    "What tools or methods do you rely on?",
                    "What can go wrong, and how do you catch it?",
                ),
            ),
            "behavioral": (
                behavioral,
                ("What did you do about it?", "What would you do differently now?"),
            ),
            "culture_fit": (
                f"What does doing {label} well mean to you, and how do you keep your standard up when you are busy?",
                ("Whose feedback do you ask for?", "Give me an example."),
            ),
            "situational": (
                urgent,
                ("Who do you tell?", "How do you decide which comes first?"),
            ),
        }
    else:
        texts = {
            "technical": (
                f"Which methods and tools do you use for {label}?",
                ("Which do you rely on most?", "What can go wrong, and how do you catch it?"),
            ),
            "behavioral": (
                f"Describe a time when your {label} did not go to plan.",
                ("What did you do about it?", "What would you do differently now?"),
            ),
            "culture_fit": (
                f"What does doing {label} well mean to you?",
                (
                    "How do you keep your standards up when you are busy?",
                    "Whose feedback do you ask for?",
                ),
            ),
            "situational": (
                f"Two urgent pieces of {label} land at once and you can finish only one on time. What do you do?",
                ("Who do you tell?", "How do you decide which comes first?"),
            ),
        }
    keywords = " ".join(sorted({w for line in evidence for w in distinctive(line)}))
    return LibraryCompetency(
        id=derived_id(name),
        name=name,
        family=FAMILY,
        keywords=f"{name.lower()} {keywords}",
        definition=definition.replace("{role}", role or "role"),
        rubric=rubric,
        leads=leads,
        scenarios=scenarios,
        deeper=deeper,
        questions=tuple(
            LibraryQuestion(category=c, text=texts[c][0], follow_ups=texts[c][1])
            for c in CATEGORIES
        ),
    )
