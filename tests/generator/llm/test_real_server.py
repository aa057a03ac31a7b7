"""Against a real local model server, when one is running (never in `make test` by default).

Start one (see the README: llama.cpp's `llama-server`, Ollama or vLLM), then:

    SCORECARD_TEST_API_BASE=http://127.0.0.1:8080/v1 SCORECARD_TEST_MODEL=openai/qwen2.5-0.5b \\
      .venv/bin/python -m pytest tests/generator/llm/test_real_server.py -s

The run must end within SCORECARD_TEST_DEADLINE seconds (default 3,600) with a valid
scorecard, or with exit 2 and one line naming the cause, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generator.schema import Scorecard
from tests.conftest import SAMPLE_DIR

API_BASE = os.environ.get("SCORECARD_TEST_API_BASE")
MODEL = os.environ.get("SCORECARD_TEST_MODEL")
DEADLINE = int(os.environ.get("SCORECARD_TEST_DEADLINE", "3600"))

pytestmark = pytest.mark.skipif(
    not (API_BASE and MODEL), reason="set SCORECARD_TEST_API_BASE and SCORECARD_TEST_MODEL"
)


def test_a_real_local_server_finishes_a_scorecard(tmp_path):
    env = {
        **os.environ,
        "SCORECARD_DEADLINE": str(DEADLINE),
        "SCORECARD_CACHE": str(tmp_path / "cache.sqlite3"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "generate",
            str(SAMPLE_DIR / "warehouse_associate.txt"),
            "--model",
            str(MODEL),
            "--api-base",
            str(API_BASE),
            "--competencies",
            "5",
            "--questions",
            "12",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=DEADLINE + 120,
    )
    print(result.stderr[-2000:])
    if result.returncode == 0:
        card = Scorecard.model_validate(json.loads(result.stdout))
        print(json.dumps([s.model_dump() for s in card.provenance.stages], indent=1))
        return
    last = result.stderr.strip().splitlines()[-1]
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    pytest.fail(f"the run ended with: {last}")
