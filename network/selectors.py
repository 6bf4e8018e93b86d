"""Reads for the co-production network: opportunities, a member's data, digests, claims."""

from decimal import Decimal

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from engage.retention import REMOVED_EMAIL_DOMAIN
from network.models import (
    ExpressionOfInterest,
    InvolvementExpense,
    InvolvementRecord,
    MemberProfile,
    OpportunityPage,
    PaymentRates,
)


def member_profile_for(*, user):
    """The user's member profile, or None."""
    if not user.is_authenticated:
        return None
    return (
        MemberProfile.objects.filter(user=user)
        .select_related("borough", "locality", "user")
        .prefetch_related("topics")
        .first()
    )


def opportunities_open(*, parent=None):
    """Live opportunities still taking interest, closing soonest first."""
    queryset = OpportunityPage.objects.live().public().filter(closes_on__gte=timezone.localdate())
    if parent is not None:
        queryset = queryset.child_of(parent)
    return list(queryset.order_by("closes_on", "pk"))


def opportunities_closed(*, parent=None, limit=10):
    """Live opportunities that have closed, most recent first."""
    queryset = OpportunityPage.objects.live().public().filter(closes_on__lt=timezone.localdate())
    if parent is not None:
        queryset = queryset.child_of(parent)
    return list(queryset.order_by("-closes_on", "-pk")[:limit])


def member_interests(*, member):
    """A member's expressions of interest, newest first."""
    return list(member.interests.select_related("opportunity").order_by("-created_at", "-pk"))


def member_responses(*, user):
    """The person's own consultation responses, newest first, each with what they can do next:
    ``resume_url`` for a draft of an open consultation, ``withdraw_url`` for a sent response
    while the consultation is open (empty when the link cannot be rebuilt)."""
    from feedback.models import Response

    responses = list(
        Response.objects.filter(user=user)
        .select_related("consultation")
        .order_by("-created_at", "-pk")
    )
    for response in responses:
        is_open = response.consultation.is_open
        response.resume_url = ""
        response.withdraw_url = ""
        if is_open and response.status == Response.Status.DRAFT:
            token = response.resume_link_token()
            response.resume_url = reverse("feedback:resume", args=[token]) if token else ""
        elif is_open and response.status == Response.Status.SUBMITTED:
            token = response.withdraw_link_token()
            response.withdraw_url = reverse("feedback:withdraw", args=[token]) if token else ""
    return responses


