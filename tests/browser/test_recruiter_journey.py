"""The recruiter's journey in a real browser (Debian's Chromium driven by Playwright) against a real server.

Screenshots are saved under artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import io

import openpyxl

from tests.browser.conftest import shot
from tests.conftest import SAMPLE_DIR


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
    with page.expect_response(lambda r: "/jobs/" in r.url and "/status" not in r.url) as job_page:
        page.click("main button[type=submit]")
    # The worker may finish before the page is looked at (the page then replaces itself with the
    # scorecard), so read the progress page again with the same session.
    progress_page = page.request.get(job_page.value.url).text()
    assert 'id="job-progress"' in progress_page and "Generating" in progress_page
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
    assert page.locator("td:first-child a:has-text('Registered Nurse')").count() == 1
    shot(page, "06-list")
    # Deleting asks first, on its own page (no script needed), then the list says it is gone.
    page.click("a.button:has-text('Delete')")
    page.wait_for_url("**/delete?**")
    assert page.locator("h1").inner_text().startswith("Delete “Registered Nurse")
    shot(page, "06b-confirm-delete")
    page.click("button:has-text('Delete the scorecard')")
    page.wait_for_url("**/scorecards?q=nurse")
    assert page.locator("text=and all its versions were deleted").is_visible()
    assert page.locator("td:first-child a").count() == 0
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
