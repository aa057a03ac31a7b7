"""What went wrong with a model call, found from the real cause, and the one sentence that says how to fix it.

litellm wraps a refused connection as a 500 ("InternalServerError … Connection error"), so its
class and status alone point at the wrong fix; the exception's cause chain holds the truth.
"""

from __future__ import annotations

from typing import Any

from generator.llm.servers import Route

SAVED = "nothing was saved"
SCHEMA_WORDS = ("json_schema", "response_format", "schema", "grammar")


class ProviderError(Exception):
    """A failed call, classified so that the retry layer knows what to do."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        # rate_limit | server | timeout | first_token | idle | connection | refused
        # | not_found | bad_request | auth | other
        self.kind = kind
        self.retry_after = retry_after
        self.status = status
        self.detail = detail or message

    def names_schema(self) -> bool:
        """Whether the server's own words say it cannot take the schema (not a transient failure)."""
        text = self.detail.lower()
        return (
            self.status is not None
            and 400 <= self.status < 600
            and any(word in text for word in SCHEMA_WORDS)
        )


def causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def classify(exc: Exception) -> ProviderError:
    """Turn a litellm exception into a ProviderError with a kind and any Retry-After."""
    import httpx
    import litellm

    chain = causes(exc)
    names = {type(e).__name__ for e in chain}
    # litellm puts its own status on top (500 for a refused connection or an Ollama 404); the
    # innermost status is the server's real answer
    statuses = [getattr(e, "status_code", None) for e in chain]
    status = next((code for code in reversed(statuses) if isinstance(code, int)), None)
    message = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    detail = _server_words(exc) or message
    if any(isinstance(e, httpx.TimeoutException | TimeoutError) for e in chain) or (
        "APITimeoutError" in names or isinstance(exc, litellm.Timeout)
    ):
        return ProviderError("timeout", message)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
        isinstance(e, httpx.ConnectError) and _says_refused(str(e)) for e in chain
    ):
        return ProviderError("refused", message)
    transport = any(isinstance(e, httpx.TransportError) for e in chain) or bool(
        names
        & {"APIConnectionError", "ClientConnectorError", "ServerDisconnectedError", "ClientOSError"}
    )
    if transport and not _has_http_status(chain):
        return ProviderError("connection", message, detail=_root_words(chain))
    headers = (
        getattr(getattr(exc, "response", None), "headers", None)
        or getattr(exc, "litellm_response_headers", None)
        or {}
    )
    if isinstance(exc, litellm.RateLimitError) or status == 429:
        return ProviderError("rate_limit", message, retry_after=_retry_after(headers), status=429)
    if isinstance(exc, litellm.AuthenticationError | litellm.PermissionDeniedError) or status in (
        401,
        403,
    ):
        return ProviderError("auth", message, status=status, detail=detail)
    if status == 404 or isinstance(exc, litellm.NotFoundError):
        return ProviderError("not_found", message, status=404, detail=detail)
    if isinstance(exc, litellm.BadRequestError) or status in (400, 413, 422):
        return ProviderError("bad_request", message, status=status, detail=detail)
    if (status and status >= 500) or isinstance(
        exc, litellm.InternalServerError | litellm.ServiceUnavailableError
    ):
        return ProviderError(
            "server", message, status=status, detail=detail, retry_after=_retry_after(headers)
        )
    return ProviderError("other", message, status=status, detail=detail)


