"""The recruiter's journey in a real browser (Debian's Chromium driven by Playwright) against a real server.

Screenshots are saved under artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import io
import shutil
import socket
import threading
from pathlib import Path

import openpyxl
import pytest
from waitress.server import create_server

from tests.conftest import SAMPLE_DIR
from web import create_app
from web.worker import start_embedded

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (see .ci/run)"
)


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.delenv("SCORECARD_MODEL", raising=False)
    app = create_app(
        {
            "instance_path": tmp_path / "instance",
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    httpd = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    consumer = start_embedded(app.extensions["scorecard"]["queue"], workers=1)
    yield f"http://127.0.0.1:{port}"
    consumer.stop(graceful=True)
    httpd.close()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_recruiter_journey(server, page, tmp_path):
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(server + "/")
    assert page.url.endswith("/setup")
    page.fill("input[name=email]", "admin@example.com")
    page.fill("input[name=password]", "correct-horse-battery")
    page.fill("input[name=confirm]", "correct-horse-battery")
    shot(page, "01-setup")
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards/new")

    page.click("text=Log out")
    page.wait_for_url("**/login")
    page.fill("input[name=email]", "admin@example.com")
    page.fill("input[name=password]", "correct-horse-battery")
    shot(page, "02-login")
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards")

    page.goto(server + "/scorecards/new")
    page.fill("textarea[name=job_description]", (SAMPLE_DIR / "registered_nurse.txt").read_text())
    page.fill("input[name=company]", "St. Aldric Community Hospital")
    page.fill("input[name=values]", "Compassion, Safety, Teamwork")
    shot(page, "03-new-scorecard")
    page.click("main button[type=submit]")
    page.wait_for_url("**/jobs/*")
    assert page.locator("progress#job-progress").count() == 1
    shot(page, "04-progress")
    page.wait_for_url("**/scorecards/*", timeout=60_000)
    page.wait_for_selector("h1:has-text('Interview Guide for Registered Nurse')")
    assert page.locator("text=Patient-Centred Care").first.is_visible()
    assert page.locator("text=Must Have").first.is_visible()
    shot(page, "05-scorecard")

    with page.expect_download() as download_info:
        page.click("text=Excel workbook")
    download = download_info.value
    assert download.suggested_filename == "registered-nurse-medical-surgical-unit-scorecard.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert workbook.sheetnames == ["Scoring", "Competencies", "Question Bank", "Score Levels"]

    page.goto(server + "/scorecards?q=nurse")
    assert page.locator("td a:has-text('Registered Nurse')").count() == 1
    shot(page, "06-list")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_failed_generation_keeps_the_text(server, page):
    page.goto(server + "/setup")
    page.fill("input[name=email]", "admin@example.com")
    page.fill("input[name=password]", "correct-horse-battery")
    page.fill("input[name=confirm]", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards/new")
    page.fill("textarea[name=job_description]", "Too short")
    page.fill("input[name=company]", "Typed Company")
    page.click("main button[type=submit]")
    assert page.locator("[role=alert]").inner_text().startswith("The job description is too short")
    assert page.input_value("textarea[name=job_description]") == "Too short"
    assert page.input_value("input[name=company]") == "Typed Company"
    shot(page, "07-invalid-input")
