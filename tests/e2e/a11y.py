"""Accessibility assertions for browser tests: axe-core run inside the page."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _axe_source():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def wait_for_transitions(page):
    """Let running CSS transitions finish: Wagtail's messages fade in, and axe reading their
    colours half way through reports a false contrast failure."""
    page.evaluate(
        """async () => {
            const fading = document.getAnimations().filter((a) => a instanceof CSSTransition);
            await Promise.all(fading.map((a) => a.finished.catch(() => null)));
        }"""
    )


def axe_violations(page, attempts=3):
    """Run axe-core in the page at rest, at WCAG 2.2 AA, and return its violations.

    Tests wait for the page they mean to check before calling this. If a navigation still
    replaces the document during the check (axe then finds no document), the check runs
    again on the new page once it has loaded; any other error repeats and is raised."""
    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            wait_for_transitions(page)
            page.evaluate(_axe_source())
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                AXE_TAGS,
            )
        except PlaywrightError:
            if attempt == attempts:
                raise
            continue
        return result["violations"]


def assert_no_axe_violations(page):
    """Fail with a readable list when the page has any axe-core violation at WCAG 2.2 AA."""
    violations = axe_violations(page)
    if violations:
        summary = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:5]],
            }
            for v in violations
        ]
        pytest.fail(f"axe found violations on {page.url}:\n{json.dumps(summary, indent=2)}")
