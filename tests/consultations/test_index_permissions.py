"""A new consultation or events index is editable by the Consultation editors straight away."""

import pytest
from wagtail.models import GroupPagePermission

from consultations.models import ConsultationIndexPage, EventIndexPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [ConsultationIndexPage, EventIndexPage])
def test_editors_can_publish_under_a_new_index(site_with_home, model, make_user):
    index = site_with_home.root_page.add_child(instance=model(title="Index", slug="index"))

    granted = set(
        GroupPagePermission.objects.filter(
            group__name="Consultation editors", page=index
        ).values_list("permission__codename", flat=True)
    )
    assert granted == {"add_page", "change_page", "publish_page"}
    editor = make_user("editor@example.org", group="Consultation editors")
    assert index.permissions_for_user(editor).can_add_subpage()
    assert index.permissions_for_user(editor).can_publish()


def test_other_pages_grant_nothing(site_with_home):
    from home.models import StandardPage

    before = GroupPagePermission.objects.count()
    site_with_home.root_page.add_child(instance=StandardPage(title="About", slug="about"))
    assert GroupPagePermission.objects.count() == before
