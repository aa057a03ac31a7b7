"""The structured editor in Debian's Chromium: live checks as the user types, and its layout.

Screenshots of the edit page at desktop and phone widths go to artifacts/screenshots/.
"""

from __future__ import annotations

import re

from tests.browser.conftest import new_page, set_up_admin, shot
from tests.conftest import SAMPLE_DIR

PASSWORD = "correct-horse-battery"


def _set_up(server, page) -> str:
    """An admin, a hiring manager and a generated scorecard; returns the scorecard's edit URL."""
    set_up_admin(page, server)
    page.goto(server + "/admin/users")
    page.fill("input[name=email]", "hm@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.select_option("main form.row select[name=role]", "hiring_manager")
    page.click("text=Add user")
    page.goto(server + "/scorecards/new")
    page.fill(
        "textarea[name=job_description]", (SAMPLE_DIR / "senior_data_engineer.md").read_text()
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/scorecards/\d+$"), timeout=60_000)
    return page.url + "/edit"


def _log_in(page, server, email):
    page.goto(server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards")


def _watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_live_checks_save_and_conflict(server, browser):
    admin = new_page(browser)
    edit_url = _set_up(server, admin)
    page = new_page(browser)
    errors = _watch_console(page)
    _log_in(page, server, "hm@example.com")
    page.goto(edit_url)
    total = page.locator('[data-check="weights"] .figure')
    assert total.inner_text() == "100 / 100"
    weight = page.locator('input[name="competencies.0.weight"]')
    first = int(weight.input_value())
    weight.fill(str(first + 5))
    assert total.inner_text() == "105 / 100"
    assert page.locator('[data-check="weights"] .state').inner_text() == "Fix"
    shot(page, "editor-01-live-total-105")
    # The server refuses it at the field and keeps what was typed.
    page.locator(".summary-panel button[value=save]").click()
    assert "Weights add up to 105%" in page.locator("#f-competencies-0-weight-error").inner_text()
    assert weight.input_value() == str(first + 5)
    assert page.evaluate("document.activeElement.className") == "error-summary"
    page.locator(".summary-panel button[value=rebalance]").click()
    assert total.inner_text() == "100 / 100" and weight.input_value() == str(first + 5)
    # A second editor (the admin) starts from the same version and saves second.
    admin.goto(edit_url)
    page.fill('textarea[name="competencies.1.rubric.2.description"]', "Runs Terraform safely.")
    page.fill('textarea[name="questions.0.text"]', "How would you model referrals in dbt?")
    page.locator(".summary-panel button[value=save]").click()
    page.wait_for_url(re.compile(r".*/scorecards/\d+$"))
    assert page.locator("text=Saved version 2.").is_visible()
    admin.fill('textarea[name="competencies.2.lead_question.text"]', "Typed by the admin.")
    admin.locator(".summary-panel button[value=save]").click()
    banner = admin.locator(".conflict")
    assert "hm@example.com saved version 2" in banner.inner_text()
    assert (
        admin.input_value('textarea[name="competencies.2.lead_question.text"]')
        == "Typed by the admin."
    )
    shot(admin, "editor-02-conflict")
    admin.click("text=Save my edits on top of version 2")
    admin.wait_for_url(re.compile(r".*/scorecards/\d+$"))
    assert admin.locator("text=Saved version 3.").is_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_edit_page_layout_at_desktop_and_phone_widths(server, browser):
    admin = new_page(browser)
    errors = _watch_console(admin)
    edit_url = _set_up(server, admin)
    admin.goto(edit_url)
    admin.locator('input[name="competencies.0.weight"]').fill("50")
    admin.fill('textarea[name="questions.2.text"]', "How old are you?")
    admin.locator(".summary-panel button[value=save]").click()  # errors and a finding on show
    shot(admin, "editor-03-desktop-1280", full_page=True)
    phone = new_page(browser, width=390, height=844)
    _log_in(phone, server, "hm@example.com")
    phone.goto(edit_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "editor-04-phone-390", full_page=True)
    shot(phone, "editor-05-phone-390-top")
    narrow = new_page(browser, width=360, height=740)
    _log_in(narrow, server, "hm@example.com")
    narrow.goto(edit_url)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 360
    assert not [e for e in errors if "Content Security Policy" in e], errors
