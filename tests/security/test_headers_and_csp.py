"""Security headers and a strict Content Security Policy on every public page we can list."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.csp import CSP
from wagtail.models import Page

from engage.checks import check_public_content_security_policy

ROOT = Path(__file__).resolve().parents[2]
# Areas that are not the public site, or need an object id in the path.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _static_paths(patterns, prefix=""):
    """Every URL in the resolver that takes no arguments (a plain string route)."""
    for entry in patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route or "^" in route or "$" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from _static_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def public_urls():
    """Live public Wagtail pages plus argument-free Django URLs outside the admin."""
    urls = {page.url for page in Page.objects.live().public().specific() if page.url}
    urls.update(_static_paths(get_resolver().url_patterns))
    return sorted(url for url in urls if not url.startswith(SKIPPED_PREFIXES))


def _directive(policy, name):
    for part in policy.split(";"):
        words = part.strip().split()
        if words and words[0] == name:
            return words[1:]
    return None


@pytest.fixture
def demo_site(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.django_db
def test_every_public_page_has_a_strict_csp_and_security_headers(client, demo_site):
    urls = public_urls()
    assert "/" in urls and "/accounts/login/" in urls and len(urls) >= 10
    html_pages = 0
    problems = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: status {response.status_code}")
            continue
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{url}: X-Content-Type-Options missing")
        if not response["Content-Type"].startswith("text/html") or response.status_code != 200:
            continue
        html_pages += 1
        policy = response.get("Content-Security-Policy", "")
        script_src = _directive(policy, "script-src") or _directive(policy, "default-src")
        style_src = _directive(policy, "style-src") or _directive(policy, "default-src")
        if not policy or script_src is None:
            problems.append(f"{url}: no script policy")
            continue
        for name, sources in (("script-src", script_src), ("style-src", style_src)):
            if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources:
                problems.append(f"{url}: {name} allows unsafe sources")
        for header, expected in (
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ):
            if response.get(header) != expected:
                problems.append(f"{url}: {header} is {response.get(header)!r}")
        html = response.content.decode()
        nonces = re.findall(r"'nonce-([^']+)'", policy)
        for attributes in SCRIPT_TAG.findall(html):
            if "src=" in attributes:
                continue
            # A JSON data block (the character counter's sentences) is never run, so the
            # policy does not apply to it; it carries no nonce so the page stays cacheable.
            if 'type="application/json"' in attributes:
                continue
            if not any(f'nonce="{nonce}"' in attributes for nonce in nonces):
                problems.append(f"{url}: inline <script{attributes}> without the nonce")
        if re.search(r"\sstyle=\"", html) or re.search(r"<style\b", html, re.IGNORECASE):
            problems.append(f"{url}: inline style, which the policy blocks")
    assert html_pages >= 5
    assert problems == []


@pytest.mark.django_db
def test_admin_keeps_its_own_looser_policy_and_is_not_framable(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


def test_csp_check_warns_about_unsafe_inline_scripts():
    strict = {"default-src": [CSP.SELF], "script-src": [CSP.SELF], "object-src": [CSP.NONE]}
    strict |= {"base-uri": [CSP.SELF], "frame-ancestors": [CSP.NONE]}
    with override_settings(SECURE_CSP=strict):
        assert check_public_content_security_policy(None) == []
    with override_settings(SECURE_CSP=strict | {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}):
        messages = check_public_content_security_policy(None)
    assert [message.id for message in messages] == ["engage.W003"]
    with override_settings(SECURE_CSP={}):
        assert check_public_content_security_policy(None)[0].id == "engage.W001"


def test_csp_check_is_registered_as_a_deployment_check():
    assert check_public_content_security_policy in checks.registry.registry.get_checks(
        include_deployment_checks=True
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; a deployment never does.
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-for-the-deploy-check-0123456789",
        "SITE_BASE_URL": "https://engage.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_and_transport_are_locked_down():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "engage.settings.production"}
    env["SECRET_KEY"] = "s" * 64
    env["SITE_BASE_URL"] = "https://engage.example.org"
    expression = (
        "[settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS >= 31536000,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_CONTENT_TYPE_NOSNIFF,"
        " settings.SECURE_REFERRER_POLICY, settings.SECURE_CROSS_ORIGIN_OPENER_POLICY]"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == (
        "[True, True, True, True, True, True, 'strict-origin-when-cross-origin', 'same-origin']"
    ), result.stderr
