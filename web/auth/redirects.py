"""Where to go after login: only a path on this site, never another site however it is spelled."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# Browsers drop tabs and newlines inside URLs, strip controls and spaces at the ends and read a
# backslash as a slash, so "/\t/evil.example" or "/\\evil.example" lands on evil.example.
_SUSPECT = re.compile(r"[\x00-\x20\x7f\\]")


def same_site_path(target: str) -> str | None:
    """The target if it is a plain path on this site ("/scorecards?q=x"), else None."""
    for text in (target, unquote(target)):  # decoded too: some servers decode before redirecting
        if (
            not text.startswith("/")
            or text.startswith("//")
            or _SUSPECT.search(text)
            or any(unicodedata.category(char)[0] in "CZ" for char in text)
        ):
            return None
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return None
    return target
