"""Which kind of server answers, and the request shape each one understands for schema-valid JSON.

Hosted services take OpenAI's `response_format: json_schema`. Local servers constrain decoding
to a schema when asked in their own way, which is what lets a small model write valid JSON:

- llama.cpp's server: `response_format: {"type": "json_object", "schema": …}` (turned into a grammar);
- Ollama's native /api/chat: the JSON schema itself in `format` (litellm's `ollama_chat/`
  provider puts `response_format.json_schema.schema` there);
- vLLM: `response_format: json_schema`, and `structured_outputs: {"json": …}` in the body
  (vLLM ≥ 0.10.2; the older `guided_json` was removed in 0.12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from generator.settings import LLMSettings

Wire = Literal["openai", "llamacpp", "ollama", "vllm", "anthropic"]
ResponseMode = Literal["json_schema", "json_object", "prompt"]
LOCAL_PORTS: dict[int, Wire] = {8080: "llamacpp", 11434: "ollama", 8000: "vllm"}
OLLAMA_PREFIXES = ("ollama/", "ollama_chat/")
OPENAI_COMPATIBLE_PREFIXES = (*OLLAMA_PREFIXES, "hosted_vllm/", "openai/")
CONSTRAINED: set[Wire] = {"llamacpp", "ollama", "vllm"}
HOST_HINTS: tuple[tuple[tuple[str, ...], Wire], ...] = (
    (("llamacpp", "llama-cpp", "llama.cpp", "llama-server"), "llamacpp"),
    (("vllm",), "vllm"),
    (("ollama",), "ollama"),
)


def resolve_server(settings: LLMSettings) -> Wire:
    """The server kind: SCORECARD_SERVER when set, else guessed from the model prefix and API base."""
    model = settings.model.lower()
    if model.startswith("anthropic/"):
        return "anthropic"
    if settings.server != "auto":
        return settings.server
    if model.startswith(OLLAMA_PREFIXES):
        return "ollama"
    if model.startswith("hosted_vllm/"):
        return "vllm"
    if not settings.api_base:
        return "openai"
    parts = urlsplit(settings.api_base)
    text = f"{parts.hostname or ''}{parts.path}".lower()
    for hints, wire in HOST_HINTS:
        if any(hint in text for hint in hints):
            return wire
    return LOCAL_PORTS.get(parts.port or 0, "openai")


@dataclass
class Route:
    """How one call reaches the server: litellm's model string, the base URL and the endpoint."""

    wire: Wire
    model: str
    api_base: str | None
    endpoint: str  # the URL the request goes to, for error messages
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def constrained(self) -> bool:
        """Whether the server itself holds the answer to the schema (so the prompt need not)."""
        return self.wire in CONSTRAINED


def route(settings: LLMSettings) -> Route:
    """litellm's model string and base for this server (an `ollama/` model goes to /api/chat)."""
    wire = resolve_server(settings)
    name = _bare_name(settings.model)
    base = settings.api_base.rstrip("/") if settings.api_base else None
    if wire == "ollama":
        if not settings.model.lower().startswith(OLLAMA_PREFIXES) and base and base.endswith("/v1"):
            base = base[: -len("/v1")]  # SCORECARD_SERVER=ollama with Ollama's OpenAI-style base
        root = base or "http://localhost:11434"
        return Route(wire, f"ollama_chat/{name}", base, f"{root}/api/chat")
    if wire in {"llamacpp", "vllm"} or (wire == "openai" and base):
        model = settings.model
        if settings.server != "auto" or model.lower().startswith("hosted_vllm/"):
            model = f"openai/{name}"  # these servers speak OpenAI's API whatever the prefix said
        return Route(wire, model, base, f"{base or 'https://api.openai.com/v1'}/chat/completions")
    if wire == "anthropic":
        return Route(
            wire, settings.model, base, f"{base or 'https://api.anthropic.com'}/v1/messages"
        )
    return Route(wire, settings.model, base, f"{base or 'the provider'}")


def default_mode(wire: Wire) -> ResponseMode:
    """Anthropic has no JSON mode here: the schema goes in the prompt and is validated on our side."""
    return "prompt" if wire == "anthropic" else "json_schema"


def response_options(
    wire: Wire, mode: ResponseMode, schema_name: str, schema: dict[str, Any]
) -> dict[str, Any]:
    """The litellm keyword arguments that ask this server for JSON (schema-constrained where it can)."""
    if mode == "prompt":
        return {}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    if wire == "llamacpp":
        return {"response_format": {"type": "json_object", "schema": schema}}
    options: dict[str, Any] = {
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": schema_name, "schema": schema, "strict": False},
        }
    }
    if wire == "vllm":
        options["extra_body"] = {"structured_outputs": {"json": schema}}
    return options


def _bare_name(model: str) -> str:
    """The model's name without a provider prefix that only says which API to speak."""
    lowered = model.lower()
    for prefix in OPENAI_COMPATIBLE_PREFIXES:
        if lowered.startswith(prefix):
            return model[len(prefix) :]
    return model
