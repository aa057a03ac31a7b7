"""The `scorecard` command line: generate a scorecard from a job description, or validate one."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from generator.errors import ScorecardError

FORMATS = ("json", "markdown", "xlsx")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn job descriptions into structured, weighted interview scorecards."""


@main.command()
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of stdout.",
)
@click.option("--company", help="Company name to use in the guide.")
@click.option("--values", help='Company values, comma-separated: "Ownership, Curiosity".')
@click.option(
    "--competencies", type=int, default=8, show_default=True, help="How many competencies (5-10)."
)
@click.option(
    "--questions", type=int, default=20, show_default=True, help="How many questions in the bank."
)
@click.option(
    "--minutes", type=int, default=115, show_default=True, help="Interview length in minutes."
)
@click.option("--seniority", help="Override the seniority read from the posting.")
@click.option(
    "--model", help="litellm model, e.g. openai/gpt-4o-mini; 'offline' for the built-in engine."
)
@click.option(
    "--api-base", help="Endpoint of an OpenAI-compatible server (vLLM, llama.cpp, Ollama)."
)
@click.option("--refresh", is_flag=True, help="Ignore a cached result and generate again.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def generate(
    source: str,
    fmt: str,
    output: str | None,
    quiet: bool,
    model: str | None,
    api_base: str | None,
    refresh: bool,
    **opts: object,
) -> None:
    """Generate a scorecard from FILE (.txt .md .html .docx .pdf) or from stdin."""
    from generator.engines import generate as generate_scorecard
    from generator.intake import read_job_description
    from generator.options import GenerationOptions
    from generator.settings import LLMSettings

    try:
        options = GenerationOptions.model_validate({k: v for k, v in opts.items() if v is not None})
    except ValidationError as exc:
        _fail(
            "; ".join(
                f"--{e['loc'][0]}: {e['msg']}" if e["loc"] else e["msg"] for e in exc.errors()
            )
        )
    if fmt == "xlsx" and not output and sys.stdout.isatty():
        _fail("The workbook is binary: give -o FILE.xlsx or redirect stdout.")
    try:
        if source == "-":
            text = read_job_description(sys.stdin.buffer.read(), filename="stdin.txt")
        else:
            text = read_job_description(Path(source))
        settings = LLMSettings.from_env(model=model, api_base=api_base)
        scorecard = _run_with_progress(
            lambda t, o, progress=None: generate_scorecard(
                t, o, settings, refresh=refresh, **({"progress": progress} if progress else {})
            ),
            text,
            options,
            quiet=quiet,
        )
    except ScorecardError as exc:
        _fail(str(exc))
    data = _render(scorecard, fmt)
    if output:
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            _fail(
                f"Cannot write {output} ({exc.strerror}); choose a folder that exists and that you can write to."
            )
        if not quiet:
            click.echo(f"Wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def validate(file: str) -> None:
    """Check a scorecard JSON file and print every violation."""
    from generator.validation import validate_file

    problems = validate_file(Path(file))
    if problems:
        for problem in problems:
            click.echo(f"{file}: {problem}", err=True)
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(f"{file}: valid scorecard.")


def _render(scorecard, fmt: str) -> bytes:
    from generator import render

    if fmt == "markdown":
        from generator.render.markdown import to_markdown

        return to_markdown(scorecard).encode("utf-8")
    if fmt == "xlsx":
        from generator.render.xlsx import to_xlsx

        return to_xlsx(scorecard)
    return render.to_json(scorecard).encode("utf-8")


def _run_with_progress(generate_scorecard, text: str, options, *, quiet: bool):
    if quiet:
        return generate_scorecard(text, options)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from generator.progress import STAGES

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("Starting", total=len(STAGES))
        scorecard = generate_scorecard(
            text,
            options,
            progress=lambda e: bar.update(task, completed=e.step - 1, description=e.message),
        )
        bar.update(task, completed=len(STAGES))
    return scorecard


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


if __name__ == "__main__":
    main()
