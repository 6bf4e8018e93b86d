"""Every page model's admin form saves text without control characters."""

import pytest
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from consultations.models import ConsultationIndexPage
from engage.forms import PageForm
from engage.text import CONTROL_CHARACTERS
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_every_page_model_edits_through_the_control_character_form():
    missing = [
        model.__name__
        for model in get_page_models()
        if model is not Page and not issubclass(model.get_edit_handler().get_form_class(), PageForm)
    ]
    assert missing == []


def test_page_created_in_the_admin_is_stored_without_control_characters(
    client, site_with_home, make_user
):
    client.force_login(make_user("admin@example.org", superuser=True))
    home = site_with_home.root_page
    data = nested_form_data(
        {
            "title": "Access\x01ibility",
            "slug": "accessibility-controls",
            "summary": "How we \x1bmeet the\x7f standard.",
            "body": streamfield(
                [
                    ("heading", {"text": "Our \x08aim", "level": "h2"}),
                    ("paragraph", rich_text("<p>Every\x01one can \x9ftake part.</p>")),
                ]
            ),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home.pk))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = StandardPage.objects.get(slug="accessibility-controls")
    assert page.title == "Accessibility"
    assert page.summary == "How we meet the standard."
    heading, paragraph = page.body
    assert heading.value["text"] == "Our aim"
    assert "Everyone can take part.</p>" in paragraph.value.source
    assert not CONTROL_CHARACTERS.search(paragraph.value.source)


def test_rich_text_field_edited_in_the_admin_is_stored_without_control_characters(
    client, site_with_home, make_user
):
    client.force_login(make_user("admin@example.org", superuser=True))
    index = site_with_home.root_page.add_child(
        instance=ConsultationIndexPage(title="Consultations", slug="consultations")
    )
    data = nested_form_data(
        {
            "title": "Consultations",
            "slug": "consultations",
            "intro": rich_text("<p>Have your\x02 say, to\x1bday.</p>"),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=(index.pk,)), data)
    assert response.status_code == 302, response.context["form"].errors
    index.refresh_from_db()
    revision = index.get_latest_revision_as_object()
    assert "Have your say, today.</p>" in revision.intro
    assert not CONTROL_CHARACTERS.search(revision.intro)
