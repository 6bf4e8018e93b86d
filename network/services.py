"""Writes for the co-production network: profiles, interests, involvement, payment, emails."""

import logging
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.emails import email_send
from network.models import (
    ExpressionOfInterest,
    InvolvementExpense,
    InvolvementRecord,
    MemberProfile,
    OutcomeNotification,
    PaymentRates,
)

logger = logging.getLogger(__name__)

PENNY = Decimal("0.01")
UNSUBSCRIBE_SALT = "network.unsubscribe"


def money(value):
    """Round a Decimal to whole pence, halves away from zero (as finance systems do)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def absolute_url(path):
    """An absolute link for emails, from settings.SITE_BASE_URL."""
    return settings.SITE_BASE_URL.rstrip("/") + path


# --- Profiles and accounts -------------------------------------------------------------------

PROFILE_FIELDS = [
    "preferred_name",
    "taking_part_as",
    "borough",
    "locality",
    "lived_experience",
    "access_needs",
    "contact_methods",
    "phone",
    "postal_address",
    "availability",
    "availability_notes",
    "consent_contact_opportunities",
    "consent_share_name",
    "receives_digest",
]


@transaction.atomic
def member_profile_save(*, user, topics=(), **fields):
    """Create or update the user's member profile with the given fields; return it."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = MemberProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = MemberProfile(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.topics.set(topics)
    return profile


@transaction.atomic
def member_delete(*, user):
    """Delete a member's account and profile; keep what they took part in, anonymised.

    Their consultation responses and workshop registrations (linked to the account, or made
    with one of its verified email addresses) lose every personal detail but stay, so answers
    and attendance still count; places at workshops still to come are cancelled. Paid
    involvement records stay (finance needs them) with no link to the person; everything else
    the network holds about them goes.
    """
    from allauth.account.models import EmailAddress

    from consultations.services import registrations_forget
    from feedback.services import responses_forget

    # Only verified addresses: anyone can type someone else's address into an account they
    # never verify, and must not be able to erase that person's registrations with it.
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    responses_forget(user=user, emails=emails)
    registrations_forget(user=user, emails=emails)
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is not None:
        InvolvementRecord.objects.filter(member=profile).exclude(
            status=InvolvementRecord.Status.PAID
        ).delete()
        InvolvementRecord.objects.filter(member=profile).update(description="")
        profile.delete()
    get_user_model().objects.filter(pk=user.pk).delete()


# --- Interests -------------------------------------------------------------------------------


def interest_express(*, member, opportunity, why_me):
    """Record a member's interest in an open opportunity, acknowledge it by email; return it."""
    interest = _interest_record(member=member, opportunity=opportunity, why_me=why_me)
    _interest_acknowledge(interest)
    return interest


def _interest_acknowledge(interest):
    """Email the member that their interest arrived and what happens next (after the commit)."""
    context = {
        "interest": interest,
        "member": interest.member,
        "opportunity": interest.opportunity,
        "profile_url": absolute_url(reverse("network:profile")),
    }
    email_send(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + _("We have your interest in %(title)s") % {"title": interest.opportunity.title},
        template="network/email/interest_received",
        context=context,
        to=[interest.member.user.email],
        on_commit=True,
    )


def _interest_record(*, member, opportunity, why_me):
    why_me = (why_me or "").strip()
    if not why_me:
        raise ValidationError({"why_me": _("Tell us briefly why you would like to take part.")})
    if not opportunity.live or not opportunity.is_open:
        raise ValidationError(_("This opportunity has closed."))
    existing = ExpressionOfInterest.objects.filter(member=member, opportunity=opportunity).first()
    if existing is not None:
        if existing.status != ExpressionOfInterest.Status.WITHDRAWN:
            raise ValidationError(_("You have already expressed interest in this."))
        existing.why_me = why_me
        existing.status = ExpressionOfInterest.Status.PENDING
        existing.decision_message = ""
        existing.decided_by = None
        existing.decided_at = None
        existing.save()
        return existing
    try:
        with transaction.atomic():
            return ExpressionOfInterest.objects.create(
                member=member, opportunity=opportunity, why_me=why_me
            )
    except IntegrityError as error:  # a double click: the first one won
        raise ValidationError(_("You have already expressed interest in this.")) from error


