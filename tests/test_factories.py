"""The shared factories build published pages and submitted responses that the site serves."""

import pytest

from feedback.selectors import questions_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_factories_build_a_live_consultation_with_a_questionnaire_and_a_response(
    client, site_with_home
):
    index = factories.ConsultationIndexPageFactory(parent=site_with_home.root_page)
    consultation = factories.ConsultationPageFactory(parent=index, title="Crisis care")
    factories.QuestionnaireFactory(consultation=consultation)
    free = questions_for(consultation=consultation)[3]
    response = factories.ResponseFactory(consultation=consultation, answers={free: "More staff."})
    assert consultation.live and client.get(consultation.url).status_code == 200
    assert response.answers.get().text == "More staff."


def test_event_factory_ends_two_hours_after_it_starts(site_with_home):
    index = factories.EventIndexPageFactory(parent=site_with_home.root_page)
    event = factories.WorkshopEventPageFactory(parent=index)
    assert (event.ends_at - event.starts_at).total_seconds() == 2 * 60 * 60
    assert event.live and event.capacity == 2
