"""Staged LLM pipeline vs one monolithic call, against a local streaming OpenAI-compatible server.

Like with like: the single call is answered with exactly what its prompt asks for (role profile,
competencies with their rubrics and questions, question bank, case study, Q&A: the same content the
stages return, not the stored scorecard with its echoed job description, agenda and provenance).
Tokens are counted with tiktoken (o200k_base). Each measurement runs in a fresh process: "cold" is
the first scorecard there (litellm's one-off import included), "warm" the second. The server runs
in this parent process, so client and server do not share a GIL.

Two server kinds:
- hosted: every request streams at its own rate (a hosted service scales with parallel calls);
- local: one server's throughput is shared by all requests in flight (llama.cpp on one machine),
  prompt processing included, so parallel calls do not make it faster.

Run: .venv/bin/python benchmarks/llm_pipeline.py [--hosted-only] [--tps 200] [--ttft 0.5] [--local-tps 150] [--local-pp 1500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
SAMPLE = "senior_data_engineer.md"  # the longest sample: 8 competencies, 20 duty lines


SEQUENTIAL = os.environ.get("BENCH_SEQUENTIAL") == "1"  # the pre-2026-11-3 pipeline shape


def encoder():
    """tiktoken's o200k_base from litellm's bundled copy (no download)."""
    import litellm.litellm_core_utils.tokenizers as bundled

    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(Path(bundled.__file__).parent))
    import tiktoken

    return tiktoken.get_encoding("o200k_base")


def answers_for(text: str) -> dict[str, dict]:
    from generator.llm import replay
    from generator.offline.pipeline import generate_scorecard

    answers = replay.stage_answers(generate_scorecard(text))
    details = {k.split(":", 1)[1]: v for k, v in answers.items() if k.startswith("detail:")}
    answers["monolithic"] = {  # what the monolithic prompt asks for, and nothing else
        "role": answers["analyse"],
        "competencies": [
            {**c, **details[c["name"]]} for c in answers["competencies"]["competencies"]
        ],
        "questions": answers["question_bank"]["questions"],
        "case_study": answers["case_study"],
        "candidate_qa": answers["candidate_qa"]["candidate_qa"],
    }
    return answers


class Engine:
    """Token timing: each stream at its own rate (hosted), or one shared rate (local)."""

    def __init__(self, shared: bool, tps: float, ttft: float, pp: float) -> None:
        self.shared, self.tps, self.ttft, self.pp = shared, tps, ttft, pp
        self.lock = threading.Lock()
        self.free_at = 0.0

    def spend(self, seconds: float, own: list[float]) -> None:
        """Wait until `seconds` of compute were done for this request."""
        with self.lock if self.shared else _nothing():
            start = max(time.monotonic(), self.free_at if self.shared else own[0])
            done = start + seconds
            if self.shared:
                self.free_at = done
            own[0] = done
        time.sleep(max(0.0, done - time.monotonic()))


class _nothing:
    def __enter__(self) -> None: ...
    def __exit__(self, *a: object) -> None: ...


def serve(answers: dict[str, dict], engine: Engine, enc) -> ThreadingHTTPServer:
    from generator.llm import replay

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            messages = body["messages"]
            system = next((m["content"] for m in messages if m["role"] == "system"), "")
            stage = replay.stage_of(system, messages[-1]["content"])
            tokens = enc.encode(replay.answer_json(answers, stage, messages[-1]["content"]))
            prompt = len(enc.encode("".join(m["content"] for m in messages)))
            own = [time.monotonic()]
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            engine.spend(engine.ttft + (prompt / engine.pp if engine.shared else 0), own)
            head = {
                "id": "b",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": body["model"],
            }
            for i in range(
                0, len(tokens), 4
            ):  # four tokens an event keeps the client's parsing cheap
                engine.spend(len(tokens[i : i + 4]) / engine.tps, own)
                delta = {"content": enc.decode(tokens[i : i + 4])}
                self._event(
                    {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                )
            self._event({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            usage = {"prompt_tokens": prompt, "completion_tokens": len(tokens), "total_tokens": 0}
            self._event({**head, "choices": [], "usage": usage})
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")

        def _event(self, data: dict) -> None:
            self._chunk(f"data: {json.dumps(data)}\n\n".encode())

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(kind: str, base: str, concurrency: int) -> dict:
    """In a fresh process: the same scorecard twice (cold, then warm), as the pipeline or one call."""
    from generator.intake import read_job_description
    from generator.llm.pipeline import generate_scorecard_llm
    from generator.llm.prompts import render
    from generator.llm.provider import ChatRequest, LiteLLMProvider
    from generator.options import GenerationOptions
    from generator.settings import LLMSettings

    text = read_job_description(ROOT / "sample_jds" / SAMPLE)
    settings = LLMSettings(
        model="openai/bench-model",
        api_base=base,
        api_key="bench",
        server="openai",
        max_tokens=16384,
        max_concurrency=concurrency,
        deadline_seconds=3600,
        timeout_seconds=600,
    )
    runs = []
    for _ in ("cold", "warm"):
        started = time.perf_counter()
        if kind == "pipeline":
            card = asyncio.run(generate_scorecard_llm(text, GenerationOptions(), settings))
            stages = {s.stage: s.seconds for s in card.provenance.stages}
            path = critical_path(stages)
            critical = path["critical"]
            out, calls = card.provenance.tokens_out, card.provenance.calls
        else:
            messages = [
                {"role": "system", "content": render("system", stage="monolithic")},
                {
                    "role": "user",
                    "content": render("monolithic", count=8, questions=20, job_description=text),
                },
            ]
            request = ChatRequest(
                stage="monolithic",
                messages=messages,
                schema_name="Scorecard",
                json_schema={},
                mode="json_object",
                max_tokens=16384,
                timeout=600,
                idle_timeout=600,
            )
            result = asyncio.run(LiteLLMProvider(settings).complete(request))
            critical, out, calls = result.seconds, result.tokens_out, 1
        runs.append(
            {
                "wall": time.perf_counter() - started,
                "critical": critical,
                "out": out,
                "calls": calls,
                "path": path if kind == "pipeline" else {},
            }
        )
    return {"cold": runs[0], "warm": runs[1]}


def critical_path(stages: dict[str, float]) -> dict[str, float]:
    """The longest chain of dependent calls (analyse ∥ competencies → fan-out; analyse → Q&A).

    BENCH_SEQUENTIAL=1 measures the older shape: analyse → competencies → everything else.
    """
    analyse, competencies = stages["analyse"], stages["competencies"]
    details = max((v for k, v in stages.items() if k.startswith("detail")), default=0.0)
    bank = max((v for k, v in stages.items() if k.startswith("question_bank")), default=0.0)
    case, qa = stages.get("case_study", 0.0), stages.get("candidate_qa", 0.0)
    fan_out = max(details, bank, case)
    if SEQUENTIAL:
        critical = analyse + competencies + max(fan_out, qa)
    else:
        critical = max(max(analyse, competencies) + fan_out, analyse + qa)
    return {
        "analyse": analyse,
        "competencies": competencies,
        "slowest detail": details,
        "slowest question batch": bank,
        "case study": case,
        "candidate Q&A": qa,
        "critical": critical,
    }


def child(kind: str, base: str, concurrency: int) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
        "from benchmarks.llm_pipeline import measure; "
        f"print(json.dumps(measure({kind!r}, {base!r}, {concurrency})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(title: str, pipeline: dict, single: dict) -> None:
    print(title)
    path = pipeline["warm"]["path"]
    print(
        "  warm pipeline, seconds per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in path.items())
    )
    for phase in ("cold", "warm"):
        p, s = pipeline[phase], single[phase]
        print(
            f"  {phase}: pipeline {p['wall']:6.2f} s wall, critical path {p['critical']:6.2f} s "
            f"(wall/critical {p['wall'] / p['critical']:.2f}), {p['calls']} calls, {p['out']:,} output tokens; "
            f"single call {s['wall']:6.2f} s, {s['out']:,} output tokens; speed-up {s['wall'] / p['wall']:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--tps", type=float, default=200.0, help="hosted: output tokens/s per request"
    )
    parser.add_argument("--ttft", type=float, default=0.5, help="seconds to first token")
    parser.add_argument(
        "--local-tps", type=float, default=150.0, help="local: output tokens/s shared"
    )
    parser.add_argument(
        "--local-pp", type=float, default=1500.0, help="local: prompt tokens/s shared"
    )
    parser.add_argument("--hosted-only", action="store_true", help="skip the local-server runs")
    args = parser.parse_args()

    from generator.intake import read_job_description

    enc = encoder()
    answers = answers_for(read_job_description(ROOT / "sample_jds" / SAMPLE))
    stored = len(enc.encode(json.dumps(answers["monolithic"])))
    print(f"sample {SAMPLE}; single-call answer {stored:,} tokens (tiktoken o200k_base)")
    hosted = serve(answers, Engine(False, args.tps, args.ttft, 0), enc)
    base = f"http://127.0.0.1:{hosted.server_address[1]}/v1"
    report(
        f"hosted-style server: {args.ttft:.2f} s to first token, {args.tps:.0f} tokens/s per request",
        child("pipeline", base, 16),
        child("single", base, 1),
    )
    hosted.shutdown()
    for concurrency in () if args.hosted_only else (1, 4):
        local = serve(answers, Engine(True, args.local_tps, args.ttft, args.local_pp), enc)
        base = f"http://127.0.0.1:{local.server_address[1]}/v1"
        report(
            f"single local server: {args.local_tps:.0f} output and {args.local_pp:.0f} prompt tokens/s "
            f"shared by all requests; pipeline concurrency {concurrency}",
            child("pipeline", base, concurrency),
            child("single", base, 1),
        )
        local.shutdown()


if __name__ == "__main__":
    main()
