"""The committee report's edit screen passes axe, as every admin screen must."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from engage import roles
from engage.roles import ensure_groups
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import report_create
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_committee_report_edit_screen_passes_axe(page, site_with_home, make_user):
    ensure_groups()
    ensure_report_permissions()
    make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password="a-long-password-1")
    report = report_create(consultation=make_consultation(), report_to="Health Scrutiny Committee")
    # Every kind of stream child on screen: two recommendations (the demo has two), a section
    # with rich text and an appendix.
    report.recommendations = [
        ("recommendation", "Note the findings."),
        ("recommendation", "Agree the next steps."),
    ]
    report.sections = [("section", {"title": "Background", "body": RichText("<p>Why.</p>")})]
    report.other_appendices = [("appendix", "Map of the localities")]
    report.save()
    sign_in(page, "editor@example.org", "a-long-password-1")
    page.goto(f"/admin/committee-reports/edit/{report.pk}/")
    expect(page.get_by_role("button", name="Save").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Summary")).to_be_visible()
    expect(page.get_by_role("textbox", name="Recommendation")).to_have_count(2)
    assert_no_axe_violations(page)
