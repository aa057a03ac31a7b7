"""Finding one's way: the scorecard page's contents and Print button, the skip link, the list's sorting
and pages, and the progress page's stage checklist, in a real browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

from tests.browser.conftest import log_in, new_page, overflowing, set_up_admin, shot
from tests.conftest import SAMPLE_DIR
from web.models import ScorecardRecord, utcnow


@pytest.fixture
def scorecard_url(server, browser):
    """An admin's generated scorecard (company values given, so every part is there); its URL."""
    page = new_page(browser)
    set_up_admin(page, server)
    page.fill("textarea[name=job_description]", (SAMPLE_DIR / "registered_nurse.txt").read_text())
    page.fill("input[name=company]", "St. Aldric Community Hospital")
    page.fill("input[name=values]", "Compassion, Safety")
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards/*", timeout=60_000)
    page.wait_for_selector("h1:has-text('Interview Guide')")
    url = page.url
    page.context.close()
    return url


def test_contents_follow_the_reader_and_print_works(server, browser, scorecard_url):
    page = new_page(browser, width=1280, height=900)
    log_in(page, server)
    page.goto(scorecard_url)
    side = page.locator("nav.toc-side")
    assert side.is_visible() and not page.locator("details.toc-top").is_visible()
    shot(page, "navigation-1280-top")
    page.click("nav.toc-side a[href='#case-study']")
    page.wait_for_function("location.hash === '#case-study'")
    heading = page.locator("#case-study").bounding_box()
    assert heading is not None and 0 <= heading["y"] < 200  # the heading is at the top
    box = side.bounding_box()
    assert box is not None and box["y"] < 40  # the contents stayed in view (sticky)
    shot(page, "navigation-1280-scrolled")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.locator("nav.toc-side [data-print]").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert not side.is_visible() and not page.locator("[data-print]").first.is_visible()


def test_contents_fold_away_on_a_phone(server, browser, scorecard_url):
    page = new_page(browser, width=390, height=800)
    log_in(page, server)
    page.goto(scorecard_url)
    details = page.locator("details.toc-top")
    assert details.is_visible() and not page.locator("nav.toc-side").is_visible()
    assert not details.locator("a[href='#questions']").is_visible()  # folded until asked for
    details.locator("summary").click()
    details.locator("a[href='#questions']").click()
    page.wait_for_function("location.hash === '#questions'")
    assert overflowing(page) == []
    shot(page, "navigation-390-contents")


def test_skip_link_is_the_first_stop(server, page):
    set_up_admin(page, server)
    page.goto(server + "/scorecards")
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["y"] < 0  # out of sight until focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_list_sorts_and_pages(server, browser, scorecard_url, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with Session(engine) as session:
        source = session.exec(select(ScorecardRecord)).one()
        for n in range(27):
            session.add(
                ScorecardRecord(
                    title=f"Ward Role {n:02d}",
                    owner_id=source.owner_id,
                    job_description_id=source.job_description_id,
                    data=source.data,
                    created_at=utcnow() - timedelta(hours=n + 1),
                )
            )
        session.commit()
    engine.dispose()
    page = new_page(browser, width=1280, height=900)
    log_in(page, server)
    assert page.locator("text=1–25 of 28").is_visible()
    page.click("th a.sort:has-text('Title')")
    page.wait_for_url("**sort=title**")
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Title")
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    assert page.locator("text=26–28 of 28").is_visible()
    rows = page.locator("table.scorecard-list tbody tr td:first-child a").all_inner_texts()
    assert rows == ["Ward Role 24", "Ward Role 25", "Ward Role 26"]
    shot(page, "list-1280-page-2")
    phone = new_page(browser, width=360, height=800)
    log_in(phone, server)
    assert overflowing(phone) == []


def test_form_rows_line_up(server, page):
    set_up_admin(page, server)  # lands on the new-scorecard form
    tops = [
        page.locator(f"fieldset.grid input[name={name}]").bounding_box()["y"]
        for name in ("company", "values", "competencies", "questions")
    ]
    assert max(tops) - min(tops) <= 1, tops  # the long "Company values" label wraps above its box
    page.goto(server + "/scorecards")
    bottoms = [
        round(box["y"] + box["height"])
        for box in (
            page.locator(f".filters {selector}").bounding_box()
            for selector in ("input[name=q]", "select[name=status]", "button")
        )
    ]
    assert max(bottoms) - min(bottoms) <= 1, bottoms