def interest_withdraw(*, interest):
    """Withdraw a member's pending or accepted interest."""
    if interest.status in (
        ExpressionOfInterest.Status.PENDING,
        ExpressionOfInterest.Status.ACCEPTED,
    ):
        interest.status = ExpressionOfInterest.Status.WITHDRAWN
        interest.save(update_fields=["status"])
    return interest


@transaction.atomic
def interest_decide(*, interest, accept, message, decided_by):
    """Accept or decline an interest, and email the member the decision and message."""
    interest = ExpressionOfInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.status == ExpressionOfInterest.Status.WITHDRAWN:
        raise ValidationError(_("The member has withdrawn their interest."))
    interest.status = (
        ExpressionOfInterest.Status.ACCEPTED if accept else ExpressionOfInterest.Status.DECLINED
    )
    interest.decision_message = message.strip()
    interest.decided_by = decided_by
    interest.decided_at = timezone.now()
    interest.save()
    context = {
        "interest": interest,
        "member": interest.member,
        "opportunity": interest.opportunity,
        "accepted": accept,
        "involvement_url": absolute_url(reverse("network:profile")),
    }
    email_send(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + (_("You have a place: %(title)s") if accept else _("About your interest in %(title)s"))
        % {"title": interest.opportunity.title},
        template="network/email/interest_decision",
        context=context,
        to=[interest.member.user.email],
        on_commit=True,
    )
    return interest


# --- Involvement and payment ------------------------------------------------------------------


def involvement_fee(*, record, rates=None):
    """What the member's time is worth under the current rates (pence exact)."""
    if not record.is_paid:
        return Decimal("0.00")
    rates = rates or PaymentRates.load()
    hours = Decimal(record.hours)
    if hours <= rates.hourly_up_to_hours:
        fee = hours * rates.hourly_rate
    elif hours <= rates.half_day_up_to_hours:
        fee = rates.half_day_rate
    else:
        fee = rates.day_rate
    return money(fee)


# However an expense type is set up, no single expense is more than this: a typo of
# £9,999,999.99 must not reach the finance CSV.
EXPENSE_AMOUNT_LIMIT = Decimal("1000.00")


def _validate_expense(expense_type, amount):
    if not expense_type.is_active:
        raise ValidationError(_("That expense type can no longer be claimed."))
    if amount <= 0:
        raise ValidationError(_("Enter an expense amount more than £0."))
    if amount > EXPENSE_AMOUNT_LIMIT:
        raise ValidationError(
            _("One expense can be at most £%(max)s.") % {"max": EXPENSE_AMOUNT_LIMIT}
        )
    if expense_type.maximum_amount is not None and amount > expense_type.maximum_amount:
        raise ValidationError(
            _("%(type)s claims are limited to £%(max)s.")
            % {"type": expense_type.name, "max": expense_type.maximum_amount}
        )


