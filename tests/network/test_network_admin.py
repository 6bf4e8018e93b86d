"""The Involvement team's Wagtail admin, and who may see what."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from engage.roles import ANALYSTS, INVOLVEMENT_TEAM
from network import services
from network.models import ExpressionOfInterest, InvolvementRecord
from network.permissions import grant_involvement_team_permissions

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def involvement_staff(make_user, site_with_home):
    grant_involvement_team_permissions()
    return make_user("involvement@example.org", group=INVOLVEMENT_TEAM)


def test_migration_gives_the_involvement_team_its_network_permissions():
    group = Group.objects.get(name=INVOLVEMENT_TEAM)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "view_memberprofile",
        "change_expressionofinterest",
        "change_involvementrecord",
        "change_paymentrates",
        "add_expensetype",
    } <= codenames
    assert "change_memberprofile" not in codenames  # members keep their own profiles


def test_involvement_team_has_no_permission_on_consultation_responses(involvement_staff):
    assert not any(
        involvement_staff.has_perm(f"feedback.{action}_response")
        for action in ("view", "change", "add", "delete")
    )
    assert not involvement_staff.get_all_permissions() & {
        perm for perm in involvement_staff.get_all_permissions() if perm.startswith("feedback.")
    }


@pytest.mark.parametrize(
    "path",
    [
        "/admin/network/members/",
        "/admin/network/interests/",
        "/admin/network/involvement/",
        "/admin/network/claims/",
        "/admin/network/groups/",
        "/admin/network/expense-types/",
        "/admin/settings/network/paymentrates/",
    ],
)
def test_involvement_team_can_open_the_network_admin(client, involvement_staff, path):
    client.force_login(involvement_staff)
    assert client.get(path, follow=True).status_code == 200


def test_involvement_team_sees_a_members_profile_but_not_their_responses(
    client, involvement_staff, make_member
):
    member = make_member(lived_experience="Experience of crisis care", access_needs="BSL")
    client.force_login(involvement_staff)
    html = client.get(f"/admin/network/members/inspect/{member.pk}/").content.decode()
    assert "Experience of crisis care" in html and "BSL" in html
    assert "response" not in html.lower().replace("responsive", "")


@pytest.mark.parametrize(
    "path",
    ["/admin/network/members/", "/admin/network/claims/", "/admin/network/claims/finance.csv"],
)
def test_other_staff_and_members_cannot_open_the_network_admin(
    client, make_user, make_member, site_with_home, path
):
    analyst = make_user("analyst@example.org", group=ANALYSTS)
    client.force_login(analyst)
    assert client.get(path).status_code in (302, 403)
    client.force_login(make_member().user)
    assert client.get(path).status_code in (302, 403)


def test_deciding_an_interest_in_the_admin_emails_the_member(
    client, involvement_staff, make_member, make_opportunity, django_capture_on_commit_callbacks
):
    interest = services.interest_express(
        member=make_member(), opportunity=make_opportunity("Interview panel"), why_me="I can."
    )
    client.force_login(involvement_staff)
    page = client.get(f"/admin/network/interests/{interest.pk}/decide/")
    assert "I can." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/network/interests/{interest.pk}/decide/",
            {"decision": "decline", "message": "The panel is full this time."},
        )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.DECLINED
    assert interest.decided_by == involvement_staff
    assert "The panel is full this time." in mail.outbox[-1].body


def test_group_members_page_lists_accepted_members_only(
    client, involvement_staff, make_member, make_opportunity
):
    opportunity = make_opportunity("Design group")
    accepted = services.interest_express(
        member=make_member("a@example.org", name="Accepted Ann"),
        opportunity=opportunity,
        why_me="x",
    )
    services.interest_express(
        member=make_member("p@example.org", name="Pending Pat"),
        opportunity=opportunity,
        why_me="y",
    )
    services.interest_decide(
        interest=accepted, accept=True, message="Welcome", decided_by=involvement_staff
    )
    client.force_login(involvement_staff)
    html = client.get("/admin/network/groups/").content.decode()
    assert "Accepted Ann" in html and "Pending Pat" not in html


def test_approving_and_paying_claims_in_the_admin(client, involvement_staff, make_member):
    member = make_member()
    record = services.involvement_log(
        member=member, activity="interview_panel", date=YESTERDAY, hours=7, is_paid=True
    )
    client.force_login(involvement_staff)
    assert "Interview panel" in client.get("/admin/network/claims/").content.decode()
    client.post(f"/admin/network/claims/{record.pk}/approve/")
    record.refresh_from_db()
    assert record.status == InvolvementRecord.Status.APPROVED
    assert record.fee_amount == 150
    client.post("/admin/network/claims/mark-paid/", {"record": [str(record.pk)]})
    record.refresh_from_db()
    assert record.status == InvolvementRecord.Status.PAID
    assert record.paid_by == involvement_staff


def test_turning_down_a_claim_needs_a_reason(client, involvement_staff, make_member):
    record = services.involvement_log(
        member=make_member(), activity="workshop", date=YESTERDAY, hours=1, is_paid=True
    )
    client.force_login(involvement_staff)
    response = client.post(f"/admin/network/claims/{record.pk}/reject/", {"note": ""})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.status == InvolvementRecord.Status.SUBMITTED
    client.post(f"/admin/network/claims/{record.pk}/reject/", {"note": "Logged twice"})
    record.refresh_from_db()
    assert record.status == InvolvementRecord.Status.REJECTED
    assert record.decision_note == "Logged twice"


def test_involvement_team_sees_the_network_menu_and_interest_links_open_the_decision(
    client, involvement_staff, make_member, make_opportunity
):
    interest = services.interest_express(
        member=make_member(), opportunity=make_opportunity(), why_me="x"
    )
    client.force_login(involvement_staff)
    assert "Co-production network" in client.get("/admin/").content.decode()
    listing = client.get("/admin/network/interests/").content.decode()
    assert f"/admin/network/interests/{interest.pk}/decide/" in listing
    response = client.get(f"/admin/network/interests/edit/{interest.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/network/interests/{interest.pk}/decide/"


def test_member_inspect_page_shows_nothing_from_their_consultation_responses(
    client, involvement_staff, make_member, make_consultation
):
    from feedback.models import Response

    member = make_member()
    consultation = make_consultation()
    response = Response.objects.create(
        consultation=consultation, user=member.user, team_or_service="Unique Ward Seven Team"
    )
    client.force_login(involvement_staff)
    html = client.get(f"/admin/network/members/inspect/{member.pk}/").content.decode()
    assert member.preferred_name in html
    assert "Unique Ward Seven Team" not in html and response.reference not in html


def test_involvement_added_in_the_admin_is_marked_as_logged_by_staff(
    client, involvement_staff, make_member
):
    member = make_member()
    client.force_login(involvement_staff)
    response = client.post(
        "/admin/network/involvement/new/",
        {
            "member": member.pk,
            "activity": "interview_panel",
            "description": "",
            "date": YESTERDAY.isoformat(),
            "hours": "3",
            "is_paid": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = InvolvementRecord.objects.get()
    assert record.source == InvolvementRecord.Source.STAFF
    assert record.status == InvolvementRecord.Status.SUBMITTED


def test_claims_page_hides_screen_reader_labels_the_admin_way(
    client, involvement_staff, make_member
):
    member = make_member()
    record = services.involvement_log(
        member=member, activity="interview_panel", date=YESTERDAY, hours=7, is_paid=True
    )
    client.force_login(involvement_staff)
    html = client.get("/admin/network/claims/").content.decode()
    # "visually-hidden" is the public site's class: the admin has no style for it, so the text
    # showed on screen. Wagtail's own class is "w-sr-only".
    assert "visually-hidden" not in html
    # Each Approve button names the claim and whose it is, as the paid checkboxes do.
    assert f'<span class="w-sr-only"> {record} by {member.preferred_name}</span>' in html


def test_marking_claims_paid_twice_says_they_were_already_paid(
    client, involvement_staff, make_member
):
    records = [
        services.involvement_log(
            member=make_member(), activity="interview_panel", date=YESTERDAY, hours=7, is_paid=True
        )
    ]
    for record in records:
        services.involvement_approve(record=record, approved_by=involvement_staff)
    client.force_login(involvement_staff)
    data = {"record": [str(record.pk) for record in records]}
    first = client.post("/admin/network/claims/mark-paid/", data, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["1 claim marked as paid."]
    again = client.post("/admin/network/claims/mark-paid/", data, follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        "None of the chosen claims was marked as paid: someone has already marked them, "
        "or they are no longer approved."
    ]


def _add_people(number, start, make_member, opportunity, places, staff):
    for index in range(start, start + number):
        member = make_member(
            f"m{index}@example.org", name=f"Member {index}", borough=places["ealing"]
        )
        services.interest_express(member=member, opportunity=opportunity, why_me="Lived it.")
        record = services.involvement_log(
            member=member, activity="interview_panel", date=YESTERDAY, hours=2, is_paid=True
        )
        # Approved, so the fee is fixed: a claim still waiting reads the current rates.
        services.involvement_approve(record=record, approved_by=staff)


@pytest.mark.parametrize(
    "path", ["/admin/network/members/", "/admin/network/interests/", "/admin/network/involvement/"]
)
def test_network_listings_cost_the_same_queries_however_many_rows(
    client, involvement_staff, make_member, make_opportunity, places, path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opportunity = make_opportunity()
    _add_people(1, 0, make_member, opportunity, places, involvement_staff)
    client.force_login(involvement_staff)
    client.get(path)  # warm per-request caches so only the listing is measured
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    _add_people(5, 1, make_member, opportunity, places, involvement_staff)
    with CaptureQueriesContext(connection) as six:
        page = client.get(path)
    assert "Member 5" in page.content.decode()
    assert len(six) == len(one)


@pytest.mark.parametrize("paid", [False, True], ids=["approved", "paid"])
def test_an_approved_or_paid_claim_is_read_only_in_the_edit_view(
    client, involvement_staff, make_member, paid
):
    member = make_member()
    other = make_member("other@example.org", name="Other")
    record = services.involvement_log(
        member=member, activity="interview_panel", date=YESTERDAY, hours=7, is_paid=True
    )
    services.involvement_approve(record=record, approved_by=involvement_staff)
    if paid:
        services.involvement_mark_paid(record_ids=[record.pk], paid_by=involvement_staff)
    client.force_login(involvement_staff)
    url = f"/admin/network/involvement/edit/{record.pk}/"
    reason = "paid on" if paid else "approved on"

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reason in html and "£150.00 for the time" in html
    assert all(field.disabled for field in page.context["form"].fields.values())
    assert 'data-w-kbd-key-value="mod+s"' not in html  # no Save button

    posted = client.post(
        url,
        {
            "member": other.pk,
            "activity": "workshop",
            "description": "Changed",
            "date": (YESTERDAY - datetime.timedelta(days=3)).isoformat(),
            "hours": "1",
            "is_paid": "on",
        },
        follow=True,
    )
    assert posted.status_code == 200
    shown = [str(m) for m in posted.context["messages"]]
    assert len(shown) == 1 and reason in shown[0] and "can no longer be changed" in shown[0]
    before = (record.member_id, record.activity, record.date, record.hours)
    record.refresh_from_db()
    assert (record.member_id, record.activity, record.date, record.hours) == before
    assert record.fee_amount == 150
    assert record.description == ""


def test_a_claim_waiting_for_approval_can_still_be_edited(client, involvement_staff, make_member):
    member = make_member()
    record = services.involvement_log(
        member=member, activity="interview_panel", date=YESTERDAY, hours=7, is_paid=True
    )
    client.force_login(involvement_staff)
    url = f"/admin/network/involvement/edit/{record.pk}/"
    html = client.get(url).content.decode()
    assert "can no longer be changed" not in html and 'data-w-kbd-key-value="mod+s"' in html
    response = client.post(
        url,
        {
            "member": member.pk,
            "activity": "interview_panel",
            "description": "",
            "date": YESTERDAY.isoformat(),
            "hours": "3",
            "is_paid": "on",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.hours == 3


def _claims_waiting(number, start, make_member):
    for index in range(start, start + number):
        services.involvement_log(
            member=make_member(f"w{index}@example.org", name=f"Waiting {index}"),
            activity="interview_panel",
            date=YESTERDAY,
            hours=2,
            is_paid=True,
        )


@pytest.mark.parametrize("path", ["/admin/network/claims/", "/admin/network/involvement/"])
def test_claims_waiting_for_approval_read_the_payment_rates_once_not_per_row(
    client, involvement_staff, make_member, path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _claims_waiting(1, 0, make_member)
    client.force_login(involvement_staff)
    client.get(path)  # warm per-request caches so only the listing is measured
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    _claims_waiting(5, 1, make_member)
    with CaptureQueriesContext(connection) as six:
        page = client.get(path)
    html = page.content.decode()
    assert "Waiting 5" in html and "40.00" in html  # 2 hours at £20, priced at today's rates
    assert len(six) == len(one)


def test_a_members_involvement_page_reads_the_payment_rates_once(make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.models import PaymentRates
    from network.selectors import member_involvement

    member = make_member()
    for _ in range(4):
        services.involvement_log(
            member=member, activity="workshop", date=YESTERDAY, hours=1, is_paid=True
        )
    PaymentRates.load()  # the first read stores the default rates
    with CaptureQueriesContext(connection) as queries:
        records = member_involvement(member=member)
        totals = [record.total_owed for record in records]
    assert totals == [20] * 4
    assert len([q for q in queries if "paymentrates" in q["sql"]]) == 1
