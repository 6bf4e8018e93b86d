"""A response reference ("R-7K3Q-9P2X") is shown whole wherever it appears: never broken at its
hyphens over two lines in a narrow table cell, on the receipt page or in the receipt email."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse

from feedback import emails
from feedback.models import Response, SafeguardingAlert
from feedback.roles import ensure_feedback_permissions
from tests import factories
from tests.feedback.test_feedback_respond import fill_all, start

pytestmark = pytest.mark.django_db

STYLESHEETS = Path(settings.BASE_DIR) / "static" / "css"


def kept_whole(reference):
    return f'<span class="reference-number">{reference}</span>'


def test_the_reference_filter_marks_a_reference_to_be_kept_on_one_line():
    html = Template('{% load references %}{{ ref|reference }}|{{ ref|reference:"email" }}').render(
        Context({"ref": "R-<b>"})
    )
    page, email = html.split("|")
    assert page == '<span class="reference-number">R-&lt;b&gt;</span>'
    # Email clients load no stylesheet, so the email carries the rule itself.
    assert email == '<span style="white-space: nowrap">R-&lt;b&gt;</span>'


@pytest.mark.parametrize("stylesheet", ["site.css", "admin.css"])
def test_both_stylesheets_keep_a_reference_on_one_line(stylesheet):
    css = (STYLESHEETS / stylesheet).read_text()
    assert re.search(r"\.reference-number\s*\{\s*white-space:\s*nowrap;\s*\}", css)


def test_the_admin_loads_its_stylesheet_on_every_screen(client, make_user):
    ensure_feedback_permissions()
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    html = client.get(reverse("feedback_admin:index")).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/admin\.css"', html)


def test_the_receipt_page_and_email_keep_the_reference_whole(client, consultation):
    start(client, consultation)
    fill_all(client, consultation, about={"respondent_email": "pat@example.org"})
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    response = Response.objects.get(status="submitted")
    page = client.get(reverse("feedback:respond_done", args=[consultation.slug]))
    assert kept_whole(response.reference) in page.content.decode()
    mail.outbox.clear()
    emails.receipt_send(response_id=response.pk, email="pat@example.org")
    (html,) = [body for body, kind in mail.outbox[0].alternatives if kind == "text/html"]
    assert f'<span style="white-space: nowrap">{response.reference}</span>' in html


def test_admin_lists_and_the_inspect_view_keep_references_whole(client, consultation, make_user):
    ensure_feedback_permissions()
    response = factories.ResponseFactory(consultation=consultation, channel="paper")
    SafeguardingAlert.objects.create(response=response, categories=["suicide"])
    client.force_login(make_user("lead@example.org", superuser=True))
    listing = client.get(reverse("responses:index")).content.decode()
    # The reference is the list's title column: the whole cell is kept on one line.
    cell = re.search(
        r'<td class="([^"]*)">\s*<div class="title-wrapper">\s*<a[^>]*>\s*(\S+)', listing
    )
    assert cell and "reference-number" in cell.group(1).split()
    assert cell.group(2) == response.reference
    inspect = client.get(reverse("responses:inspect", args=[response.pk])).content.decode()
    assert kept_whole(response.reference) in inspect
    queue = client.get(reverse("feedback_admin:safeguarding")).content.decode()
    assert kept_whole(response.reference) in queue


def test_the_response_pager_is_styled_by_the_admin_stylesheet_not_inline(
    client, consultation, make_user
):
    # The content security policy (style-src 'self') ignores style attributes.
    ensure_feedback_permissions()
    responses = [factories.ResponseFactory(consultation=consultation) for _ in range(3)]
    client.force_login(make_user("lead@example.org", superuser=True))
    html = client.get(reverse("responses:inspect", args=[responses[1].pk])).content.decode()
    pager = re.search(r'<nav class="engage-response-pager".*?</nav>', html, re.S).group(0)
    assert "style=" not in pager and 'rel="prev"' in pager and 'rel="next"' in pager
    css = (STYLESHEETS / "admin.css").read_text()
    assert re.search(r"\.engage-response-pager ul \{[^}]*display: flex", css)
