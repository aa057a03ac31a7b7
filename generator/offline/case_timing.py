"""How the case study's minutes are spent: preparation, presentation and questions that fit its slot."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.agenda import TAKE_HOME_MINUTES

# Below this a case study is a role play without preparation.
PREPARED_FROM = 20
QUESTION_MINUTES = 5

_NUMBER = r"\d+|ten|fifteen|twenty|twenty-five|thirty|forty|forty-five|sixty|ninety"
# A library scenario's own timing: "The candidate has ten minutes to prepare", "a 20-minute segment".
_HAS_MINUTES = re.compile(rf"\b(has|have)\s+(?:{_NUMBER})\s+minutes\b", re.I)
_MINUTE_SEGMENT = re.compile(rf"\b(?:{_NUMBER})-minute\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class CaseTiming:
    """The case study's minutes and how they are spent, as one instruction to the panel."""

    minutes: int
    prepare: int
    present: int
    instruction: str


def case_timing(minutes: int | None) -> CaseTiming:
    """Split the case study's minutes into preparation, presentation and questions.

    Args:
        minutes: the case study's agenda minutes, or None when the agenda has no case study.

    Returns:
        30 minutes gives 10 to prepare, 15 to present and 5 for questions; under 20 minutes a
        role play without preparation; None a take-home or later-round exercise.
    """
    if minutes is None:
        return CaseTiming(
            TAKE_HOME_MINUTES,
            0,
            TAKE_HOME_MINUTES,
            "This interview is too short to run the case study: set it as an optional take-home "
            f"(allow about {TAKE_HOME_MINUTES} minutes) or run it at a later round, and send the "
            "scenario in writing.",
        )
    if minutes < PREPARED_FROM:
        play = max(minutes - QUESTION_MINUTES, 1)
        return CaseTiming(
            minutes,
            0,
            play,
            f"Run it as a {minutes}-minute role play without preparation: about {play} minutes "
            f"of role play and {minutes - play} for questions.",
        )
    questions = max(QUESTION_MINUTES, minutes // 6)
    prepare = minutes // 3
    present = minutes - prepare - questions
    return CaseTiming(
        minutes,
        prepare,
        present,
        f"Use the {minutes} minutes as follows: {prepare} minutes to prepare, {present} to "
        f"present and {questions} for questions.",
    )


def fit_durations(scenario: str, timing: CaseTiming) -> str:
    """Make the library scenario's own minute counts agree with the timing.

    "Has ten minutes to prepare" becomes the preparation time (the sentence is dropped when
    there is none); "a 20-minute segment" becomes the presentation time. Durations that are
    part of the story ("medication due in twenty minutes") are left alone.
    """
    sentences = []
    for sentence in _SENTENCE.split(scenario):
        if _HAS_MINUTES.search(sentence):
            if not timing.prepare:
                continue
            sentence = _HAS_MINUTES.sub(rf"\1 {timing.prepare} minutes", sentence)
        sentences.append(_MINUTE_SEGMENT.sub(f"{timing.present}-minute", sentence))
    return " ".join(sentences)