@transaction.atomic
def involvement_log(
    *,
    member,
    activity,
    date,
    hours,
    is_paid,
    description="",
    opportunity=None,
    expenses=(),
    source=InvolvementRecord.Source.MEMBER,
):
    """Add involvement to a member's log, with any expenses as (type, amount, note); return it."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date must be today or in the past.")})
    record = InvolvementRecord(
        member=member,
        activity=activity,
        date=date,
        hours=Decimal(hours),
        is_paid=is_paid,
        description=description,
        opportunity=opportunity,
        source=source,
    )
    record.full_clean()
    record.save()
    for expense_type, amount, note in expenses:
        amount = money(amount)
        _validate_expense(expense_type, amount)
        InvolvementExpense.objects.create(
            record=record, expense_type=expense_type, amount=amount, note=note
        )
    return record


def involvement_edit_refusal(*, record):
    """Why a claim can no longer be edited, or "" when it can.

    Approval fixes the fee from the hours and the rates of the day, and payment is final, so
    changing the member, date or hours of an approved or paid claim would make the record
    disagree with what was agreed or paid.
    """
    if record.status == InvolvementRecord.Status.PAID:
        return _(
            "This claim was paid on %(date)s, so it can no longer be changed: the amount paid "
            "(£%(fee)s for the time) was fixed when it was approved."
        ) % {"date": _local_date(record.paid_at), "fee": record.fee_amount}
    if record.status == InvolvementRecord.Status.APPROVED:
        return _(
            "This claim was approved on %(date)s, so it can no longer be changed: its fee "
            "(£%(fee)s for the time) was fixed at approval. Only claims waiting for approval "
            "can be edited or turned down."
        ) % {"date": _local_date(record.approved_at), "fee": record.fee_amount}
    return ""


def _local_date(moment):
    return date_format(timezone.localtime(moment), "j M Y") if moment else _("an unknown date")


@transaction.atomic
def involvement_approve(*, record, approved_by, rates=None):
    """Approve a claim, fixing its fee at the current rates."""
    record = (
        InvolvementRecord.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=record.pk)
    )
    if record.status != InvolvementRecord.Status.SUBMITTED:
        raise ValidationError(_("Only claims waiting for approval can be approved."))
    if approved_by is not None and record.member.user_id == approved_by.pk:
        raise ValidationError(
            _("You cannot approve your own claim: ask someone else in the Involvement team.")
        )
    record.fee_amount = involvement_fee(record=record, rates=rates)
    record.status = InvolvementRecord.Status.APPROVED
    record.approved_by = approved_by
    record.approved_at = timezone.now()
    record.save()
    return record


@transaction.atomic
def involvement_reject(*, record, rejected_by, note=""):
    """Turn down a claim, saying why."""
    record = InvolvementRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != InvolvementRecord.Status.SUBMITTED:
        raise ValidationError(_("Only claims waiting for approval can be turned down."))
    record.status = InvolvementRecord.Status.REJECTED
    record.decision_note = note.strip()
    record.approved_by = rejected_by
    record.approved_at = timezone.now()
    record.save()
    return record


@transaction.atomic
def involvement_mark_paid(*, record_ids, paid_by):
    """Mark approved claims as paid, recording who and when; return how many changed."""
    now = timezone.now()
    # Nobody marks their own claim paid, as nobody approves their own.
    return (
        InvolvementRecord.objects.filter(
            pk__in=list(record_ids), status=InvolvementRecord.Status.APPROVED
        )
        .exclude(member__user=paid_by)
        .update(status=InvolvementRecord.Status.PAID, paid_by=paid_by, paid_at=now)
    )


def _member_for_registration(registration):
    """The network member a workshop registration belongs to: by account, else verified email."""
    if registration.user_id:
        profile = MemberProfile.objects.filter(user_id=registration.user_id).first()
        if profile is not None:
            return profile
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.filter(email__iexact=registration.email, verified=True)
        .select_related("user")
        .first()
    )
    if address is None:
        return None
    return MemberProfile.objects.filter(user_id=address.user_id).first()


def _hours_between(start, end):
    """Whole quarter hours between two moments (at least a quarter, at most a day)."""
    quarters = round((end - start) / timedelta(minutes=15))
    return min(max(Decimal(quarters) / 4, Decimal("0.25")), Decimal("24"))


@transaction.atomic
def involvement_record_from_attendance(*, registration):
    """Keep a member's log in step with their workshop attendance; return the record or None.

    Idempotent: one record per registration, made when attendance is marked and removed if it
    is unmarked before the claim was approved.
    """
    existing = InvolvementRecord.objects.select_for_update().filter(registration=registration)
    record = existing.first()
    if not registration.attended:
        if record is not None and record.status == InvolvementRecord.Status.SUBMITTED:
            record.delete()
            return None
        return record
    if record is not None:
        return record
    member = _member_for_registration(registration)
    if member is None:
        return None
    event = registration.event
    starts_at = event.starts_at
    local_date = (
        timezone.localtime(starts_at).date() if isinstance(starts_at, datetime) else starts_at
    )
    try:
        with transaction.atomic():
            return InvolvementRecord.objects.create(
                member=member,
                activity=InvolvementRecord.Activity.WORKSHOP,
                description=event.title[:250],
                date=local_date,
                hours=_hours_between(event.starts_at, event.ends_at),
                # Most public workshops are not paid involvement; staff can change this.
                is_paid=False,
                registration=registration,
                source=InvolvementRecord.Source.ATTENDANCE,
            )
    except IntegrityError:  # saved twice at once: the other save made it
        return InvolvementRecord.objects.filter(registration=registration).first()


# --- Keeping people informed -----------------------------------------------------------------


def unsubscribe_token(profile):
    """A signed token that turns off a member's digest without logging in."""
    return signing.dumps({"member": profile.pk}, salt=UNSUBSCRIBE_SALT)


