"""Turn HTML and Markdown remnants into plain text lines, keeping bullets and headings.

HTML is read in one forward scan rather than with html.parser: on the Python versions we run,
html.parser rescans the rest of the input for every unclosed '<' or '<!--', so 80 KB of "<a"
took six seconds and a 10 MB upload would never finish. Every pattern here stops at the next
'<' and never backtracks, each closing search starts where the last one ended, and reading stops
once the text passes the caller's limit or the file holds more tags than any posting needs.
"""

from __future__ import annotations

import html
import re
from re import Match

from generator.errors import InputError
from generator.intake_limits import HTML_MAX_TAGS, too_long

# Attributes stop at the next '<' too, so a run of "<b<b<b..." is not rescanned per '<'.
_TAG = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|span|section|table|tr|td)\b[^<>]*>", re.I
)
# Link text stops at the next '[' as well as ']' so that "[[[[..." is linear, not quadratic.
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)|(?<!\w)_(?!\s)([^_\n]+?)_(?!\w)"
)
_ANY_TAG = re.compile(r"<[^>\n]{1,200}>")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]{1,500})>", re.I)
_MD_ESCAPE = re.compile(r"\\([-\\`*_{}\[\]()#+.!&<>|~])")
_ESCAPED = 0xF000  # private-use offset that keeps an escaped ASCII character out of the markup
_BLOCK = {"p", "div", "section", "article", "ul", "ol", "table", "tr", "header", "footer", "br"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "head"}

# One construct at a '<'. As in html.parser, a quote opens a value only right after '=';
# unlike it, a quoted value cannot hold '<' (that is what keeps every search linear).
_MARKUP = re.compile(
    r"""<(?:
        (?P<start>[a-zA-Z][^\t\n\r\f />\x00<]*+)
        (?P<attrs>(?:[^<>"'=]++|=\s*+(?:"[^"<]*+"|'[^'<]*+')|[="'])*+)>
      | /\s*+(?P<end>[a-zA-Z][^\t\n\r\f />\x00<]*+)?[^<>]*+>
      | (?P<comment>!--)
      | (?P<cdata>!\[CDATA\[)
      | [!?][^<>]*+>
    )""",
    re.VERBOSE,
)
_CLOSE = {"comment": re.compile(r"--\s*>"), "cdata": re.compile(r"\]\s*\]\s*>")}
_RAW_END = {name: re.compile(rf"</\s*{name}\s*>", re.I) for name in ("script", "style")}
_LONG_CHARREF = re.compile(r"&#(?:([xX])([0-9a-fA-F]{30,})|([0-9]{30,}));?")
_DATA_CHUNK = 64 * 1024
_WINDOW = 256 * 1024

TOO_MUCH_HTML = (
    f"This HTML file has more than {HTML_MAX_TAGS:,} tags; "
    "save the posting as plain text or paste the text instead."
)


def looks_like_html(text: str) -> bool:
    """True when the text carries enough tags or entities to be treated as HTML."""
    return len(_TAG.findall(text[:20000])) >= 2 or "&nbsp;" in text


def unescape(text: str) -> str:
    """html.unescape, except that absurdly long numeric references cannot raise ValueError."""
    return html.unescape(_LONG_CHARREF.sub(_shorten_charref, text))


def _shorten_charref(match: Match[str]) -> str:
    # int() refuses more than 4,300 decimal digits; a value past 8 significant digits is out
    # of Unicode's range, which html.unescape turns into U+FFFD anyway.
    hexa = match.group(1) or ""
    digits = (match.group(2) or match.group(3)).lstrip("0")
    return "\ufffd" if len(digits) > 8 else f"&#{hexa}{digits or '0'};"


