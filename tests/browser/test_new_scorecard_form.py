"""The new-scorecard form in a real browser: one job per submission, a live count, no Back trap."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest

import web.scorecards
from tests.browser import conftest
from tests.browser.conftest import new_page, overflowing, shot
from tests.conftest import SAMPLE_DIR

PASSWORD = "correct-horse-battery"
NURSE = (SAMPLE_DIR / "registered_nurse.txt").read_text()
SUBMIT = "main button[type=submit]"
SCORECARD = re.compile(r"/scorecards/\d+$")


def set_up_admin(server, browser, width: int = 1280):
    page = new_page(browser, width=width)
    conftest.set_up_admin(page, server)
    return page


def job_count(tmp_path) -> int:
    with sqlite3.connect(tmp_path / "db.sqlite3") as conn:
        return conn.execute("SELECT COUNT(*) FROM generation_job").fetchone()[0]


@pytest.fixture
def slow_connection(monkeypatch):
    """Each form post takes 1.5 s to start its job, like a slow connection."""
    start = web.scorecards.start_generation

    def slowly(**kwargs):
        time.sleep(1.5)
        return start(**kwargs)

    monkeypatch.setattr(web.scorecards, "start_generation", slowly)


def test_pressing_generate_three_times_makes_one_scorecard(
    server, browser, tmp_path, slow_connection
):
    page = set_up_admin(server, browser)
    page.fill("textarea[name=job_description]", NURSE)
    shot(page, "new-form-1280")
    # One evaluation, because the page cannot be reached while its form post is pending:
    # press, look at the button, press twice more (one a little later, as a person would).
    state = page.evaluate(PRESS_THREE_TIMES)
    assert state == {"disabled": True, "label": "Generating…"}
    page.wait_for_url(SCORECARD, timeout=60_000)
    page.wait_for_selector("h1:has-text('Interview Guide for Registered Nurse')")
    assert job_count(tmp_path) == 1


def test_the_server_answers_a_repeated_form_with_the_first_job(
    server, browser, tmp_path, slow_connection
):
    page = set_up_admin(server, browser)
    page.fill("textarea[name=job_description]", NURSE)
    # form.submit() skips the page's script, so both posts reach the server while the first
    # is still being handled; both carry the same form token.
    page.evaluate(SUBMIT_TWICE)
    page.wait_for_url(SCORECARD, timeout=60_000)
    page.wait_for_selector("h1:has-text('Interview Guide for Registered Nurse')")
    assert job_count(tmp_path) == 1


PRESS_THREE_TIMES = """() => new Promise((resolve) => {
  const button = document.querySelector('main button[type=submit]');
  button.click();
  setTimeout(() => {
    const state = {disabled: button.disabled, label: button.textContent};
    button.click();
    setTimeout(() => { button.click(); resolve(state); }, 100);
  }, 100);
})"""

SUBMIT_TWICE = """() => new Promise((resolve) => {
  const form = document.getElementById('new-scorecard');
  form.submit();
  setTimeout(() => { form.submit(); resolve(true); }, 300);
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_character_count_warns_over_the_limit_without_cutting(server, browser, width):
    page = set_up_admin(server, browser, width=width)
    count = page.locator("#jd-count")
    assert count.inner_text() == "0 / 50,000 characters"
    page.fill("textarea[name=job_description]", NURSE)
    assert count.inner_text() == f"{len(NURSE.strip()):,} / 50,000 characters"
    long_text = "Plan and run warehouse shifts safely. " * 1400 + "THE LAST DUTY."
    page.fill("textarea[name=job_description]", long_text)
    assert page.locator("textarea").input_value().endswith("THE LAST DUTY.")  # never cut
    assert count.inner_text().startswith(
        f"{len(long_text.strip()):,} / 50,000 characters. Too long"
    )
    assert "over" in count.get_attribute("class")
    shot(page, f"new-form-too-long-{width}")
    assert overflowing(page) == []
    page.click(SUBMIT)
    page.wait_for_selector("div.error")
    assert "the limit is 50,000" in page.locator("div.error").inner_text()
    assert page.locator("textarea").input_value().endswith("THE LAST DUTY.")
    assert page.locator(SUBMIT).is_enabled()
    shot(page, f"new-form-refused-{width}")


def test_back_from_the_scorecard_is_not_sent_forward_again(server, browser):
    page = set_up_admin(server, browser)
    page.fill("textarea[name=job_description]", NURSE)
    page.click(SUBMIT)
    page.wait_for_url(SCORECARD, timeout=60_000)
    scorecard = page.url
    page.go_back()
    time.sleep(2)
    assert page.url != scorecard and page.url.endswith("/scorecards/new")
    assert page.locator(SUBMIT).is_enabled()


def test_a_finished_job_reached_through_history_shows_a_link(server, browser):
    page = set_up_admin(server, browser)
    page.fill("textarea[name=job_description]", NURSE)
    page.route("**/jobs/*/status", lambda route: route.abort())  # the page cannot move on
    page.click(SUBMIT)
    page.wait_for_url("**/jobs/*")
    job_url = page.url
    for _ in range(120):
        if page.request.get(job_url + "/status").json()["status"] == "succeeded":
            break
        time.sleep(0.5)
    page.click("text=Scorecards")
    page.wait_for_url("**/scorecards")
    page.unroute("**/jobs/*/status")
    page.go_back()
    page.wait_for_selector("#job-scorecard")
    time.sleep(2)
    assert page.url == job_url  # not bounced to the scorecard
    link = page.locator("#job-scorecard")
    assert link.is_visible() and link.inner_text() == "Open the scorecard"
    shot(page, "job-finished-from-history-1280")
    page.set_viewport_size({"width": 390, "height": 800})
    assert overflowing(page) == []
    shot(page, "job-finished-from-history-390")
    link.click()
    page.wait_for_selector("h1:has-text('Interview Guide for Registered Nurse')")
    page.go_back()
    time.sleep(1.5)
    assert page.url == job_url
