"""The result cache's key holds everything that changes the answer, and nothing that does not."""

from __future__ import annotations

from generator.cache import cache_key
from generator.options import GenerationOptions
from generator.settings import LLMSettings

JD = "Customer Success Manager\nOwn renewals for a book of 40 accounts."


def _key(**kw) -> str:
    settings = LLMSettings(**{"model": "openai/m", "api_base": "http://127.0.0.1:8080/v1", **kw})
    return cache_key(JD, GenerationOptions(), settings, "v1")


def test_the_api_base_and_answer_shaping_settings_change_the_key():
    base = _key()
    assert _key(api_base="http://127.0.0.1:8081/v1") != base
    assert _key(max_tokens=8192) != base
    assert _key(temperature=0.7) != base
    assert _key(server="vllm") != base
    assert cache_key(JD, GenerationOptions(), LLMSettings(model="openai/m"), "v2") != cache_key(
        JD, GenerationOptions(), LLMSettings(model="openai/m"), "v1"
    )


def test_timeouts_concurrency_and_a_trailing_slash_do_not():
    base = _key()
    assert _key(api_base="http://127.0.0.1:8080/v1/") == base
    assert _key(timeout_seconds=600, idle_timeout_seconds=90, deadline_seconds=3600) == base
    assert _key(max_concurrency=1) == base
