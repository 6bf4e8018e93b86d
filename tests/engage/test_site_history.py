"""The admin's site history shows an analyst only the consultations assigned to them."""

import pytest
from wagtail.log_actions import log

from engage import roles
from feedback.models import ConsultationAssignment, Response
from feedback.roles import ensure_feedback_permissions
from feedback.themes.models import Theme
from feedback.themes.roles import ensure_theme_permissions
from tests.feedback.conftest import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site_with_home, make_user):
    ensure_feedback_permissions()
    ensure_theme_permissions()
    home = site_with_home.root_page
    assigned = make_consultation(home, slug="assigned", title="Assigned")
    mint = make_consultation(home, slug="mint", title="MINT")
    editor = make_user("editor@example.org", group=roles.CONSULTATION_EDITORS)
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=assigned, user=analyst)
    for consultation, name in ((assigned, "Assigned waiting times"), (mint, "MINT staffing")):
        theme = Theme.objects.create(consultation=consultation, name=name)
        log(instance=theme, action="wagtail.create", user=editor)
        response = Response.objects.create(
            consultation=consultation, status=Response.Status.SUBMITTED
        )
        log(instance=response, action="wagtail.edit", user=editor)
    return {"editor": editor, "analyst": analyst, "mint": mint}


def test_analyst_does_not_see_another_consultations_records_in_site_history(client, history):
    client.force_login(history["analyst"])
    mint_response = Response.objects.get(consultation=history["mint"])
    for url in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        page = client.get(url).content.decode()
        assert "Assigned waiting times" in page
        assert "MINT staffing" not in page
        assert str(mint_response) not in page
    export_response = client.get("/admin/reports/site-history/", {"export": "csv"})
    export = b"".join(export_response.streaming_content).decode()
    assert "Assigned waiting times" in export
    assert "MINT staffing" not in export


def test_editor_sees_every_consultation_in_site_history(client, history):
    client.force_login(history["editor"])
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Assigned waiting times" in page
    assert "MINT staffing" in page
