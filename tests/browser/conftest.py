"""Browser fixtures: a real server (waitress + embedded huey worker) and Debian's Chromium via Playwright.

Screenshots are saved under artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
from pathlib import Path

import pytest
from waitress.server import create_server

from web import create_app
from web.worker import start_embedded

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (see .ci/run)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


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
def browser():
    """A headless Debian Chromium; tests open as many contexts (users) as they need."""
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
        yield browser
        browser.close()


def new_page(browser, width: int = 1280, height: int = 900):
    """A page in a fresh context (its own cookies: one logged-in user)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    return context.new_page()


@pytest.fixture
def page(browser):
    return new_page(browser)


ADMIN, PASSWORD = "admin@example.com", "correct-horse-battery"


def set_up_admin(page, server: str) -> None:
    """Create the first admin through the setup page; the page is left logged in."""
    page.goto(server + "/setup")
    page.fill("input[name=email]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards/new")


def log_in(page, server: str, email: str = ADMIN, password: str = PASSWORD) -> None:
    page.goto(server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/scorecards")


def shot(page, name: str, *, full_page: bool = False) -> None:
    """Save a screenshot under artifacts/screenshots/ for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest('.table-scroll, table')) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}`);
    }
  }
  return out.length ? out.slice(0, 10) : ['page scrolls sideways'];
}"""


def overflowing(page) -> list[str]:
    """Elements that make the page scroll sideways (empty when the page fits its width)."""
    return page.evaluate(WIDER_THAN_VIEWPORT)
