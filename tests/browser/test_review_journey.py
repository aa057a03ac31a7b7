"""The hiring manager's review in a real browser, from a recruiter's draft to the version
interviewers use: weight refused at 105, rebalance, edits, a regenerated case study accepted from
its diff, submit, approve; then the interviewer sees exactly that version."""

from __future__ import annotations

from tests.browser.conftest import new_page, overflowing, shot
from tests.conftest import SAMPLE_DIR

PASSWORD = "correct-horse-battery"


def login(page, server: str, email: str) -> None:
    page.goto(server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards**")


def add_users(page, server: str) -> None:
    """The first visitor sets up the admin, who adds the team through the users page."""
    page.goto(server + "/setup")
    page.fill("input[name=email]", "admin@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards/new")
    for email, role in (
        ("rec@example.com", "recruiter"),
        ("hm@example.com", "hiring_manager"),
        ("int@example.com", "interviewer"),
    ):
        page.goto(server + "/admin/users")
        page.fill("main form input[name=email]", email)
        page.fill("main form input[name=password]", PASSWORD)
        page.select_option("main form select[name=role]", role)
        page.click("main form button:has-text('Add user')")
        page.wait_for_selector(f"td:has-text('{email}')")


def test_review_from_draft_to_the_interviewers_version(server, browser):
    errors: list[str] = []
    admin = new_page(browser)
    add_users(admin, server)

    recruiter = new_page(browser)
    recruiter.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(recruiter, server, "rec@example.com")
    recruiter.goto(server + "/scorecards/new")
    recruiter.fill(
        "textarea[name=job_description]",
        (SAMPLE_DIR / "customer_success_manager.md").read_text(),
    )
    recruiter.click("main button[type=submit]")
    recruiter.wait_for_url("**/scorecards/*", timeout=60_000)
    recruiter.wait_for_selector("h1:has-text('Interview Guide')")
    scorecard_url = recruiter.url
    recruiter.click("button:has-text('Submit for review')")
    recruiter.wait_for_selector(".status:has-text('In review')")

    manager = new_page(browser)
    manager.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(manager, server, "hm@example.com")
    manager.goto(scorecard_url)
    shot(manager, "review-01-in-review")
    manager.click("a.button:has-text('Edit')")
    manager.wait_for_selector("#editor")

    # A weight 5 points higher: the live total reads 105 and the save is refused at that field.
    weight = manager.locator("[name='competencies.0.weight']")
    original = int(weight.input_value())
    weight.fill(str(original + 5))
    weight.dispatch_event("input")
    total = manager.locator('[data-check="weights"] .figure')
    assert total.inner_text().startswith("105")
    manager.click(".summary-panel button[value=save]")
    manager.wait_for_selector("#f-competencies-0-weight-error")
    assert "100" in manager.inner_text("#f-competencies-0-weight-error")
    assert manager.locator("[name='competencies.0.weight']").input_value() == str(original + 5)
    shot(manager, "review-02-weight-refused")

    # Rebalance keeps the typed weight and brings the total to 100.
    manager.click("button[value=rebalance]")
    manager.wait_for_selector('[data-check="weights"] .figure:has-text("100 / 100")')
    assert manager.locator("[name='competencies.0.weight']").input_value() == str(original + 5)

    # Edit a rubric level and a question, then save: version 2.
    rubric = "Sets up renewal reviews that other managers copy; names the risk before it shows."
    manager.fill("[name='competencies.0.rubric.3.description']", rubric)
    question = (
        "Walk me through the last renewal you saved: what did you see first, and what did you do?"
    )
    manager.fill("[name='questions.0.text']", question)
    manager.click(".summary-panel button[value=save]")
    manager.wait_for_selector("text=Saved version 2")
    assert rubric in manager.inner_text("main") and question in manager.inner_text("main")
    shot(manager, "review-03-saved-v2")

    # Regenerate the case study with an instruction; accept the proposal from its diff.
    manager.click("a:has-text('Regenerate a part')")
    manager.select_option("select[name=part]", "case_study")
    manager.fill("input[name=instruction]", "make the case study about a hospital merger")
    shot(manager, "review-04-regenerate")
    manager.click("main button:has-text('Regenerate')")
    manager.wait_for_selector("h2:has-text('Proposed change')", timeout=60_000)
    assert "case study" in manager.inner_text(".diff-summary").lower()
    shot(manager, "review-05-proposal", full_page=True)
    manager.click("button:has-text('Accept as version 3')")
    manager.wait_for_selector("text=Accepted: saved as version 3")

    # Submit and approve version 3.
    manager.click("button:has-text('Submit for review')")
    manager.wait_for_selector(".status:has-text('In review')")
    manager.click("button:has-text('Approve version 3')")
    manager.wait_for_selector("text=Version 3 is approved")
    shot(manager, "review-06-approved")
    approved_url = manager.url

    manager.click("a:has-text('History')")
    manager.wait_for_selector("table.versions")
    rows = manager.locator("table.versions tbody tr")
    assert rows.count() == 3
    assert (
        "Approved" in rows.nth(0).inner_text()
        and "Regenerated the case study" in rows.nth(0).inner_text()
    )
    shot(manager, "review-07-history")
    manager.click("button:has-text('Compare selected versions')")
    manager.wait_for_selector("h1:has-text('Version 2 → version 3')")
    shot(manager, "review-08-diff", full_page=True)

    # The interviewer sees exactly the approved version, and no editing.
    interviewer = new_page(browser)
    interviewer.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(interviewer, server, "int@example.com")
    links = interviewer.locator("td a")
    assert links.count() == 1
    links.first.click()
    interviewer.wait_for_url(approved_url)
    body = interviewer.inner_text("main")
    assert rubric in body and question in body and "version 3" in body
    assert interviewer.locator("a:has-text('Edit')").count() == 0
    shot(interviewer, "review-09-interviewer")

    # The pages fit a phone.
    phone = new_page(browser, width=390, height=844)
    login(phone, server, "hm@example.com")
    for name, url in (("show", approved_url), ("history", approved_url + "/history")):
        phone.goto(url)
        assert overflowing(phone) == [], name
        shot(phone, f"review-10-phone-{name}")
    assert not [e for e in errors if "Content Security Policy" in e], errors
