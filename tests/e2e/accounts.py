"""Signing in through the real login page, for browser tests."""

import re

from playwright.sync_api import expect


def sign_in(page, email, password):
    """Sign in and wait until the login page has gone, so the next `goto` cannot cancel it."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
