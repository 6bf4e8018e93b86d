"""A data protection officer walks a subject access request and an erasure in the admin."""

import json
import re

import pytest
from playwright.sync_api import expect

from feedback.models import Answer, Response
from privacy.models import DataRequest
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.privacy.conftest import EMAIL, make_officer, make_person

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-password-1"


def _search(page, email, reason):
    page.goto("/admin/data-protection/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Why are you searching?").fill(reason)
    page.get_by_role("button", name="Search").click()


def test_subject_access_request_then_erasure_end_to_end(page, site_with_home, make_user, tmp_path):
    person = make_person(site_with_home, make_user)
    make_officer(make_user, password=PASSWORD)
    sign_in(page, "dpo@example.org", PASSWORD)

    # The screen, before any request: the equality exclusion and an empty register.
    page.goto("/admin/data-protection/")
    expect(page.get_by_text("Equality monitoring answers are not included")).to_be_visible()
    expect(page.get_by_text("No requests yet.")).to_be_visible()
    assert_no_axe_violations(page)

    # A reason is required: nothing is searched without one.
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert not DataRequest.objects.exists()

    # The subject access request: everything held, then the JSON download.
    _search(page, EMAIL.upper(), "Subject access request by letter, ref DP-7")
    reference = person["response"].reference
    expect(page.get_by_role("cell", name=reference)).to_be_visible()
    expect(page.get_by_role("cell", name="Crisis care workshop")).to_be_visible()
    expect(page.get_by_text("Network profile of Robin")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as JSON").click()
    saved = tmp_path / "export.json"
    download_info.value.save_as(saved)
    document = json.loads(saved.read_text())
    assert document["responses"][0]["reference"] == reference
    assert document["responses"][0]["answers"][0]["answer"].startswith("The crisis line")

    # The erasure: asks first, refuses without the tick, then erases.
    page.get_by_role("button", name="Erase everything held…").click()
    expect(page.get_by_role("heading", name="Erase what is held for this address")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Erase now").click()
    expect(page.get_by_text("Tick the box to confirm")).to_be_visible()
    assert Response.objects.get(pk=person["response"].pk).status == Response.Status.SUBMITTED
    page.get_by_label("I have checked the person's identity").check()
    page.get_by_role("button", name="Erase now").click()
    expect(page.get_by_text("Erased: 1 responses, 1 workshop registrations")).to_be_visible()
    expect(page.get_by_role("cell", name="Erasure")).to_be_visible()
    assert_no_axe_violations(page)
    response = Response.objects.get(pk=person["response"].pk)
    assert (response.status, response.respondent_email) == (Response.Status.WITHDRAWN, "")
    assert not Answer.objects.filter(response=response).exists()

    # Searching again finds nothing, so there is nothing to export or erase.
    _search(page, EMAIL, "Checking the erasure, ref DP-7")
    expect(page.get_by_role("heading", name="Nothing is held for this address")).to_be_visible()
    expect(page.get_by_role("button", name="Erase everything held…")).to_have_count(0)
    kinds = list(DataRequest.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["search", "export", "erasure", "search"]


def test_staff_without_the_permission_do_not_see_the_screen(page, site_with_home, make_user):
    make_user("editor@example.org", group="Consultation editors", password=PASSWORD)
    sign_in(page, "editor@example.org", PASSWORD)
    page.goto("/admin/")
    expect(page.get_by_role("link", name="Data protection")).to_have_count(0)
    page.goto("/admin/data-protection/")
    expect(page).to_have_url(re.compile(r"/admin/$"))  # Wagtail sends them to the dashboard
    expect(page.get_by_text("What is held for this address")).to_have_count(0)
