"""Accounts in a real browser: invite, accept, reset, own password change, disable, login limits.

Each page is also looked at 1280 px and 390 px wide (screenshots under artifacts/screenshots/).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    ADMIN,
    new_page,
    overflowing,
    set_up_admin,
    shot,
)

INVITEE = "invitee@example.com"
CHOSEN, RESET_CHOICE, OWN_CHOICE = (
    "violet-canyon-ferry-7",
    "amber-rowing-tides-9",
    "quiet-maple-orbit-3",
)


@pytest.fixture(autouse=True)
def low_login_limits(monkeypatch):
    """Two failures per address and email before the wait (read when the server's app is built)."""
    monkeypatch.setenv("LOGIN_ATTEMPTS", "2")


def _both_widths(page, name: str) -> None:
    """Screenshots at 1280 and 390 px; at 390 the page must not scroll sideways."""
    shot(page, f"accounts-{name}-1280", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert overflowing(page) == [], name
    shot(page, f"accounts-{name}-390", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _edges(page, selector: str, edge: str) -> list[float]:
    """The top or bottom of each element, in whole pixels."""
    return page.eval_on_selector_all(
        selector, f"els => els.map(e => Math.round(e.getBoundingClientRect().{edge}))"
    )


def test_accounts_from_invitation_to_disabling(server, browser):
    admin = new_page(browser)
    set_up_admin(admin, server)

    # The users page: the least privileged role first, and each row's fields on one line.
    admin.goto(server + "/admin/users")
    assert admin.input_value("#create-user select[name=role]") == "interviewer"
    for form in ("#create-user", "form[role=search]"):
        selector = f"{form} input:not([type=hidden]), {form} select, {form} button"
        for edge in ("top", "bottom"):
            found = _edges(admin, selector, edge)
            assert len(found) >= 3 and max(found) - min(found) <= 1, (form, edge, found)
    _both_widths(admin, "users")

    # Invite: no password typed, so the page shows a one-time link.
    admin.fill("#create-user input[name=email]", INVITEE)
    admin.click("#create-user button[type=submit]")
    link = admin.input_value("#invitation-link")
    assert re.fullmatch(re.escape(server) + r"/invitation/[\w-]{40,}", link)
    shot(admin, "accounts-invited-1280")

    invitee = new_page(browser)
    invitee.goto(link)
    assert INVITEE in invitee.inner_text("main")
    _both_widths(invitee, "invitation-accept")
    invitee.fill("input[name=password]", CHOSEN)
    invitee.fill("input[name=confirm]", CHOSEN)
    invitee.click("main button[type=submit]")
    invitee.wait_for_url("**/scorecards")
    assert INVITEE in invitee.inner_text("header")  # logged in
    used = new_page(browser)
    used.goto(link)
    assert "Ask your administrator for a new link" in used.inner_text("main")

    # The admin resets: the invitee must choose a new password at their next login.
    admin.goto(server + "/admin/users")
    admin.click(f"tr:has-text('{INVITEE}') a:has-text('Reset password')")
    shot(admin, "accounts-reset-1280")
    admin.click("main button[type=submit]")
    assert "must choose a new password" in admin.inner_text("main")
    _both_widths(admin, "users-after-reset")
    invitee.goto(server + "/scorecards")
    invitee.wait_for_url("**/login*")  # their session ended
    log_in_to(invitee, server, INVITEE, CHOSEN, "**/password/new")
    invitee.goto(server + "/profile")
    assert invitee.url.endswith("/password/new")  # no other page opens
    _both_widths(invitee, "must-change")
    invitee.fill("input[name=new_password]", RESET_CHOICE)
    invitee.fill("input[name=confirm]", RESET_CHOICE)
    invitee.click("main button[type=submit]")
    invitee.wait_for_url("**/scorecards")

    # The invitee changes their own password on the profile page.
    invitee.goto(server + "/profile")
    _both_widths(invitee, "profile")
    invitee.fill("input[name=current_password]", "not the password")
    invitee.fill("input[name=new_password]", OWN_CHOICE)
    invitee.fill("input[name=confirm]", OWN_CHOICE)
    invitee.click("form.accounts-password button[type=submit]")
    assert "Your current password is not right" in invitee.inner_text("main")
    invitee.fill("input[name=current_password]", RESET_CHOICE)
    invitee.fill("input[name=new_password]", OWN_CHOICE)
    invitee.fill("input[name=confirm]", OWN_CHOICE)
    invitee.click("form.accounts-password button[type=submit]")
    assert "Your password is changed" in invitee.inner_text("main")
    shot(invitee, "accounts-profile-changed-1280", full_page=True)

    # Disabling asks first; Cancel changes nothing, the confirm button disables.
    admin.goto(server + "/admin/users")
    admin.click(f"tr:has-text('{INVITEE}') a:has-text('Disable')")
    assert f"Disable {INVITEE}?" in admin.inner_text("main")
    shot(admin, "accounts-confirm-disable-1280")
    admin.click("main a:has-text('Cancel')")
    assert "disabled" not in admin.inner_text(f"tr:has-text('{INVITEE}')")
    admin.click(f"tr:has-text('{INVITEE}') a:has-text('Disable')")
    admin.click("main button:has-text('Disable')")
    assert "disabled" in admin.inner_text(f"tr:has-text('{INVITEE}')")
    invitee.goto(server + "/scorecards")
    invitee.wait_for_url("**/login*")


def log_in_to(page, server: str, email: str, password: str, lands_on: str) -> None:
    page.goto(server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lands_on)


def test_a_limited_login_shows_the_form_with_the_wait(server, browser):
    admin = new_page(browser)
    set_up_admin(admin, server)
    page = new_page(browser)
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/login") else None)
    for _ in range(3):
        page.goto(server + "/login")
        page.fill("input[name=email]", ADMIN)
        page.fill("input[name=password]", "not the password")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert statuses[-1] == 429
    assert "Try again in" in page.inner_text("main .error")
    assert page.is_visible("input[name=email]") and page.is_visible("input[name=password]")
    assert page.input_value("input[name=email]") == ADMIN
    shot(page, "accounts-login-limited-1280")
