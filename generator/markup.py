"""Turn HTML and Markdown remnants into plain text lines, keeping bullets and headings."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_TAG = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|span|section|table|tr|td)\b[^>]*>", re.I
)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)|(?<!\w)_(?!\s)([^_\n]+?)_(?!\w)"
)
_ANY_TAG = re.compile(r"<[^>\n]{1,200}>")
_BLOCK = {"p", "div", "section", "article", "ul", "ol", "table", "tr", "header", "footer", "br"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def looks_like_html(text: str) -> bool:
    """True when the text carries enough tags or entities to be treated as HTML."""
    return len(_TAG.findall(text[:20000])) >= 2 or "&nbsp;" in text


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "head"}:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _HEADINGS:
            self.parts.append("\n## ")
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head"}:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK or tag in _HEADINGS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", " "))


def html_to_text(text: str) -> str:
    """Convert an HTML posting (or text with HTML left in) into plain text lines."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in out.split("\n")]
    return "\n".join(line for line in lines if line and line != "-")


def strip_inline_markup(line: str) -> str:
    """Remove Markdown links and emphasis and any stray tags or entities from one line."""
    line = _ANY_TAG.sub(" ", line)
    line = html.unescape(line).replace("\xa0", " ")
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), line)
    return " ".join(line.split())
