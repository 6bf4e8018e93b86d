"""The one access policy: editors see every consultation, others only those assigned to them."""

from pathlib import Path

import pytest

from engage import access, roles
from feedback.models import ConsultationAssignment, Response
from feedback.roles import ensure_feedback_permissions
from feedback.selectors import responses_visible_to
from feedback.themes.roles import ensure_theme_permissions, reviewable_consultations
from tests.feedback.conftest import make_consultation

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two(site_with_home, make_user):
    ensure_feedback_permissions()
    ensure_theme_permissions()
    home = site_with_home.root_page
    mine = make_consultation(home, slug="mine", title="Mine")
    other = make_consultation(home, slug="other", title="Other")
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=mine, user=analyst)
    return {
        "mine": mine,
        "other": other,
        "analyst": analyst,
        "editor": make_user("editor@example.org", group=roles.CONSULTATION_EDITORS),
        "admin": make_user("admin@example.org", superuser=True),
        "facilitator": make_user("facilitator@example.org", group=roles.FACILITATORS),
    }


def test_editors_and_superusers_see_every_consultation_analysts_the_assigned(two):
    everything = {two["mine"].pk, two["other"].pk}
    for who in ("editor", "admin"):
        assert set(access.consultations_visible_to(user=two[who]).values_list("pk", flat=True)) >= (
            everything
        )
    visible = access.consultations_visible_to(user=two["analyst"])
    assert list(visible.values_list("pk", flat=True)) == [two["mine"].pk]
    assert not access.consultations_visible_to(user=two["facilitator"]).exists()
    assert access.can_access_consultation(user=two["analyst"], consultation=two["mine"])
    assert not access.can_access_consultation(user=two["analyst"], consultation=two["other"])


def test_a_named_permission_must_be_held_as_well(two):
    perm = "themes.change_theme"
    assert access.consultations_visible_to(user=two["analyst"], perm=perm).exists()
    assert not access.consultations_visible_to(user=two["facilitator"], perm=perm).exists()
    assert not access.can_access_consultation(
        user=two["facilitator"], consultation=two["mine"], perm=perm
    )
    reviewable = reviewable_consultations(two["analyst"])
    assert list(reviewable.values_list("pk", flat=True)) == [two["mine"].pk]


def test_deactivated_and_anonymous_users_see_nothing(two):
    from django.contrib.auth.models import AnonymousUser

    two["editor"].is_active = False
    assert not access.consultations_visible_to(user=two["editor"]).exists()
    assert not access.consultations_visible_to(user=AnonymousUser()).exists()


def test_selectors_filter_through_the_policy(two):
    for consultation in (two["mine"], two["other"]):
        Response.objects.create(consultation=consultation, status=Response.Status.SUBMITTED)
    assert {r.consultation_id for r in responses_visible_to(user=two["analyst"])} == {
        two["mine"].pk
    }
    assert responses_visible_to(user=two["editor"]).count() == 2


def test_the_editors_group_name_is_written_only_in_engage_roles():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("engage", "home", "consultations", "feedback", "network")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and path != ROOT / "engage" / "roles.py"
        and '"Consultation editors"' in path.read_text()
    ]
    assert offenders == []


def test_every_apps_role_permissions_have_one_shape():
    from consultations import roles as consultation_roles
    from feedback import roles as feedback_roles
    from feedback.reports import roles as report_roles
    from feedback.themes import roles as theme_roles
    from network import roles as network_roles

    for module in (consultation_roles, feedback_roles, report_roles, theme_roles, network_roles):
        for group, permissions in module.ROLE_PERMISSIONS.items():
            assert group in roles.ROLE_DESCRIPTIONS
            assert all(permission.count(".") == 1 for permission in permissions), module
