"""Every snippet, model viewset and setting form saves text without control characters."""

import pytest
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import registry as settings_registry

from api.models import OpenDataSettings
from consultations.models import Organisation
from engage.forms import CleanTextMixin

pytestmark = pytest.mark.django_db
PROJECT_APPS = ("engage", "home", "consultations", "feedback", "network", "privacy", "api")


def _project_model_viewsets():
    assert get_resolver().url_patterns  # loading the admin URLs registers the hooks' viewsets
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and type(viewset).__module__.split(".")[0] in PROJECT_APPS
    ]


def test_every_model_and_snippet_viewset_edits_through_the_clean_text_form():
    found = _project_model_viewsets()
    assert {type(viewset).__name__ for viewset in found} >= {
        "OrganisationViewSet",
        "QuestionnaireViewSet",
        "MemberProfileViewSet",
        "CommitteeReportViewSet",
    }
    missing = [
        type(viewset).__name__
        for viewset in found
        if not issubclass(viewset.get_form_class(), CleanTextMixin)
    ]
    assert missing == []


def test_every_setting_edits_through_the_clean_text_form():
    from wagtail.contrib.settings.views import get_setting_edit_handler

    assert OpenDataSettings in list(settings_registry)
    missing = [
        model.__name__
        for model in settings_registry
        if not issubclass(get_setting_edit_handler(model).get_form_class(), CleanTextMixin)
    ]
    assert missing == []


def test_snippet_edited_in_the_admin_is_stored_without_control_characters(
    client, site_with_home, make_user
):
    client.force_login(make_user("admin@example.org", superuser=True))
    organisation = Organisation.objects.create(name="North Trust", kind="nhs_trust")
    url = reverse("wagtailsnippets_consultations_organisation:edit", args=[organisation.pk])
    response = client.post(
        url, {"name": "North\x01 Health\x1b Trust\x7f", "kind": "nhs_trust", "website": ""}
    )
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.name == "North Health Trust"


def test_setting_edited_in_the_admin_is_stored_without_control_characters(
    client, site_with_home, make_user
):
    client.force_login(make_user("admin@example.org", superuser=True))
    url = reverse("wagtailsettings:edit", args=["api", "opendatasettings", site_with_home.pk])
    response = client.post(
        url,
        {
            "licence_name": "Open\x02 Licence\x9f",
            "licence_url": "https://example.org/licence",
            "attribution": "Example\x1b Council",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = OpenDataSettings.for_site(site_with_home)
    assert (saved.licence_name, saved.attribution) == ("Open Licence", "Example Council")
