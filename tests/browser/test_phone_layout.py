"""Every page fits a 360 px phone: no sideways page scroll; wide tables scroll inside their own box."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

from tests.browser.conftest import log_in, new_page, overflowing, set_up_admin, shot
from tests.conftest import SAMPLE_DIR
from web.models import GenerationJob, JobStatus


@pytest.fixture
def admin_with_scorecard(server, browser):
    """An admin logged in at 1280 px who has generated one scorecard; returns its URL."""
    page = new_page(browser)
    set_up_admin(page, server)
    page.goto(server + "/admin/users")
    page.fill("input[name=email]", "a-recruiter-with-a-rather-long-address@example-company.com")
    page.fill("input[name=password]", "another-long-passphrase")
    page.select_option("select[name=role]", "recruiter")
    page.click("form.create-user button[type=submit], main form button[type=submit]")
    page.goto(server + "/scorecards/new")
    page.fill(
        "textarea[name=job_description]", (SAMPLE_DIR / "senior_data_engineer.md").read_text()
    )
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards/*", timeout=60_000)
    page.wait_for_selector("h1:has-text('Interview Guide')")
    url = page.url
    page.context.close()
    return url


@pytest.mark.parametrize("width", [360, 390])
def test_pages_fit_a_phone(server, browser, admin_with_scorecard, width):
    page = new_page(browser, width=width, height=800)
    log_in(page, server)
    scorecard = admin_with_scorecard.removeprefix(server)
    problems = {}
    for name, path in [
        ("list", "/scorecards"),
        ("new", "/scorecards/new"),
        ("scorecard", scorecard),
        ("users", "/admin/users"),
        ("profile", "/profile"),
        ("history", scorecard + "/history"),
        ("edit", scorecard + "/edit"),
        ("delete", scorecard + "/delete"),
    ]:
        response = page.goto(server + path)
        if response is None or response.status >= 400:
            continue
        shot(page, f"phone-{width}-{name}", full_page=True)
        if found := overflowing(page):
            problems[name] = found
        # A rubric table may scroll inside its box, but never spill out of its card.
        spilled = page.evaluate(
            """() => [...document.querySelectorAll('table')].filter(t => {
                 const box = (t.closest('.table-scroll') || t).getBoundingClientRect();
                 return box.right > document.documentElement.clientWidth + 1;
               }).length"""
        )
        if spilled:
            problems[f"{name} tables"] = spilled
    assert problems == {}


def test_printing_the_scorecard_page_leaves_room_for_notes(server, browser, admin_with_scorecard):
    page = new_page(browser)
    log_in(page, server)
    page.goto(admin_with_scorecard)
    competencies = page.locator("section.competency").count()
    notes = page.locator(".notes")
    assert notes.count() == 2 * competencies
    assert not notes.first.is_visible()  # on screen the boxes are hidden
    page.emulate_media(media="print")
    assert all(notes.nth(i).is_visible() for i in range(notes.count()))
    assert notes.first.bounding_box()["height"] > 80  # about 26 mm of writing space
    notes.first.scroll_into_view_if_needed()
    shot(page, "print-media-scorecard")


def test_new_page_states_fit_a_phone(server, browser, admin_with_scorecard, tmp_path):
    """The contents opened on the scorecard, a job half-way with its stage list, and the list's notice."""
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with Session(engine) as session:
        done = session.exec(select(GenerationJob)).one()
        running = GenerationJob(
            owner_id=done.owner_id,
            job_description_id=done.job_description_id,
            status=JobStatus.running,
            progress=50,
            stage="Building the question bank … 12,480 tokens received from a-very-long-model-name",
            lease="held-by-a-worker-that-is-not-there",
        )
        session.add(running)
        session.commit()
        running_id = running.id
    engine.dispose()
    page = new_page(browser, width=360, height=800)
    log_in(page, server)
    problems = {}
    page.goto(admin_with_scorecard)
    page.click("details.toc-top summary")
    shot(page, "phone-360-scorecard-contents", full_page=False)
    if found := overflowing(page):
        problems["contents"] = found
    page.goto(f"{server}/jobs/{running_id}")
    assert page.locator("li.stage-current").inner_text().startswith("Build the question bank")
    shot(page, "phone-360-job-stages", full_page=True)
    if found := overflowing(page):
        problems["job"] = found
    page.goto(server + "/scorecards")
    assert page.locator("text=is still being generated").is_visible()
    shot(page, "phone-360-list-notice", full_page=True)
    if found := overflowing(page):
        problems["list notice"] = found
    assert problems == {}