def member_registrations(*, user):
    """The person's workshop registrations (made signed in, or with their account's address),
    soonest event first, each with ``cancel_url`` while it can still be cancelled."""
    from consultations.models import Registration

    mine = Q(user=user)
    if user.email:
        mine |= Q(email__iexact=user.email)
    registrations = list(
        Registration.objects.filter(mine, event__live=True)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    now = timezone.now()
    for registration in registrations:
        token = registration.cancel_link_token()
        can_cancel = (
            registration.status != Registration.Status.CANCELLED
            and registration.event.starts_at > now
            and token
        )
        registration.cancel_url = (
            reverse("consultations:registration_cancel", args=[token]) if can_cancel else ""
        )
    return registrations


def with_payment_rates(records):
    """Give the records whose fee is not fixed yet the current rates, read once; return them.

    Without this each such record reads the rates for its `total_owed`: a query per row.
    """
    records = list(records)
    if any(record.fee_amount is None and record.is_paid for record in records):
        rates = PaymentRates.load()
        for record in records:
            record.payment_rates = rates
    return records


def member_involvement(*, member):
    """A member's involvement log with expenses, newest first."""
    return with_payment_rates(
        InvolvementRecord.objects.filter(member=member)
        .prefetch_related(
            Prefetch("expenses", queryset=InvolvementExpense.objects.select_related("expense_type"))
        )
        .order_by("-date", "-pk")
    )


def involvement_totals(*, records):
    """Hours, amounts paid and amounts approved but not yet paid, over a list of records."""
    totals = {"hours": Decimal("0"), "paid": Decimal("0.00"), "owed": Decimal("0.00")}
    for record in records:
        if record.status == InvolvementRecord.Status.REJECTED:
            continue
        totals["hours"] += record.hours
        if record.status == InvolvementRecord.Status.PAID:
            totals["paid"] += record.total_owed
        elif record.status == InvolvementRecord.Status.APPROVED:
            totals["owed"] += record.total_owed
    return totals


def claims_awaiting_approval():
    """Submitted involvement records, oldest first."""
    return with_payment_rates(
        InvolvementRecord.objects.filter(status=InvolvementRecord.Status.SUBMITTED)
        .select_related("member__user", "opportunity")
        .prefetch_related("expenses__expense_type")
        .order_by("date", "pk")
    )


def claims_for_finance():
    """Approved claims not yet paid that have money owed (fee or expenses), oldest first."""
    records = (
        InvolvementRecord.objects.filter(status=InvolvementRecord.Status.APPROVED)
        .select_related("member__user", "approved_by")
        .prefetch_related("expenses__expense_type")
        .order_by("date", "pk")
    )
    return [record for record in records if record.total_owed > 0]


def group_members(*, opportunity):
    """The accepted members of a group or panel."""
    return list(
        ExpressionOfInterest.objects.filter(
            opportunity=opportunity, status=ExpressionOfInterest.Status.ACCEPTED
        )
        .select_related("member__user")
        .order_by("member__preferred_name")
    )


def member_data_export(*, user):
    """Everything the platform holds about a user, as JSON-ready data (for a download)."""
    from consultations.models import Registration

    profile = member_profile_for(user=user)
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
        },
        "profile": None,
        "interests": [],
        "involvement": [],
        "workshop_registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.starts_at.isoformat(),
                "name": registration.name,
                "email": registration.email,
                "taking_part_as": registration.capacity_type,
                "access_needs": registration.access_needs,
                "access_other": registration.access_other,
                "status": registration.status,
                "attended": registration.attended,
                "created_at": registration.created_at.isoformat(),
            }
            for registration in Registration.objects.filter(user=user).select_related("event")
        ],
        "consultation_responses": _responses_export(user),
    }
    if profile is None:
        return data
    data["profile"] = {
        "preferred_name": profile.preferred_name,
        "taking_part_as": profile.taking_part_as,
        "borough": str(profile.borough) if profile.borough else None,
        "locality": profile.locality.name if profile.locality else None,
        "topics": [topic.name for topic in profile.topics.all()],
        "lived_experience": profile.lived_experience,
        "access_needs": profile.access_needs,
        "contact_methods": profile.contact_methods,
        "phone": profile.phone,
        "postal_address": profile.postal_address,
        "availability": profile.availability,
        "availability_notes": profile.availability_notes,
        "consent_contact_opportunities": profile.consent_contact_opportunities,
        "consent_share_name": profile.consent_share_name,
        "receives_digest": profile.receives_digest,
        "last_digest_at": profile.last_digest_at.isoformat() if profile.last_digest_at else None,
        "created_at": profile.created_at.isoformat(),
        "updated_at": profile.updated_at.isoformat(),
    }
    data["interests"] = [
        {
            "opportunity": interest.opportunity.title,
            "why_me": interest.why_me,
            "status": interest.status,
            "decision_message": interest.decision_message,
            "created_at": interest.created_at.isoformat(),
            "decided_at": interest.decided_at.isoformat() if interest.decided_at else None,
        }
        for interest in member_interests(member=profile)
    ]
    data["involvement"] = [
        {
            "activity": record.activity,
            "description": record.description,
            "date": record.date.isoformat(),
            "hours": str(record.hours),
            "is_paid": record.is_paid,
            "status": record.status,
            "fee_amount": str(record.fee_amount) if record.fee_amount is not None else None,
            "expenses": [
                {"type": e.expense_type.name, "amount": str(e.amount), "note": e.note}
                for e in record.expenses.all()
            ],
            "total": str(record.total_owed),
            "paid_at": record.paid_at.isoformat() if record.paid_at else None,
        }
        for record in member_involvement(member=profile)
    ]
    return data


