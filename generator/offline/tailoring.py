"""Tailor library wording to the role: its title, company and the tools and terms its posting names."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.library import LibraryCompetency

_PLACEHOLDER = re.compile(r"\{(role|company|focus)(?:\|([^{}]*))?\}")
_CAMEL = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]*$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9/&]{1,6}$")
_CREDENTIAL = re.compile(r"licen[cs]e|certif|\byears?\b|degree|qualification|\bcard\b", re.I)
_ARTICLE = re.compile(r"^(a|an|the)\s", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#./&-]*[A-Za-z0-9+#]|[A-Za-z]")
# Capitalised words that are not tools or products even mid-sentence.
_NOT_TERMS = frozenset(
    [
        "I",
        "UK",
        "US",
        "USA",
        "EU",
        "English",
        "Support",
        "Product",
        "Products",
        "Engineering",
        "Sales",
        "Marketing",
        "Finance",
        "Tier",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Level",
        "IT",
        "HR",
        "CEO",
        "CFO",
        "CTO",
        "VP",
        "PE",
        "TA",
        "ROI",
        "B2B",
        "SaaS",
        "OR",
        "NV",
        "OH",
        "YES",
        "NO",
        "PhD",
        "MBA",
        "BSc",
        "MSc",
        "BA",
        "BS",
        "MS",
        "GCSE",
        "GCSEs",
    ]
)


def focus_terms(
    evidence: list[str], competency: LibraryCompetency, *, exclude: set[str]
) -> list[str]:
    """Tools, products and domain phrases from a competency's evidence, most specific first."""
    tools: list[str] = []
    phrases: list[str] = []
    keywords = f" {competency.keywords.lower()} "
    for line in evidence:
        if _CREDENTIAL.search(
            line
        ):  # licences and degrees name credentials, not the tools of the job
            continue
        words = _WORD.findall(line)
        last = -2
        for i, word in enumerate(words):
            if word in _NOT_TERMS or word.lower() in exclude:
                continue
            if (
                _CAMEL.match(word)
                or (_ACRONYM.match(word) and len(word) >= 3)
                or (i > 0 and word[0].isupper() and word[1:].islower() and len(word) > 3)
            ):
                if last == i - 1 and tools:
                    tools[-1] = f"{tools[-1]} {word}"  # one name: "Active Directory"
                else:
                    tools.append(word)
                last = i
        lowered = [w.lower() for w in words]
        for size in (3, 2):
            for i in range(len(words) - size + 1):
                gram = " ".join(lowered[i : i + size])
                if f" {gram} " in keywords:
                    phrases.append(" ".join(words[i : i + size]))
    ordered = list(dict.fromkeys(tools + phrases))
    return [t for t in ordered if t.lower() not in exclude][:4]


def describe_focus(terms: list[str]) -> str | None:
    """The single term that fills a {focus} slot: pairs of unrelated names read clumsily."""
    return terms[0] if terms else None


def fill(
    text: str,
    *,
    role: str | None,
    company: str | None,
    focus: str | None,
    posting: str | None = "",
) -> str:
    """Replace {role}, {company} and {focus|fallback} placeholders in library text.

    A fallback the posting itself uses ("dbt", "Klaviyo") is kept: it is already the role's own term.
    """
    folded_posting = _folded(posting or "")

    def replace(match: re.Match[str]) -> str:
        name, fallback = match.group(1), match.group(2)
        if name == "role":
            return role or "the role"
        if name == "company":
            return company or "the company"
        if (
            fallback
            and folded_posting
            and re.search(rf"\b{re.escape(fallback.casefold())}\b", folded_posting)
        ):
            return fallback
        if not focus:
            return fallback or "your work"
        if focus[0].islower():
            # A domain phrase only fits a slot written for a noun phrase ("an early warning score").
            return f"the {focus}" if fallback and _ARTICLE.match(fallback) else (fallback or focus)
        return focus

    filled = _PLACEHOLDER.sub(replace, text)
    return filled[:1].upper() + filled[1:]


@lru_cache(maxsize=16)
def _folded(text: str) -> str:
    """The case-folded posting, folded once per scorecard rather than once per slot."""
    return text.casefold()
