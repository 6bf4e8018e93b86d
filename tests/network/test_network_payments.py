"""Involvement payments: fees from the rates, approval, payment and the finance CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from network import selectors, services
from network.models import InvolvementRecord, PaymentRates

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _record(member, hours, *, is_paid=True, expenses=()):
    return services.involvement_log(
        member=member,
        activity=InvolvementRecord.Activity.GROUP_MEETING,
        date=YESTERDAY,
        hours=Decimal(hours),
        is_paid=is_paid,
        expenses=expenses,
    )


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("0.25", "5.00"),  # hourly: 0.25 x 20.00
        ("2", "40.00"),  # hourly up to and including the hourly limit
        ("2.25", "75.00"),  # half-day rate just over the hourly limit
        ("4", "75.00"),
        ("4.25", "150.00"),  # day rate beyond the half-day limit
        ("12", "150.00"),
    ],
)
def test_fee_uses_hourly_half_day_and_day_rates_by_hours(make_member, hours, expected):
    record = _record(make_member(), hours)
    assert services.involvement_fee(record=record) == Decimal(expected)


def test_fee_is_rounded_to_the_penny_half_up(make_member):
    rates = PaymentRates.load()
    rates.hourly_rate = Decimal("13.37")
    rates.save()
    record = _record(make_member(), "0.75")  # 10.0275
    assert services.involvement_fee(record=record) == Decimal("10.03")
    record.hours = Decimal("1.25")  # 16.7125
    assert services.involvement_fee(record=record) == Decimal("16.71")


def test_voluntary_involvement_earns_no_fee_but_expenses_are_owed(make_member, travel):
    record = _record(make_member(), "3", is_paid=False, expenses=[(travel, Decimal("6.80"), "")])
    assert services.involvement_fee(record=record) == Decimal("0.00")
    assert record.total_owed == Decimal("6.80")


def test_expense_over_the_type_limit_is_refused_and_nothing_is_saved(make_member, travel):
    member = make_member()
    with pytest.raises(ValidationError):
        _record(member, "1", expenses=[(travel, Decimal("40.01"), "")])
    assert not InvolvementRecord.objects.exists()


def test_future_dates_are_refused(make_member):
    with pytest.raises(ValidationError):
        services.involvement_log(
            member=make_member(),
            activity="workshop",
            date=timezone.localdate() + datetime.timedelta(days=1),
            hours=Decimal("1"),
            is_paid=True,
        )


def test_approval_fixes_the_fee_at_the_rates_of_the_day(make_member, make_user):
    staff = make_user("involvement@example.org")
    record = _record(make_member(), "1")
    record = services.involvement_approve(record=record, approved_by=staff)
    assert record.fee_amount == Decimal("20.00")
    assert record.approved_by == staff and record.approved_at is not None
    rates = PaymentRates.load()
    rates.hourly_rate = Decimal("30.00")
    rates.save()
    record.refresh_from_db()
    assert record.total_owed == Decimal("20.00")


def test_a_claim_cannot_be_approved_twice(make_member, make_user):
    staff = make_user("involvement@example.org")
    record = services.involvement_approve(record=_record(make_member(), "1"), approved_by=staff)
    with pytest.raises(ValidationError):
        services.involvement_approve(record=record, approved_by=staff)


def test_marking_paid_records_who_and_when_and_only_touches_approved_claims(make_member, make_user):
    staff = make_user("involvement@example.org")
    member = make_member()
    approved = services.involvement_approve(record=_record(member, "1"), approved_by=staff)
    submitted = _record(member, "2")
    count = services.involvement_mark_paid(record_ids=[approved.pk, submitted.pk], paid_by=staff)
    assert count == 1
    approved.refresh_from_db()
    submitted.refresh_from_db()
    assert approved.status == InvolvementRecord.Status.PAID
    assert approved.paid_by == staff and approved.paid_at is not None
    assert submitted.status == InvolvementRecord.Status.SUBMITTED and submitted.paid_at is None


def test_rejected_claims_keep_a_reason_and_are_not_counted(make_member, make_user):
    staff = make_user("involvement@example.org")
    record = services.involvement_reject(
        record=_record(make_member(), "1"), rejected_by=staff, note="Duplicate of 3 March"
    )
    assert record.status == InvolvementRecord.Status.REJECTED
    totals = selectors.involvement_totals(records=[record])
    assert totals == {"hours": 0, "paid": Decimal("0.00"), "owed": Decimal("0.00")}


def test_finance_list_has_only_approved_unpaid_claims_with_money_owed(
    make_member, make_user, travel
):
    staff = make_user("involvement@example.org")
    member = make_member()
    owed = services.involvement_approve(record=_record(member, "1"), approved_by=staff)
    nothing_owed = services.involvement_approve(
        record=_record(member, "1", is_paid=False), approved_by=staff
    )
    paid = services.involvement_approve(record=_record(member, "2"), approved_by=staff)
    services.involvement_mark_paid(record_ids=[paid.pk], paid_by=staff)
    _record(member, "3")  # waiting for approval
    assert [record.pk for record in selectors.claims_for_finance()] == [owed.pk]
    assert nothing_owed.pk not in [record.pk for record in selectors.claims_for_finance()]


def test_finance_csv_lists_claims_with_totals_and_neutralised_text(
    client, make_member, make_user, travel
):
    from engage.roles import INVOLVEMENT_TEAM
    from network.permissions import grant_involvement_team_permissions

    grant_involvement_team_permissions()
    staff = make_user("involvement@example.org", group=INVOLVEMENT_TEAM)
    member = make_member(name="=cmd|' /C calc'!A0")
    record = services.involvement_log(
        member=member,
        activity="group_meeting",
        date=YESTERDAY,
        hours=Decimal("3"),
        is_paid=True,
        description="-2+3",
        expenses=[(travel, Decimal("4.20"), "")],
    )
    services.involvement_approve(record=record, approved_by=staff)
    client.force_login(staff)
    response = client.get("/admin/network/claims/finance.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["member"] == "'=cmd|' /C calc'!A0"
    assert row["description"] == "'-2+3"
    assert (row["fee_gbp"], row["expenses_gbp"], row["total_gbp"]) == ("75.00", "4.20", "79.20")


def test_staff_cannot_approve_or_mark_paid_their_own_claim(make_member, make_user):
    own = make_member("involvement@example.org")
    record = _record(own, "1")
    with pytest.raises(ValidationError, match="your own claim"):
        services.involvement_approve(record=record, approved_by=own.user)
    record.refresh_from_db()
    assert record.status == InvolvementRecord.Status.SUBMITTED
    colleague = make_user("colleague@example.org")
    services.involvement_approve(record=record, approved_by=colleague)
    assert services.involvement_mark_paid(record_ids=[record.pk], paid_by=own.user) == 0
    assert services.involvement_mark_paid(record_ids=[record.pk], paid_by=colleague) == 1


def test_an_expense_of_millions_is_refused_whatever_the_type_allows(make_member):
    from network.models import ExpenseType

    unlimited = ExpenseType.objects.create(name="Other")
    with pytest.raises(ValidationError, match="at most"):
        _record(make_member(), "1", expenses=[(unlimited, Decimal("9999999.99"), "")])
    assert not InvolvementRecord.objects.exists()


def test_finance_csv_names_who_approved_each_claim(client, make_member, make_user):
    from engage.roles import INVOLVEMENT_TEAM
    from network.permissions import grant_involvement_team_permissions

    grant_involvement_team_permissions()
    staff = make_user("involvement@example.org", group=INVOLVEMENT_TEAM)
    services.involvement_approve(record=_record(make_member(), "1"), approved_by=staff)
    client.force_login(staff)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/admin/network/claims/finance.csv").content.decode())
        )
    )
    assert rows[0]["approved_by"] == "involvement@example.org"
