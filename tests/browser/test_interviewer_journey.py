"""Two interviewers score the same candidate in real browsers (Debian's Chromium via Playwright);
the first sees nothing of the second's ratings until they submit, then sees them; the hiring
manager sees the ranking, a knockout, a disagreement and the calibration table.

Screenshots at 1280 px and 390 px wide are saved under artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import new_page, shot
from tests.conftest import SAMPLE_DIR

PASSWORD = "correct-horse-battery"
I1_EVIDENCE = (
    "Walked through a deteriorating patient: took vitals, used SBAR, escalated within minutes."
)
I2_EVIDENCE = "Could not describe an escalation path; said they would wait for the doctor's round."


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _seed(server: str) -> dict:
    """Admin, hiring manager and two interviewers; an approved scorecard; two more candidates scored."""
    with httpx.Client(base_url=server, follow_redirects=True, timeout=30) as web:
        form = {"email": "admin@example.com", "password": PASSWORD, "confirm": PASSWORD}
        web.post("/setup", data={**form, "csrf_token": _csrf(web.get("/setup").text)})
        for email, role in [
            ("hm@example.com", "hiring_manager"),
            ("i1@example.com", "interviewer"),
            ("i2@example.com", "interviewer"),
        ]:
            csrf = _csrf(web.get("/admin/users").text)
            data = {"email": email, "password": PASSWORD, "role": role, "csrf_token": csrf}
            assert web.post("/admin/users", data=data).status_code == 200
    tokens = {}
    with httpx.Client(base_url=server, timeout=30) as api:
        for email in ("admin@example.com", "hm@example.com", "i1@example.com", "i2@example.com"):
            response = api.post("/api/tokens", json={"email": email, "password": PASSWORD})
            tokens[email] = {"Authorization": f"Bearer {response.json()['token']}"}
        nurse = (SAMPLE_DIR / "registered_nurse.txt").read_text()
        job = api.post(
            "/api/scorecards", json={"job_description": nurse}, headers=tokens["hm@example.com"]
        )
        for _ in range(240):
            status = api.get(
                f"/api/jobs/{job.json()['job_id']}", headers=tokens["hm@example.com"]
            ).json()
            if status["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.25)
        scorecard_id = status["scorecard_id"]
        approved = api.post(
            f"/api/scorecards/{scorecard_id}/approve", headers=tokens["hm@example.com"]
        )
        assert approved.status_code == 200, approved.text
        card = api.get(f"/api/scorecards/{scorecard_id}", headers=tokens["hm@example.com"]).json()[
            "scorecard"
        ]
        ids = [c["id"] for c in card["competencies"]]
        must = next(c["id"] for c in card["competencies"] if c["must_have"])
        for name, scores in [("Ben Lind", {must: 1}), ("Cy Moreau", {})]:
            created = api.post(
                f"/api/scorecards/{scorecard_id}/candidates",
                json={"name": name, "interviewers": ["i1@example.com", "i2@example.com"]},
                headers=tokens["hm@example.com"],
            ).json()
            for email, base in (("i1@example.com", 3), ("i2@example.com", 4)):
                ratings = [
                    {"competency_id": cid, "score": scores.get(cid, base), "evidence": I1_EVIDENCE}
                    for cid in ids
                ]
                url = f"/api/candidates/{created['id']}/feedback"
                api.put(
                    url,
                    json={"recommendation": "no" if scores else "yes", "ratings": ratings},
                    headers=tokens[email],
                ).raise_for_status()
                api.post(url + "/submit", headers=tokens[email]).raise_for_status()
    return {"scorecard_id": scorecard_id, "card": card, "ids": ids, "must": must}


def _login(page, server: str, email: str) -> None:
    page.goto(server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards")


def _rate(page, cid: str, level: int, evidence: str) -> None:
    page.check(f'input[name="score-{cid}"][value="{level}"]')
    page.fill(f'textarea[name="evidence-{cid}"]', evidence)


def _no_overflow(page) -> None:
    """Nothing sticks out sideways: wide tables scroll inside their own box."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_two_interviewers_and_the_hiring_manager(server, browser):
    data = _seed(server)
    ids, must = data["ids"], data["must"]
    disputed = next(c["id"] for c in data["card"]["competencies"] if not c["must_have"])
    errors: list[str] = []

    manager = new_page(browser)
    manager.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(manager, server, "hm@example.com")
    manager.goto(f"{server}/scorecards/{data['scorecard_id']}/candidates")
    manager.fill("input[name=name]", "Ada Okafor")
    manager.fill("input[name=email]", "ada@example.com")
    manager.fill("input[name=interviewer-1]", "i1@example.com")
    manager.fill("input[name=interviewer-2]", "i2@example.com")
    shot(manager, "scoring-01-add-candidate-1280")
    manager.click("text=Add candidate")
    manager.wait_for_url("**/candidates/*")
    candidate_url = manager.url
    assert manager.locator("h1:has-text('Ada Okafor')").is_visible()

    # Interviewer 1, on a desktop: starts a draft, which saves itself and survives a reload.
    one = new_page(browser)
    one.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(one, server, "i1@example.com")
    one.goto(server + "/candidates")
    one.click("text=Ada Okafor")
    one.click("text=Score this candidate")
    one.wait_for_url("**/score")
    for cid in ids[:4]:
        _rate(one, cid, 4 if cid != disputed else 5, I1_EVIDENCE)
    expect(one.locator("#save-status")).to_have_text(re.compile(r"Saved \d\d:\d\d"), timeout=15_000)
    one.evaluate("window.scrollTo(0, 0)")
    shot(one, "scoring-02-form-autosaved-1280")
    one.reload()
    assert one.is_checked(f'input[name="score-{ids[0]}"][value="4"]')
    assert one.input_value(f'textarea[name="evidence-{ids[0]}"]') == I1_EVIDENCE
    _no_overflow(one)

    # Interviewer 2, on a phone: scores everything, rates the must-have 2, and submits.
    two = new_page(browser, width=390, height=844)
    two.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(two, server, "i2@example.com")
    two.goto(candidate_url + "/score")
    for cid in ids:
        _rate(two, cid, 1 if cid == disputed else 2 if cid == must else 3, I2_EVIDENCE)
    two.check('input[name="recommendation"][value="no"]')
    shot(two, "scoring-03-form-390")
    _no_overflow(two)
    two.click("#submit-feedback")
    two.wait_for_url(candidate_url)
    assert "Feedback submitted" in two.inner_text("main")
    shot(two, "scoring-04-candidate-after-submit-390", full_page=True)
    _no_overflow(two)

    # Interviewer 1 still sees nothing of interviewer 2's ratings or recommendation.
    one.goto(candidate_url)
    main = one.inner_text("main")
    assert "Other interviewers' feedback is hidden" in main
    assert (
        I2_EVIDENCE not in main
        and "i2@example.com:" not in main
        and "Recommendation: No" not in main
    )
    shot(one, "scoring-05-candidate-blind-1280")
    one.goto(candidate_url + "/score")
    for cid in ids[4:]:
        _rate(one, cid, 4, I1_EVIDENCE)
    one.check('input[name="recommendation"][value="yes"]')
    one.click("#submit-feedback")
    one.wait_for_url(candidate_url)
    main = one.inner_text("main")
    assert I2_EVIDENCE in main and "is hidden" not in main
    assert one.locator("#disagreements").is_visible()
    shot(one, "scoring-06-candidate-unblinded-1280", full_page=True)

    # The hiring manager: ranking, knockout, disagreement flag and calibration.
    manager.goto(f"{server}/scorecards/{data['scorecard_id']}/comparison")
    table = manager.inner_text("#ranking")
    assert table.index("Cy Moreau") < table.index("Ada Okafor") < table.index("Ben Lind")
    assert "Knocked out" in table and "≠" in table
    assert manager.locator("#calibration table tbody tr").count() == 2
    assert "z-score" in manager.inner_text("#calibration")
    shot(manager, "scoring-07-comparison-1280", full_page=True)
    _no_overflow(manager)
    phone = new_page(browser, width=390, height=844)
    _login(phone, server, "hm@example.com")
    phone.goto(f"{server}/scorecards/{data['scorecard_id']}/comparison")
    shot(phone, "scoring-08-comparison-390", full_page=True)
    _no_overflow(phone)
    phone.goto(candidate_url)
    shot(phone, "scoring-09-candidate-manager-390", full_page=True)
    _no_overflow(phone)
    one.goto(candidate_url + "/kit")
    shot(one, "scoring-10-interview-kit-1280")
    one.emulate_media(media="print")
    assert not one.locator("text=Print this kit").is_visible()  # paper shows the kit only
    shot(one, "scoring-11-interview-kit-print", full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
