"""Downloads of a stored scorecard: Markdown, JSON (v1), the Excel workbook and a printable PDF."""

from __future__ import annotations

import re

from flask import render_template

from generator.render import to_json
from generator.render.markdown import to_markdown
from generator.render.xlsx import to_xlsx
from generator.schema import Scorecard

FORMATS = {
    "markdown": ("text/markdown; charset=utf-8", "md"),
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


def filename_for(scorecard: Scorecard, extension: str) -> str:
    """A download name after the role: 'registered-nurse-scorecard.xlsx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", scorecard.role.title.lower()).strip("-")[:60] or "scorecard"
    return f"{slug}-scorecard.{extension}"


def export(scorecard: Scorecard, fmt: str) -> tuple[bytes, str, str]:
    """(body, mimetype, filename) for one export format."""
    mimetype, extension = FORMATS[fmt]
    if fmt == "markdown":
        body = to_markdown(scorecard).encode("utf-8")
    elif fmt == "json":
        body = to_json(scorecard).encode("utf-8")
    elif fmt == "xlsx":
        body = to_xlsx(scorecard)
    else:
        from weasyprint import HTML  # imported on demand: it loads Pango

        html = render_template(
            "scorecards/print.html",
            card=scorecard,
            names={c.id: c.name for c in scorecard.competencies},
        )
        body = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return body, mimetype, filename_for(scorecard, extension)


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    """The PDF is built from our own template only; never fetch anything a text could point at."""
    raise ValueError(f"external resources are not loaded: {url[:60]}")
