"""A real HTTP server on 127.0.0.1 that speaks OpenAI's and Ollama's wire formats, for tests.

respx cannot intercept litellm's default aiohttp transport, and only a real socket shows whether
an abandoned request is really closed, so these tests talk to this server. It streams SSE
(`data: {...}\\n\\n` … `data: [DONE]`) or Ollama NDJSON, can pause before or during an answer, and
notices a client that hangs up while it is still writing, as llama.cpp's server does.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Plan:
    """How to answer one request: the text, pauses, and the status."""

    content: str = "{}"
    status: int = 200
    error: dict | None = None
    first_token_delay: float = 0.0
    pause_after_tokens: int | None = None
    pause: float = 0.0
    token_delay: float = 0.0
    finish_reason: str = "stop"


@dataclass
class Recorder:
    requests: list[dict] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    disconnects: list[float] = field(default_factory=list)
    completed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _pieces(text: str, size: int = 6) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


class LocalModelServer:
    """Start with `with LocalModelServer(plan_for) as server:`; `server.base` is the /v1 URL."""

    def __init__(self, plan_for: Callable[[dict, str], Plan]) -> None:
        self.plan_for = plan_for
        self.seen = Recorder()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with outer.seen.lock:
                    outer.seen.requests.append(body)
                    outer.seen.paths.append(self.path)
                if self.path not in ("/v1/chat/completions", "/api/chat"):
                    return self._json(
                        404,
                        {
                            "error": {
                                "code": 404,
                                "message": "File Not Found",
                                "type": "not_found_error",
                            }
                        },
                    )
                plan = outer.plan_for(body, self.path)
                if plan.status != 200:
                    return self._json(plan.status, plan.error or {"error": {"message": "failed"}})
                try:
                    if self.path == "/api/chat":
                        self._ollama(body, plan)
                    elif body.get("stream"):
                        self._sse(body, plan)
                    else:
                        self._wait(plan.first_token_delay)
                        self._json(200, _completion(body, plan))
                    with outer.seen.lock:
                        outer.seen.completed += 1
                except (BrokenPipeError, ConnectionResetError, HungUp):
                    with outer.seen.lock:
                        outer.seen.disconnects.append(time.monotonic())
                    self.close_connection = True

            def _json(self, status: int, data: dict) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _start_stream(self, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.flush()

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _wait(self, seconds: float) -> None:
                """Sleep, but notice at once if the client hangs up meanwhile."""
                end = time.monotonic() + seconds
                while (left := end - time.monotonic()) > 0:
                    readable, _, _ = select.select([self.connection], [], [], min(left, 0.02))
                    if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                        raise HungUp

            def _sse(self, body: dict, plan: Plan) -> None:
                self._start_stream("text/event-stream")
                base = {
                    "id": "chatcmpl-local",
                    "object": "chat.completion.chunk",
                    "created": 1763800000,
                    "model": body["model"],
                }
                self._wait(plan.first_token_delay)
                self._event(
                    {
                        **base,
                        "choices": [
                            {
                                "index": 0,
                                "delta": {"role": "assistant", "content": ""},
                                "finish_reason": None,
                            }
                        ],
                    }
                )
                for i, piece in enumerate(_pieces(plan.content)):
                    if plan.pause_after_tokens is not None and i == plan.pause_after_tokens:
                        self._wait(plan.pause)
                    self._wait(plan.token_delay)
                    self._event(
                        {
                            **base,
                            "choices": [
                                {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                            ],
                        }
                    )
                self._event(
                    {
                        **base,
                        "choices": [{"index": 0, "delta": {}, "finish_reason": plan.finish_reason}],
                    }
                )
                self._event(
                    {
                        **base,
                        "choices": [],
                        "usage": {
                            "prompt_tokens": 900,
                            "completion_tokens": 400,
                            "total_tokens": 1300,
                        },
                    }
                )
                self._chunk(b"data: [DONE]\n\n")
                self._chunk(b"")

            def _event(self, data: dict) -> None:
                self._chunk(f"data: {json.dumps(data)}\n\n".encode())

            def _ollama(self, body: dict, plan: Plan) -> None:
                self._start_stream("application/x-ndjson")
                self._wait(plan.first_token_delay)
                for i, piece in enumerate(_pieces(plan.content)):
                    if plan.pause_after_tokens is not None and i == plan.pause_after_tokens:
                        self._wait(plan.pause)
                    self._wait(plan.token_delay)
                    line = {
                        "model": body["model"],
                        "created_at": "2026-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": piece},
                        "done": False,
                    }
                    self._chunk(json.dumps(line).encode() + b"\n")
                last = {
                    "model": body["model"],
                    "created_at": "2026-01-01T00:00:01Z",
                    "message": {"role": "assistant", "content": ""},
                    "done": True,
                    "done_reason": plan.finish_reason,
                    "prompt_eval_count": 900,
                    "eval_count": 400,
                }
                self._chunk(json.dumps(last).encode() + b"\n")
                self._chunk(b"")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.root = self.base.removesuffix("/v1")

    def __enter__(self) -> LocalModelServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def wait_for_disconnects(self, count: int, timeout: float = 5.0) -> int:
        """How many hang-ups the server saw, waiting up to `timeout` for `count` of them."""
        end = time.monotonic() + timeout
        while len(self.seen.disconnects) < count and time.monotonic() < end:
            time.sleep(0.02)
        return len(self.seen.disconnects)


class HungUp(Exception):
    """The client closed the connection while the server was still answering."""


def _completion(body: dict, plan: Plan) -> dict:
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": 1763800000,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": plan.content},
                "finish_reason": plan.finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300},
    }


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