def _responses_export(user):
    """The user's consultation responses (what they said about themselves, not the answers)."""
    from feedback.models import Response

    exported = []
    for response in Response.objects.filter(user=user).select_related("consultation"):
        exported.append(
            {
                "reference": response.reference,
                "consultation": response.consultation.title,
                "status": response.status,
                "respondent_name": response.respondent_name,
                "respondent_email": response.respondent_email,
                "consent_to_quote": response.consent_to_quote,
                "consent_to_outcome_email": response.consent_to_outcome_email,
                "created_at": response.created_at.isoformat(),
                "submitted_at": (
                    response.submitted_at.isoformat() if response.submitted_at else None
                ),
            }
        )
    return exported


def digest_items(*, member, since, until):
    """Consultations and workshops opened in (since, until] that match a member's interests."""
    from consultations.models import ConsultationPage, WorkshopEventPage

    topic_ids = [topic.pk for topic in member.topics.all()]
    place = Q(pk__in=[])
    if topic_ids:
        place |= Q(topics__in=topic_ids)
    if member.borough_id:
        place |= Q(boroughs=member.borough_id)
    if member.locality_id:
        place |= Q(localities=member.locality_id)
    opened = Q(opens_at__gt=since, opens_at__lte=until) | Q(
        first_published_at__gt=since, first_published_at__lte=until, opens_at__lte=until
    )
    consultations = list(
        ConsultationPage.objects.live()
        .public()
        .filter(opened, place, closes_at__gt=until)
        .distinct()
        .order_by("closes_at", "pk")
    )

    event_place = Q(pk__in=[])
    if topic_ids:
        event_place |= Q(consultation__topics__in=topic_ids)
    if member.borough_id:
        event_place |= Q(borough=member.borough_id)
    if member.locality_id:
        event_place |= Q(locality=member.locality_id)
    event_opened = Q(registration_opens_at__gt=since, registration_opens_at__lte=until) | Q(
        registration_opens_at__isnull=True,
        first_published_at__gt=since,
        first_published_at__lte=until,
    )
    events = list(
        WorkshopEventPage.objects.live()
        .public()
        .filter(event_opened, event_place, starts_at__gt=until, is_cancelled=False)
        .distinct()
        .order_by("starts_at", "pk")
    )
    return {"consultations": consultations, "events": events}


def outcome_recipients(*, consultation):
    """(email, name) of everyone who took part in a consultation and may be told its outcome:
    respondents who left an email and agreed, workshop attendees, and members of its groups."""
    from consultations.models import Registration, WorkshopEventPage

    people = {}

    def add(email, name):
        # One email per address, whichever ways the person took part.
        email = (email or "").strip()
        if not email or email.lower().endswith(f"@{REMOVED_EMAIL_DOMAIN}"):
            return
        if email.lower() not in people:
            people[email.lower()] = (email, name or "")

    for email, name in _consenting_respondents(consultation):
        add(email, name)
    events = WorkshopEventPage.objects.filter(
        Q(consultation=consultation) | Q(pk__in=consultation.get_descendants().values("pk"))
    )
    for registration in Registration.objects.filter(event__in=events, attended=True).order_by("pk"):
        add(registration.email, registration.name)
    for interest in ExpressionOfInterest.objects.filter(
        opportunity__consultation=consultation, status=ExpressionOfInterest.Status.ACCEPTED
    ).select_related("member__user"):
        if interest.member.user.is_active:
            add(interest.member.user.email, interest.member.preferred_name)
    return list(people.values())


def _consenting_respondents(consultation):
    """(email, name) of respondents who sent a response, left an email and agreed to be told."""
    from feedback.models import Response

    return list(
        Response.objects.filter(
            consultation=consultation,
            status=Response.Status.SUBMITTED,
            is_anonymous=False,
            consent_to_outcome_email=True,
        )
        .exclude(respondent_email="")
        .exclude(respondent_email__iendswith=f"@{REMOVED_EMAIL_DOMAIN}")
        .order_by("submitted_at", "pk")
        .values_list("respondent_email", "respondent_name")
    )
