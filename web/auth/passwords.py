"""Rules for new passwords (OWASP ASVS 2.1): long enough, not too long, not common, not the email.

Plain functions with no Flask or database, so the store's `create_user` (used by first-run setup,
the admin's user form and `scorecard users add`) applies one set of rules everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 128  # ASVS asks for at least 64; scrypt makes any length cost the same
MIN_DISTINCT = 4
MIN_LOCAL_PART = 4  # the email's name part is refused inside a password from this length
COMMON_PASSWORDS = Path(__file__).with_name("data") / "common_passwords.txt"

# Keyboard rows and walks people type; every run of 4+ of them (and its reverse) is common.
_WALKS = (
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "zaq1xsw2cde3vfr4bgt5",
    "qweasdzxc",
    "azertyuiop",
    "qwertzuiop",
)
# What people write instead of letters, undone before looking a password up.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_AFFIX = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def password_problem(password: str, *, email: str = "") -> str | None:
    """What is wrong with a new password, as a sentence telling the user what to do, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use a password of at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use a password of at most {MAX_LENGTH} characters."
    if any(unicodedata.category(char) == "Cc" for char in password):
        return "Use a password without control characters such as tabs or line breaks."
    lowered = password.casefold()
    if len(set(lowered)) < MIN_DISTINCT:
        return f"Use at least {MIN_DISTINCT} different characters in the password."
    if _mentions_email(lowered, email.strip().casefold()):
        return "Choose a password that does not contain the email address or its name part."
    if _is_common(lowered):
        return "That password is too common to be safe; use a longer phrase of unrelated words."
    return None


def _mentions_email(lowered: str, email: str) -> bool:
    """True if the password holds the email, or its part before the @ when that is 4+ characters.

    Shorter name parts ("rec", "hm") turn up inside unrelated words too often to refuse them.
    """
    local = email.partition("@")[0]
    return bool(email) and (email in lowered or (len(local) >= MIN_LOCAL_PART and local in lowered))


def _is_common(lowered: str) -> bool:
    """True for a listed password or a list entry dressed up (digits, symbols, leetspeak, repeats)."""
    common = common_passwords()
    core = _AFFIX.sub("", lowered)  # "Password2024!" -> "password"
    candidates = {lowered, core, core.translate(_LEET), lowered.translate(_LEET)}
    candidates |= {re.sub(r"[\s._-]+", "", c) for c in candidates}  # "pass word", "pass-word"
    return any(c in common or _repeats(c) for c in candidates if c) or _repeats(lowered)


def _repeats(text: str) -> bool:
    """True when the text is one shorter piece said over and over ("abcabcabca", "monkeymonkey")."""
    for size in range(1, len(text) // 2 + 1):
        unit = text[:size]
        if (unit * (len(text) // size + 1))[: len(text)] == text:
            return True
    return False


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list plus variants built here: keyboard walks, reversals, "ilove…"-style prefixes."""
    listed = {
        line.strip().casefold()
        for line in COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    walks = {
        row[start:end]
        for row in (*_WALKS, *(w[::-1] for w in _WALKS))
        for start in range(len(row))
        for end in range(start + 4, len(row) + 1)
    }
    variants = {word[::-1] for word in listed if len(word) >= 6}
    variants |= {a + b for a in ("i", "ilove", "my", "the", "love") for b in listed if b.isalpha()}
    variants |= {w + w[::-1] for w in walks if len(w) <= 6}  # "qwertytrewq"
    return frozenset(listed | walks | variants)
