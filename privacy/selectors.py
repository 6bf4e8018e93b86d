"""Reads: everything held about an email address, and the register of requests."""

from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Registration
from feedback.models import Response
from feedback.selectors import response_answers_in_order
from network.models import (
    ExpressionOfInterest,
    InvolvementRecord,
    MemberProfile,
    OutcomeNotification,
)
from privacy.models import DataRequest, normalise_email

# Said on the screen and in every export: why equality answers are never part of a request.
EQUALITY_EXCLUDED = _(
    "Equality monitoring answers are not included, by design: they are stored apart from "
    "responses, with no name, email address, account or exact time, so they cannot be linked "
    "to anyone and cannot be found, exported or erased for a person."
)


@dataclass(frozen=True)
class SentEmail:
    """An email we know was sent to the address, worked out from the records that caused it."""

    what: str
    sent_at: datetime | None


@dataclass
class Holdings:
    """Everything held for one email address."""

    email: str
    accounts: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    members: list = field(default_factory=list)
    interests: list = field(default_factory=list)
    involvement: list = field(default_factory=list)
    emails_sent: list = field(default_factory=list)

    @property
    def is_empty(self):
        """True when nothing at all is held for the address."""
        return not (self.accounts or self.responses or self.registrations or self.members)

    @property
    def staff_accounts(self):
        """Accounts of staff: erasing them is a matter for the users admin, not this screen."""
        return [
            user
            for user in self.accounts
            if user.is_staff or user.is_superuser or user.groups.exists()
        ]

    def counts(self):
        """How many records of each kind (stored with requests and audit events: no content)."""
        return {
            "accounts": len(self.accounts),
            "responses": len(self.responses),
            "registrations": len(self.registrations),
            "network_profiles": len(self.members),
            "network_interests": len(self.interests),
            "involvement_records": len(self.involvement),
            "emails_sent": len(self.emails_sent),
        }


def _accounts(email):
    by_address = EmailAddress.objects.filter(email__iexact=email).values("user_id")
    return list(
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(pk__in=by_address))
        .order_by("pk")
    )


def holdings_for(*, email):
    """Everything held for an address: accounts, responses, registrations, network records,
    and the emails those records show were sent. Equality answers never (EQUALITY_EXCLUDED)."""
    email = normalise_email(email)
    accounts = _accounts(email)
    responses = list(
        Response.objects.filter(Q(respondent_email__iexact=email) | Q(user__in=accounts))
        .select_related("consultation", "borough", "locality", "pcn", "event")
        .order_by("created_at", "pk")
    )
    for response in responses:
        response.answers_in_order = [
            (question, answer)
            for question, answer in response_answers_in_order(response=response)
            if answer is not None
        ]
    registrations = list(
        Registration.objects.filter(Q(email__iexact=email) | Q(user__in=accounts))
        .select_related("event")
        .order_by("created_at", "pk")
    )
    members = list(
        MemberProfile.objects.filter(user__in=accounts)
        .select_related("user", "borough", "locality")
        .prefetch_related("topics")
    )
    interests = list(
        ExpressionOfInterest.objects.filter(member__in=members).select_related("opportunity")
    )
    involvement = list(
        InvolvementRecord.objects.filter(member__in=members).prefetch_related("expenses")
    )
    holdings = Holdings(
        email=email,
        accounts=accounts,
        responses=responses,
        registrations=registrations,
        members=members,
        interests=interests,
        involvement=involvement,
    )
    holdings.emails_sent = _emails_sent(holdings)
    return holdings


def _emails_sent(holdings):
    """Emails the records show were sent (their contents are not kept), oldest first."""
    sent = []
    outcome_sent = dict(
        OutcomeNotification.objects.filter(
            consultation__in=[r.consultation_id for r in holdings.responses]
        ).values_list("consultation_id", "sent_at")
    )
    for response in holdings.responses:
        title = response.consultation.title
        if response.channel == Response.Channel.ONLINE and response.submitted_at:
            sent.append(
                SentEmail(
                    _("Receipt for response %(reference)s to “%(title)s”")
                    % {"reference": response.reference, "title": title},
                    response.submitted_at,
                )
            )
        if response.consent_to_outcome_email and response.consultation_id in outcome_sent:
            sent.append(
                SentEmail(
                    _("You said, we did: “%(title)s”") % {"title": title},
                    outcome_sent[response.consultation_id],
                )
            )
    for registration in holdings.registrations:
        title = registration.event.title
        sent.append(
            SentEmail(_("Registration for “%(title)s”") % {"title": title}, registration.created_at)
        )
        if registration.promoted_at:
            sent.append(
                SentEmail(
                    _("A place came free at “%(title)s”") % {"title": title},
                    registration.promoted_at,
                )
            )
        if registration.reminder_sent_at:
            sent.append(
                SentEmail(
                    _("Reminder of “%(title)s”") % {"title": title}, registration.reminder_sent_at
                )
            )
    for member in holdings.members:
        if member.last_digest_at:
            sent.append(SentEmail(_("Latest daily digest"), member.last_digest_at))
    earliest = timezone.make_aware(datetime(1970, 1, 1))
    return sorted(sent, key=lambda email: email.sent_at or earliest)


def requests_recent():
    """The register of data protection requests, newest first."""
    return DataRequest.objects.select_related("requested_by").order_by("-created_at", "-pk")


def request_erased_before(*, subject_hash):
    """The last completed erasure for this person, or None."""
    return (
        DataRequest.objects.filter(
            subject_hash=subject_hash,
            kind=DataRequest.Kind.ERASURE,
            status=DataRequest.Status.DONE,
        )
        .order_by("-created_at")
        .first()
    )
