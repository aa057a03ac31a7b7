"""The fair-interview topics: one YAML file each in `patterns/`, loaded and checked once.

A topic's `patterns` find wording that asks about a protected characteristic; its `allow`
patterns describe near-misses ("years of experience", "SQL UNION") that explain the same words
innocently: a match that overlaps an allowed phrase in the same text is ignored. Both are
case-insensitive, and a space in a pattern matches any run of white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from generator.errors import ScorecardError

PATTERN_DIR = Path(__file__).parent / "patterns"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A pattern starts at a word boundary and ends at one, optionally followed by a lookaround.
_BOUNDED = re.compile(r"^\\b.*\\b(?:\(\?<?[=!].*\))?$")
_TEXT_KEYS = ("topic", "label", "reason", "suggestion")
_LIST_KEYS = ("patterns", "allow")
_KEYS = {*_TEXT_KEYS, *_LIST_KEYS, "examples"}


class PatternFileError(ScorecardError):
    """A fair-interview pattern file is malformed; the message names the file and the fault."""


@dataclass(frozen=True)
class Topic:
    """One topic an interviewer must not ask about, with the wording that reveals it."""

    topic: str
    label: str
    reason: str
    suggestion: str
    patterns: tuple[str, ...]
    allow: tuple[str, ...]
    hits: tuple[str, ...]
    misses: tuple[str, ...]
    source: str
    matcher: re.Pattern[str] = field(repr=False, compare=False)
    allowed: re.Pattern[str] | None = field(repr=False, compare=False)


@lru_cache(maxsize=4)
def load_topics(pattern_dir: Path = PATTERN_DIR) -> tuple[Topic, ...]:
    """Load, check and compile every topic file, in file-name order.

    Raises:
        PatternFileError: a file is not valid YAML, lacks a key, or has a pattern that does not
            compile or lacks word boundaries (the message names the file).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: list[Topic] = []
    for path in sorted(pattern_dir.glob("*.yaml")):
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        except yaml.YAMLError as exc:
            raise PatternFileError(f"{path.name}: not valid YAML ({exc})") from exc
        found.append(_topic(raw, path.name))
    if not found:
        raise PatternFileError(f"No fair-interview topic files in {pattern_dir}.")
    return tuple(found)


def _topic(raw: object, source: str) -> Topic:
    if not isinstance(raw, dict):
        raise PatternFileError(f"{source}: expected a mapping of topic fields")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise PatternFileError(f"{source}: unknown key(s) {', '.join(map(str, unknown))}")
    for key in _TEXT_KEYS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise PatternFileError(f"{source}: '{key}' must be a non-empty string")
    slug = raw["topic"]
    if not _SLUG.match(slug) or f"{slug}.yaml" != source:
        raise PatternFileError(f"{source}: topic '{slug}' must be a slug matching the file name")
    patterns = _strings(raw, "patterns", source, required=True)
    allow = _strings(raw, "allow", source, required=False)
    for pattern in patterns:
        if not _BOUNDED.match(pattern):
            raise PatternFileError(
                f"{source}: pattern {pattern!r} must start with \\b and end with \\b (a lookahead may follow)"
            )
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict):
        raise PatternFileError(f"{source}: 'examples' must map hits and misses to lists")
    return Topic(
        topic=slug,
        label=raw["label"].strip(),
        reason=" ".join(raw["reason"].split()),
        suggestion=" ".join(raw["suggestion"].split()),
        patterns=patterns,
        allow=allow,
        hits=_strings(examples, "hits", source, required=False),
        misses=_strings(examples, "misses", source, required=False),
        source=source,
        matcher=_compile(patterns, source),
        allowed=_compile(allow, source) if allow else None,
    )


def _strings(raw: dict, key: str, source: str, *, required: bool) -> tuple[str, ...]:
    values = raw.get(key)
    if values is None and not required:
        return ()
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise PatternFileError(f"{source}: '{key}' must be a non-empty list of strings")
    return tuple(values)


def _compile(patterns: tuple[str, ...], source: str) -> re.Pattern[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise PatternFileError(
                f"{source}: pattern {pattern!r} does not compile ({exc})"
            ) from exc
    combined = "|".join(f"(?:{loosen_spaces(p)})" for p in patterns)
    return re.compile(combined, re.IGNORECASE)


def loosen_spaces(pattern: str) -> str:
    r"""Let a literal space outside a character class match any white space (` ?` becomes `\s*`)."""
    out: list[str] = []
    escaped = in_class = False
    chars = iter(enumerate(pattern))
    for index, char in chars:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == " " and not in_class:
            optional = pattern[index + 1 : index + 2] in ("?", "*")
            if optional:
                next(chars)
            out.append(r"\s*" if optional else r"\s+")
            continue
        out.append(char)
    return "".join(out)
