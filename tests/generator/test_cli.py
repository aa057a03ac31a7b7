"""The `scorecard` command: all three formats for every sample, validation, clear failures."""

from __future__ import annotations

import json

import openpyxl
import pytest

from generator.cli import main
from tests.conftest import SAMPLES


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_generate_all_formats_then_validate(cli_runner, tmp_path, sample):
    out = tmp_path / "card.json"
    result = cli_runner.invoke(main, ["generate", str(sample), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert cli_runner.invoke(main, ["validate", str(out)]).exit_code == 0
    md = cli_runner.invoke(main, ["generate", str(sample), "--format", "markdown", "--quiet"])
    assert md.exit_code == 0 and md.output.startswith("# Interview Guide for ")
    xlsx = tmp_path / "card.xlsx"
    assert (
        cli_runner.invoke(
            main, ["generate", str(sample), "--format", "xlsx", "-o", str(xlsx), "--quiet"]
        ).exit_code
        == 0
    )
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Scoring"


def test_json_to_stdout_and_stdin_input(cli_runner):
    text = SAMPLES[-1].read_text()
    result = cli_runner.invoke(
        main,
        ["generate", "-", "--company", "Fernhill Logistics", "--values", "Safety, Teamwork"],
        input=text,
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["role"]["company"] == "Fernhill Logistics"
    assert data["company_values"] == ["Safety", "Teamwork"]


def test_bad_input_exits_non_zero_with_one_line(cli_runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   ")
    result = cli_runner.invoke(main, ["generate", str(empty)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: The job description is empty")
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_option_exits_non_zero(cli_runner):
    result = cli_runner.invoke(main, ["generate", str(SAMPLES[0]), "--competencies", "12"])
    assert result.exit_code == 2 and "--competencies" in result.stderr


def test_missing_file(cli_runner):
    result = cli_runner.invoke(main, ["generate", "no/such/file.txt"])
    assert result.exit_code == 2 and "No file at" in result.stderr


def test_validate_prints_every_violation(cli_runner, tmp_path, scorecard_data):
    scorecard_data["competencies"][0]["weight"] += 2
    scorecard_data["competencies"][0]["evidence"].append("Invented requirement")
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(scorecard_data))
    result = cli_runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "[weights-sum]" in result.stderr and "[evidence-verbatim]" in result.stderr
    assert "2 problem(s) found." in result.stderr


def test_validate_rejects_non_json(cli_runner, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json")
    result = cli_runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "not valid JSON" in result.stderr


def test_offline_path_never_imports_litellm(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from generator.cli import main; "
        f"r = CliRunner().invoke(main, ['generate', {str(SAMPLES[0])!r}, '--quiet']); "
        "assert r.exit_code == 0, r.output; print('litellm' in sys.modules, 'openai' in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_model_failure_is_one_line_and_exit_2(cli_runner, monkeypatch, tmp_path):
    import httpx
    import respx

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path / "c.sqlite3"))
    refusal = {
        "id": "x",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "refusal": "I can't help with that.",
                },
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    from tests.generator.llm.wire import streamed

    with respx.mock() as mock:
        mock.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=lambda request: streamed(request, httpx.Response(200, json=refusal))
        )
        result = cli_runner.invoke(
            main, ["generate", str(SAMPLES[0]), "--model", "openai/gpt-4o-mini", "--quiet"]
        )
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: The model declined")
        and len(result.stderr.strip().splitlines()) == 1
    )


def test_bad_setting_is_named_in_one_line(cli_runner, monkeypatch):
    monkeypatch.setenv("SCORECARD_TIMEOUT", "soon")
    result = cli_runner.invoke(main, ["generate", str(SAMPLES[0]), "--model", "openai/gpt-4o-mini"])
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: SCORECARD_TIMEOUT:")
        and len(result.stderr.strip().splitlines()) == 1
    )


def test_unwritable_output_is_one_line(cli_runner, tmp_path):
    result = cli_runner.invoke(
        main, ["generate", str(SAMPLES[0]), "--quiet", "-o", str(tmp_path / "missing" / "out.json")]
    )
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: Cannot write")
        and len(result.stderr.strip().splitlines()) == 1
    )


def test_bad_answers_give_one_line_and_no_warning_first(cli_runner, monkeypatch, tmp_path):
    import httpx
    import respx

    from tests.generator.llm.wire import openai_body, streamed

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path / "c.sqlite3"))
    bad = httpx.Response(200, json=openai_body('{"unexpected": true}'))
    with respx.mock() as mock:
        mock.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=lambda request: streamed(request, bad)
        )
        result = cli_runner.invoke(
            main, ["generate", str(SAMPLES[0]), "--model", "openai/gpt-4o-mini", "--quiet"]
        )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: The model kept returning answers that do not fit")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_cached_scorecard_is_not_served_for_another_api_base(cli_runner, monkeypatch, tmp_path):
    """The same model string on a dead server must fail, not answer from the cache."""
    import httpx
    import respx

    from tests.generator.llm.wire import StageReplies, openai_body, stage_of, streamed

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path / "c.sqlite3"))
    from generator.intake import read_job_description
    from generator.offline.pipeline import generate_scorecard

    sample = next(p for p in SAMPLES if p.name == "senior_data_engineer.md")
    replies = StageReplies(generate_scorecard(read_job_description(sample)))

    def answer(request):
        text = replies.json_for(stage_of(request), request)
        return streamed(request, httpx.Response(200, json=openai_body(text)))

    live, dead = "http://127.0.0.1:8101/v1", "http://127.0.0.1:8102/v1"
    args = ["generate", str(sample), "--model", "openai/m", "--quiet"]
    with respx.mock() as mock:
        mock.post(f"{live}/chat/completions").mock(side_effect=answer)
        refused = mock.post(f"{dead}/chat/completions").mock(
            side_effect=httpx.ConnectError("[Errno 111] Connection refused")
        )
        assert cli_runner.invoke(main, [*args, "--api-base", live]).exit_code == 0
        assert cli_runner.invoke(main, [*args, "--api-base", live]).exit_code == 0  # cached
        result = cli_runner.invoke(main, [*args, "--api-base", dead])
    assert result.exit_code == 2 and refused.call_count >= 1
    assert result.stderr.startswith(f"error: Nothing is listening at {dead}")