def member_from_unsubscribe_token(token):
    """The member a token was made for, or None when it is invalid or the member is gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return MemberProfile.objects.filter(pk=data.get("member")).first()


def member_unsubscribe(*, profile):
    """Stop the daily digest for a member."""
    MemberProfile.objects.filter(pk=profile.pk).update(receives_digest=False)


def digest_send(*, now=None):
    """Email each subscribed member once about matching consultations and workshops opened since
    their last digest; return how many emails were sent."""
    from network import selectors

    now = now or timezone.now()
    sent = 0
    members = (
        MemberProfile.objects.filter(receives_digest=True, user__is_active=True)
        .select_related("user", "borough", "locality")
        .prefetch_related("topics")
    )
    for member in members:
        since = member.last_digest_at or member.created_at
        items = selectors.digest_items(member=member, since=since, until=now)
        # Claim this digest first: a second worker running at the same time sends nothing.
        claimed = MemberProfile.objects.filter(
            pk=member.pk, last_digest_at=member.last_digest_at
        ).update(last_digest_at=now)
        if not claimed or not (items["consultations"] or items["events"]):
            continue
        unsubscribe_url = absolute_url(
            reverse("network:unsubscribe", args=[unsubscribe_token(member)])
        )
        context = {
            "member": member,
            "consultations": items["consultations"],
            "events": items["events"],
            "base_url": settings.SITE_BASE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe_url,
        }
        try:
            email_send(
                subject=settings.EMAIL_SUBJECT_PREFIX
                + _("New consultations and workshops for you"),
                template="network/email/digest",
                context=context,
                to=[member.user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        except Exception:  # one bad address must not stop everyone else's digest
            logger.exception("Digest to member %s failed", member.pk)
            _digest_failed(member=member, claimed_at=now)
            continue
        if member.digest_failures:
            MemberProfile.objects.filter(pk=member.pk).update(
                digest_failed_at=None, digest_failures=0
            )
        sent += 1
    return sent


def _digest_failed(*, member, claimed_at):
    """Give back a digest whose send failed, so the next run sends the same items again."""
    MemberProfile.objects.filter(pk=member.pk, last_digest_at=claimed_at).update(
        last_digest_at=member.last_digest_at,
        digest_failed_at=claimed_at,
        digest_failures=models.F("digest_failures") + 1,
    )


def outcome_notify(*, consultation):
    """Tell everyone who took part that a consultation's outcome is published, exactly once.

    Returns the number of people emailed, or None when they had already been told.
    """
    from network import selectors

    try:
        with transaction.atomic():
            notification = OutcomeNotification.objects.create(consultation=consultation)
    except IntegrityError:
        return None
    recipients = selectors.outcome_recipients(consultation=consultation)
    url = absolute_url(consultation.url or "/")
    sent = 0
    for email, name in recipients:
        context = {"consultation": consultation, "name": name, "url": url}
        try:
            email_send(
                subject=settings.EMAIL_SUBJECT_PREFIX
                + _("You said, we did: %(title)s") % {"title": consultation.title},
                template="network/email/outcome",
                context=context,
                to=[email],
            )
        except Exception:
            logger.exception("Outcome email for consultation %s failed", consultation.pk)
            continue
        sent += 1
    notification.recipient_count = sent
    notification.save(update_fields=["recipient_count"])
    return sent


def outcomes_notify_due(*, now=None):
    """Notify for every live consultation whose outcome is published and not yet announced."""
    from consultations.models import ConsultationPage

    now = now or timezone.now()
    notified = OutcomeNotification.objects.values("consultation_id")
    due = (
        ConsultationPage.objects.live()
        .filter(outcome_published_at__isnull=False, outcome_published_at__lte=now)
        .exclude(pk__in=notified)
    )
    return {page.pk: outcome_notify(consultation=page) for page in due}
