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


def test_user_factory_gives_a_verified_address_a_role_group_and_a_password():
    from allauth.account.models import EmailAddress

    editor = factories.UserFactory(email="ed@example.org", group="Consultation editors")
    assert editor.username == "ed@example.org" and editor.check_password("pw")
    assert EmailAddress.objects.get(user=editor).verified
    assert list(editor.groups.values_list("name", flat=True)) == ["Consultation editors"]
    assert not editor.is_staff and not editor.is_superuser
    admin = factories.UserFactory(superuser=True, password="secret-9")
    assert admin.is_superuser and admin.is_staff and admin.check_password("secret-9")


def test_member_factory_sets_topics_and_an_unpublished_page_has_no_revision(site_with_home):
    topic = factories.TopicFactory(name="Peer support")
    member = factories.MemberProfileFactory(topics=[topic])
    assert list(member.topics.all()) == [topic] and member.taking_part_as == ["resident"]
    index = factories.ConsultationIndexPageFactory(parent=site_with_home.root_page, publish=False)
    assert index.live and index.latest_revision is None
    empty = factories.QuestionnaireFactory(
        consultation=factories.ConsultationPageFactory(parent=index), questions=False
    )
    assert not empty.sections.exists()