def failure_sentence(error: ProviderError, route: Route, settings: Any, attempts: int) -> str:
    """One sentence for the user: the real cause, where, and the setting or step that fixes it."""
    base = route.api_base or "the provider's API"
    model = settings.model
    detail = _short(error.detail)
    if error.kind == "refused":
        return (
            f"Nothing is listening at {base} (connection refused), so start the model server there "
            f"or correct SCORECARD_API_BASE; {SAVED}."
        )
    if error.kind == "connection":
        return (
            f"The connection to {base} failed ({detail}), so check that the server is running and "
            f"that SCORECARD_API_BASE is right; {SAVED}."
        )
    if error.kind == "not_found":
        return _not_found(error, route, model, base)
    if error.kind == "first_token":
        return (
            f"The model sent no first token within {settings.timeout_seconds:g} s, so raise "
            f"SCORECARD_TIMEOUT for a slow or busy local server, or check that it is running; {SAVED}."
        )
    if error.kind == "idle":
        return (
            f"The model stopped sending tokens for {settings.idle_timeout_seconds:g} s in the middle of "
            f"an answer, so check the server or raise SCORECARD_IDLE_TIMEOUT; {SAVED}."
        )
    if error.kind == "timeout":
        return (
            f"The model did not answer in time ({attempts} attempts), so raise SCORECARD_TIMEOUT "
            f"or try again later; {SAVED}."
        )
    if error.kind == "rate_limit":
        return f"The model's service is rate-limiting requests, so wait a minute and try again; {SAVED}."
    if error.kind == "server":
        return (
            f"The model's service at {base} kept failing with HTTP {error.status or 500} ({detail}) "
            f"after {attempts} attempts, so try again later; {SAVED}."
        )
    if error.kind == "auth":
        return (
            f"The model's service refused the API key ({detail}), so check SCORECARD_API_KEY or the "
            f"provider's key variable; {SAVED}."
        )
    if error.kind == "bad_request":
        return (
            f"The model's service rejected the request ({detail}), so check SCORECARD_MODEL and "
            f"SCORECARD_SERVER; {SAVED}."
        )
    return f"The model call failed ({detail}), so try again later; {SAVED}."


def _not_found(error: ProviderError, route: Route, model: str, base: str) -> str:
    text = error.detail.lower()
    if "model" in text and ("not found" in text or "does not exist" in text or "pull" in text):
        return (
            f"The server at {base} has no model '{model.split('/', 1)[-1]}' ({_short(error.detail)}), "
            f"so set SCORECARD_MODEL to a model it serves; {SAVED}."
        )
    if route.wire == "ollama":
        return (
            f"{route.endpoint} does not exist (404): SCORECARD_MODEL '{model}' speaks Ollama's own API, "
            f"so for an OpenAI-compatible server (llama.cpp, vLLM) use "
            f"SCORECARD_MODEL=openai/{model.split('/', 1)[-1]} with its /v1 base; {SAVED}."
        )
    if route.api_base and not route.api_base.rstrip("/").endswith("/v1"):
        return (
            f"{route.endpoint} does not exist (404), so set SCORECARD_API_BASE to "
            f"{route.api_base.rstrip('/')}/v1, where OpenAI-compatible servers answer; {SAVED}."
        )
    return (
        f"{route.endpoint} does not exist (404), so check SCORECARD_API_BASE (an OpenAI-compatible "
        f"server answers under /v1, Ollama at its root); {SAVED}."
    )


def _server_words(exc: BaseException) -> str:
    """The server's own error message from the response body, when litellm kept it."""
    for e in causes(exc):
        body = getattr(e, "body", None)
        if isinstance(body, dict):
            found = body.get("error", body)
            text = found.get("message") if isinstance(found, dict) else found
            if text:
                return str(text)
        message = getattr(e, "message", None)
        if isinstance(message, str) and message and "Exception" not in message[:40]:
            return message
    text = str(exc)
    for marker in ("Exception - ", "Error - "):
        if marker in text:
            return text.split(marker, 1)[1]
    return text


def _says_refused(text: str) -> bool:
    return any(words in text for words in ("refused", "Errno 111", "Connect call failed"))


def _root_words(chain: list[BaseException]) -> str:
    """The transport's own words (the deepest httpx or OS error), not litellm's wrapper."""
    import httpx

    found = [e for e in chain if isinstance(e, httpx.TransportError | OSError) and str(e)]
    root = found[-1] if found else chain[-1]
    return f"{type(root).__name__}: {root}" if str(root) else type(root).__name__


def _has_http_status(chain: list[BaseException]) -> bool:
    """A transport error deeper in the chain wins over a status litellm invented on top of it."""
    import httpx

    return any(isinstance(e, httpx.HTTPStatusError) for e in chain)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 160 else text[:157] + "…"


def _retry_after(headers: Any) -> float | None:
    try:
        value = headers.get("retry-after") or headers.get("Retry-After")
    except AttributeError:
        return None
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None