class _TextExtractor:
    """Collects text with line breaks for blocks, "- " for items and "## " for headings."""

    def __init__(self, max_chars: int | None) -> None:
        self.parts: list[str] = []
        self._skip = 0
        self._max_chars = max_chars
        self._visible = 0

    def handle_starttag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _HEADINGS:  # the page's <h1> names the role: keep it apart from sections
            self.parts.append("\n# " if tag == "h1" else "\n## ")
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK or tag in _HEADINGS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, raw: str) -> None:
        """Keep text outside script, style and head; stop as soon as it passes the limit."""
        if self._skip or not raw:
            return
        raw = _LONG_CHARREF.sub(_shorten_charref, raw)
        start = 0
        while start < len(raw):
            stop = start + _DATA_CHUNK
            if stop < len(raw):  # never split an entity: cut before a '&' near the boundary
                ampersand = raw.rfind("&", stop - 40, stop)
                stop = ampersand if ampersand > start else stop
            data = html.unescape(raw[start:stop])
            start = stop
            self.parts.append(data.replace("\n", " "))
            if self._max_chars is not None:
                self._visible += sum(map(len, data.split())) - data.count("\x00")
                if self._visible > self._max_chars:
                    raise too_long(self._visible, self._max_chars, at_least=True)


def html_to_text(text: str, *, max_chars: int | None = None) -> str:
    """Convert an HTML posting (or text with HTML left in) into plain text lines.

    Raises:
        InputError: the visible text passes `max_chars`, or the file has too many tags.
    """
    extractor = _TextExtractor(max_chars)
    unclosed: set[str] = set()  # constructs with no closing mark after the last try
    data_from = pos = tags = 0  # text[data_from:pos] is data not yet handed on
    window = _WINDOW
    while pos < len(text):
        # Search a window at a time so that a huge run of text without tags is handed on
        # (and counted against max_chars) as it is scanned, not after the whole file.
        end = min(len(text), pos + window)
        match = _MARKUP.search(text, pos, end)
        if match is None:
            cut = end if end == len(text) else text.rfind("<", pos, end)
            if cut == pos:  # a construct may start here and end past the window: widen it
                window *= 2
                continue
            pos = end if cut < 0 else cut
            extractor.handle_data(text[data_from:pos])
            data_from = pos
            continue
        window = _WINDOW
        kind = "comment" if match["comment"] else "cdata" if match["cdata"] else ""
        close = None if not kind or kind in unclosed else _CLOSE[kind].search(text, match.end())
        if kind and close is None:  # never closed: the '<' is text, as html.parser treated it
            unclosed.add(kind)
            pos = match.start() + 1
            extractor.handle_data(text[data_from:pos])
            data_from = pos
            continue
        tags += 1
        if tags > HTML_MAX_TAGS:
            raise InputError(TOO_MUCH_HTML)
        extractor.handle_data(text[data_from : match.start()])
        data_from = pos = close.end() if close else match.end()
        if match["end"]:
            extractor.handle_endtag(match["end"].lower())
        elif match["start"]:
            name = match["start"].lower()
            extractor.handle_starttag(name)
            if match["attrs"].rstrip().endswith("/"):
                extractor.handle_endtag(name)  # <br/>: html.parser reported start and end
            elif name in _RAW_END:  # script or style: skip to its end tag, or to the end
                raw_end = _RAW_END[name].search(text, pos)
                if raw_end is None:
                    return _lines(extractor.parts)
                extractor.handle_endtag(name)
                data_from = pos = raw_end.end()
    extractor.handle_data(text[data_from:])
    return _lines(extractor.parts)


def _lines(parts: list[str]) -> str:
    out = "".join(parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in out.split("\n")]
    return "\n".join(line for line in lines if line and line != "-")


def strip_inline_markup(line: str) -> str:
    """Remove Markdown links, escapes and emphasis and any stray tags or entities from one line.

    A link reads as its text and a bare autolink such as <https://example.com> is dropped, so that
    evidence quoted from the line reads as the posting does on screen.
    """
    line = _AUTOLINK.sub(" ", line)
    # Escaped characters stand aside (as private-use code points) while emphasis is removed.
    line = _MD_ESCAPE.sub(lambda m: chr(_ESCAPED + ord(m.group(1))), line)
    line = _ANY_TAG.sub(" ", line)
    line = unescape(line).replace("\xa0", " ")
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), line)
    line = "".join(
        chr(ord(ch) - _ESCAPED) if _ESCAPED < ord(ch) < _ESCAPED + 128 else ch for ch in line
    )
    return " ".join(line.split())
