"""Request guards: input that the database, the JSON parser or the server cannot take is refused
with a 4xx naming the field before any extension or view sees it.

PostgreSQL refuses NUL characters in text and integers past 2^31-1 in id columns, UTF-8 cannot
carry an unpaired surrogate, and a deeply nested JSON body exhausts the parser's recursion; each
used to surface as a 500. The guard runs first (before CSRF and login), so the same rule holds for
every route, logged in or not.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from flask import Flask, g, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, Map
from werkzeug.wsgi import LimitedStream

from web.security import error_response, wants_json

MAX_ID = 2**31 - 1  # PostgreSQL's integer: the largest id or version number a row can have
MAX_URI = 8_000  # gunicorn's request line stops at 8,190 bytes; answer below that, as JSON
MAX_JSON_DEPTH = 64
MAX_FILENAME = 255  # the stored file name's column
FORM_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}

# In any text a client sends (address, query, form field, file name, JSON string): no C0 control
# other than tab, newline and carriage return (PostgreSQL refuses NUL, openpyxl refuses the rest
# in a workbook cell), and no unpaired surrogate (UTF-8 cannot encode one).
_UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# A posting pasted from a PDF or Word carries page breaks and vertical tabs; intake turns them
# into line ends, so only that field lets them through.
_UNSAFE_IN_POSTING = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff]")
POSTING_FIELD = "job_description"


def _unsafe(name: str) -> re.Pattern[str]:
    return _UNSAFE_IN_POSTING if name == POSTING_FIELD else _UNSAFE_TEXT


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
Problem = tuple[int, str, str]  # (HTTP status, field, what to do)


class FieldError(ValueError):
    """Invalid input for one field, reported as 422 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _numbers_up_to(limit: int) -> str:
    """A regex for the whole numbers 1 … `limit`, written without leading zeros."""
    digits = str(limit)
    options = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    # As many digits as the limit: equal up to position i, lower there, then any digits.
    for i, digit in enumerate(digits):
        first = 1 if i == 0 else 0
        if int(digit) > first:
            rest = len(digits) - i - 1
            options.append(
                f"{digits[:i]}[{first}-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else "")
            )
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` in routes: only numbers a row id can be (1 to 2^31-1); anything else is a 404.

    The bound is in the regex, not only in `to_python`: werkzeug checks a rule's methods before
    converting, so a PUT route beside a GET one would answer a too-large id with 405.
    """

    regex = _numbers_up_to(MAX_ID)

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def whole_number(raw: str | None, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`raw` as an int within [low, high], or None: ASCII digits only, so '²' and '-1' are not."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(high)):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def int_arg(name: str, *, default: int, low: int, high: int) -> int:
    """A whole-number query parameter within [low, high]; FieldError naming it otherwise."""
    raw = request.args.get(name, "")
    if raw == "":
        return default
    value = whole_number(raw, low=low, high=high)
    if value is None:
        raise FieldError(name, f"Give {name} as a whole number from {low:,} to {high:,}.")
    return value


def json_body() -> Any:
    """The request's JSON as the guard parsed and checked it; None when the body is not JSON."""
    return g.get("json_body")


def init_app(app: Flask) -> None:
    """Bound `<int:…>` ids (before the blueprints add their rules); run the guard before the rest."""
    app.url_map.converters["int"] = IdConverter
    app.before_request_funcs.setdefault(None, []).insert(0, guard_request)


def guard_request() -> ResponseReturnValue | None:
    """Refuse what no view can take: a long address, an over-long body, unsafe characters, bad JSON."""
    uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    if len(uri) > MAX_URI:
        return error_response(414)
    _read_streamed_body()
    problem = _address_problem() or _form_problem() or _json_problem()
    if problem is None:
        return None
    status, field, message = problem
    return error_response(status, field_message(field, message), field=field)


def field_message(field: str, message: str) -> str:
    """A field's error: `field: sentence` for API clients (a documented shape), a sentence naming
    the field for people reading a page."""
    return f"{field}: {message}" if wants_json() else f"{message} The field is {field}."


def _read_streamed_body() -> None:
    """A chunked body has no Content-Length: read it now, so that one past the limit is a 413.

    werkzeug reads such a stream only up to MAX_CONTENT_LENGTH and hands the views the cut-off
    start; a JSON body then looked invalid (422) instead of too large.
    """
    if (
        request.content_length is not None
        or "chunked" not in request.headers.get("Transfer-Encoding", "").lower()
    ):
        return
    request.get_data(cache=True, parse_form_data=False)
    stream = request.stream
    if isinstance(stream, LimitedStream) and stream.is_exhausted:
        raise RequestEntityTooLarge()


def _address_problem() -> Problem | None:
    """Unsafe characters in the path (named by its route variable) or in a query parameter."""
    found = _UNSAFE_TEXT.search(request.path)
    if found:
        names = [
            name
            for name, value in (request.view_args or {}).items()
            if isinstance(value, str) and _UNSAFE_TEXT.search(value)
        ]
        return 400, names[0] if names else "path", f"Remove {_describe(found[0])} from the address."
    for name, values in request.args.lists():
        for text in (name, *values):
            found = (_UNSAFE_TEXT if text is name else _unsafe(name)).search(text)
            if found:
                return 422, _field_name(name), f"Remove {_describe(found[0])} from this parameter."
    return None


def _form_problem() -> Problem | None:
    """Unsafe characters in a form field, or a file name that is unsafe or too long to keep."""
    if request.mimetype not in FORM_TYPES:
        return None
    for name, values in request.form.lists():
        for text in (name, *values):
            found = (_UNSAFE_TEXT if text is name else _unsafe(name)).search(text)
            if found:
                return 422, _field_name(name), f"Remove {_describe(found[0])} from this field."
    for name, upload in request.files.items(multi=True):
        filename = upload.filename or ""
        found = _UNSAFE_TEXT.search(filename)
        if found:
            message = f"Rename the file without {_describe(found[0])} and upload it again."
            return 422, _field_name(name), message
        if len(filename) > MAX_FILENAME:
            message = f"Rename the file to at most {MAX_FILENAME} characters and upload it again."
            return 422, _field_name(name), message
    return None


def _json_problem() -> Problem | None:
    """Parse a JSON body once, bounded in depth; refuse strings with unsafe characters."""
    if not request.is_json:
        return None
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    try:
        text = raw.decode(json.detect_encoding(raw))
    except UnicodeDecodeError:
        return 400, "body", "Send the JSON encoded as UTF-8."
    if nested_too_deeply(text, MAX_JSON_DEPTH):
        return 400, "body", f"JSON nested too deeply: send at most {MAX_JSON_DEPTH} levels."
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return 400, "body", f"Send valid JSON (the body has an error at {where}: {exc.msg})."
    except ValueError:  # e.g. a number too long to convert
        return 400, "body", "Send valid JSON with numbers of at most 4,300 digits."
    found = unsafe_text(value)
    if found is not None:
        field, char = found
        return 422, field, f"Remove {_describe(char)} from this field."
    g.json_body = value
    return None


def nested_too_deeply(text: str, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit`, counted outside strings, before parsing."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if brackets.count("[") + brackets.count("{") <= limit:
        return False
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > limit


def unsafe_text(value: Any, path: str = "") -> tuple[str, str] | None:
    """(field path, character) of the first string or key with a control character or surrogate."""
    pending: list[tuple[str, Any]] = [(path, value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            found = _unsafe(where).search(item)
            if found:
                return where or "body", found[0]
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                child_path = f"{where}.{_field_name(key)}" if where else _field_name(key)
                found = _UNSAFE_TEXT.search(key)
                if found:
                    return child_path, found[0]
                pending.append((child_path, child))
        elif isinstance(item, list):
            pending.extend((f"{where}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None


def _field_name(name: str) -> str:
    """A field's name fit to echo back: unsafe characters shown as '?'."""
    return _UNSAFE_TEXT.sub("?", name)[:100] or "?"


def _describe(char: str) -> str:
    """The character named so that the user can find it: 'the control character U+001B'."""
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"the NUL character ({code})"
    if "\ud800" <= char <= "\udfff":
        return f"the unpaired surrogate {code}"
    return f"the control character {code}"
