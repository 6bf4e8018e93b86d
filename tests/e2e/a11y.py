"""Accessibility assertions for browser tests: axe-core run inside the page."""

import json
from pathlib import Path

import pytest

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


def axe_violations(page):
    """Run axe-core in the page at rest, at WCAG 2.2 AA, and return its violations."""
    wait_for_transitions(page)
    page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
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
