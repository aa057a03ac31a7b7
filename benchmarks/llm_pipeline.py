"""Staged LLM pipeline vs one monolithic call, against a local OpenAI-compatible server.

The server (127.0.0.1, an ephemeral port) answers from recorded stage answers with realistic
latency: a time to first token, then a steady output rate. It prints, for one scorecard, the wall
time, the sum of call times and the critical path of dependent stages, and the same for a single
call that writes the whole scorecard. Goals: wall within 1.3x the critical path; at least 3x faster
than the single call.

Run: .venv/bin/python benchmarks/llm_pipeline.py [--tps 60] [--ttft 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from generator.intake import read_job_description  # noqa: E402
from generator.llm import replay  # noqa: E402
from generator.llm.pipeline import generate_scorecard_llm  # noqa: E402
from generator.llm.prompts import render  # noqa: E402
from generator.llm.provider import ChatRequest, LiteLLMProvider  # noqa: E402
from generator.options import GenerationOptions  # noqa: E402
from generator.pipeline import generate_scorecard  # noqa: E402
from generator.settings import LLMSettings  # noqa: E402


def serve(answers: dict[str, dict], ttft: float, tps: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            messages = body["messages"]
            system = next((m["content"] for m in messages if m["role"] == "system"), "")
            stage = replay.stage_of(system, messages[-1]["content"])
            content = replay.answer_json(answers, stage, messages[-1]["content"])
            tokens_out = max(1, len(content) // 4)
            time.sleep(ttft + tokens_out / tps)
            reply = {
                "id": "chatcmpl-bench",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": sum(len(m["content"]) for m in messages) // 4,
                    "completion_tokens": tokens_out,
                    "total_tokens": 0,
                },
            }
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tps", type=float, default=60.0, help="output tokens per second")
    parser.add_argument("--ttft", type=float, default=0.5, help="seconds to first token")
    parser.add_argument("--sample", default="customer_success_manager.md")
    args = parser.parse_args()

    text = read_job_description(ROOT / "sample_jds" / args.sample)
    answers = replay.stage_answers(generate_scorecard(text))
    server = serve(answers, args.ttft, args.tps)
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings = LLMSettings(
        model="openai/bench-model", api_base=base, api_key="bench", max_tokens=16384
    )

    started = time.perf_counter()
    card = asyncio.run(generate_scorecard_llm(text, GenerationOptions(), settings))
    wall = time.perf_counter() - started
    stages = {s.stage: s.seconds for s in card.provenance.stages}
    parallel = [v for k, v in stages.items() if k not in {"analyse", "competencies"}]
    critical = stages["analyse"] + stages["competencies"] + max(parallel)
    total_calls = sum(stages.values())

    request = ChatRequest(
        stage="monolithic",
        schema_name="Scorecard",
        json_schema={},
        mode="json_object",
        max_tokens=16384,
        timeout=600,
        messages=[
            {"role": "system", "content": render("system", stage="monolithic")},
            {
                "role": "user",
                "content": render("monolithic", count=8, questions=20, job_description=text),
            },
        ],
    )
    started = time.perf_counter()
    result = asyncio.run(LiteLLMProvider(settings).complete(request))
    single = time.perf_counter() - started
    server.shutdown()

    print(
        f"server: time to first token {args.ttft:.2f} s, {args.tps:.0f} output tokens/s; sample {args.sample}"
    )
    print(
        f"staged pipeline: {card.provenance.calls} calls, {card.provenance.tokens_out} output tokens"
    )
    print(f"  wall time                {wall:7.2f} s")
    print(f"  sum of call times        {total_calls:7.2f} s")
    print(
        f"  critical path            {critical:7.2f} s  (analyse {stages['analyse']:.2f} + competencies "
        f"{stages['competencies']:.2f} + slowest parallel stage {max(parallel):.2f})"
    )
    print(f"  wall / critical path     {wall / critical:7.2f}   (goal <= 1.3)")
    print(f"single monolithic call: {result.tokens_out} output tokens")
    print(f"  wall time                {single:7.2f} s")
    print(f"  speed-up of the pipeline {single / wall:7.2f}x  (goal >= 3x)")


if __name__ == "__main__":
    main()
