"""People in the admin: no Gravatar (blocked by the admin's CSP), and "Name (email)" everywhere."""

import pytest
from django.urls import reverse

from engage import roles
from engage.users import user_display
from feedback.models import ConsultationAssignment
from tests.consultations import builders

pytestmark = pytest.mark.django_db


def _named(make_user, email, group=None):
    user = make_user(email, group=group)
    user.first_name, user.last_name = "Sam", "Lee"
    user.save()
    return user


def test_user_display_tells_two_people_with_the_same_name_apart(make_user):
    first = _named(make_user, "sam.lee@example.org")
    second = _named(make_user, "sam.lee2@example.org")
    assert user_display(first) == "Sam Lee (sam.lee@example.org)"
    assert user_display(first) != user_display(second)
    assert user_display(make_user("nameless@example.org")) == "nameless@example.org"


def test_admin_screens_show_no_gravatar_image(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "avatar" in page  # the account menu still shows an avatar, from this site
    assert "gravatar.com" not in page


def test_analyst_assignments_list_and_form_name_people_with_their_email(
    client, make_user, site_with_home
):
    home = site_with_home.root_page
    consultation = builders.consultation_create(builders.consultation_index_create(home))
    first = _named(make_user, "sam.lee@example.org", group=roles.ANALYSTS)
    _named(make_user, "sam.lee2@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=consultation, user=first)
    client.force_login(make_user("admin@example.org", superuser=True))
    listing = client.get(reverse("consultation_assignments:index")).content.decode()
    assert "Sam Lee (sam.lee@example.org)" in listing
    form = client.get(reverse("consultation_assignments:add")).content.decode()
    assert ">Sam Lee (sam.lee@example.org)</option>" in form
    assert ">Sam Lee (sam.lee2@example.org)</option>" in form


def test_event_page_lists_facilitators_with_their_email(client, make_user, site_with_home):
    event = builders.event_create(builders.event_index_create(site_with_home.root_page))
    _named(make_user, "sam.lee@example.org", group=roles.FACILITATORS)
    _named(make_user, "sam.lee2@example.org", group=roles.FACILITATORS)
    client.force_login(make_user("admin@example.org", superuser=True))
    page = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "Sam Lee (sam.lee@example.org)" in page
    assert "Sam Lee (sam.lee2@example.org)" in page
