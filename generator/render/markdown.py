"""The printable interview guide in Markdown, in the guide's order and headings."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from generator.schema import Scorecard

CATEGORY_LABELS = {
    "technical": "Technical",
    "behavioral": "Behavioral",
    "culture_fit": "Culture Fit",
    "situational": "Situational",
}


_ENTITY = re.compile(r"&(?=#?\w+;)")


def _inert(value: object) -> object:
    """Every value written into the Markdown: raw HTML becomes visible text, never markup.

    Markdown viewers render inline HTML, so `<script>` in a company name (or in a model's text)
    would run there; `&lt;` shows the same character without being a tag.
    """
    if not isinstance(value, str):
        return value
    return _ENTITY.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: object) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output; the web pages use their own autoescaped templates
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_inert,
    )
    env.filters["cell"] = _cell
    env.filters["extract"] = lambda key, mapping: mapping.get(key, key)
    return env


def to_markdown(scorecard: Scorecard) -> str:
    """Render the interview guide plus the template's parts as Markdown."""
    names = {c.id: c.name for c in scorecard.competencies}
    return (
        _environment()
        .get_template("guide.md.j2")
        .render(card=scorecard, names=names, categories=CATEGORY_LABELS)
    )
