"""Remove personal details once a consultation's retention period has passed.

For each consultation whose ``closes_at + retention_days`` is in the past, names, email
addresses (and the consent to be emailed the outcome, which needs one), free-text access needs
and account links are removed from its responses and from registrations for its events, and
their private-link token hashes (resume, withdraw, cancel) are replaced by random values that
no link hashes to, so old links stop working. The answers themselves, and
categorical facts such as "responding as" or access-need ticks, stay for analysis. Events that
belong to no consultation use ``settings.ENGAGE_EVENT_RETENTION_DAYS`` after they end.

Models are looked up by name (engage sits below the apps that hold the data). A model or field
named here that does not exist is an error, never skipped, so a rename cannot quietly leave
personal details behind; a test checks every name. Running again changes nothing already
cleared.
"""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from engage.audit import RETENTION_APPLIED, audit_record

logger = logging.getLogger(__name__)

EXPIRED_TOKEN_PREFIX = "expired-"  # noqa: S105 (a marker, not a secret)
REMOVED_EMAIL_DOMAIN = "removed.invalid"  # .invalid never resolves (RFC 2606)


@dataclass(frozen=True)
class RetentionTarget:
    """Where personal details live in one model, and how to find the consultation."""

    label: str
    consultation_path: str
    blank_fields: tuple = ()
    unique_email_fields: tuple = ()  # emails that must stay unique: replaced per row
    null_fields: tuple = ()
    false_fields: tuple = ()  # consents that only mean something with the email just removed
    token_fields: tuple = ()
    extra_filter: dict = field(default_factory=dict)


TARGETS = (
    RetentionTarget(
        label="feedback.Response",
        consultation_path="consultation",
        blank_fields=("respondent_name", "respondent_email"),
        null_fields=("user",),
        false_fields=("consent_to_outcome_email",),
        token_fields=("resume_token_hash", "withdraw_token_hash"),
    ),
    RetentionTarget(
        label="consultations.Registration",
        consultation_path="event__consultation",
        blank_fields=("name", "access_other"),
        unique_email_fields=("email",),
        null_fields=("user",),
        token_fields=("cancel_token_hash",),
    ),
)


def _checked_fields(model, names):
    """The names, after checking that each is a field of the model (else FieldDoesNotExist)."""
    for name in names:
        model._meta.get_field(name)
    return tuple(names)


def _not_yet_cleared(model, target):
    """Rows that still hold a personal detail or a live token."""
    condition = models.Q()
    for name in _checked_fields(model, target.blank_fields):
        condition |= ~models.Q(**{name: ""})
    for name in _checked_fields(model, target.unique_email_fields):
        condition |= ~models.Q(**{f"{name}__endswith": f"@{REMOVED_EMAIL_DOMAIN}"})
    for name in _checked_fields(model, target.null_fields):
        condition |= models.Q(**{f"{name}__isnull": False})
    for name in _checked_fields(model, target.false_fields):
        condition |= models.Q(**{name: True})
    for name in _checked_fields(model, target.token_fields):
        condition |= ~models.Q(**{f"{name}__startswith": EXPIRED_TOKEN_PREFIX})
    return condition


def _clear(queryset, model, target):
    """Clear personal details from every row of the queryset; return how many rows."""
    rows = queryset.filter(_not_yet_cleared(model, target))
    updates = dict.fromkeys(_checked_fields(model, target.blank_fields), "")
    updates.update(dict.fromkeys(_checked_fields(model, target.null_fields)))
    updates.update(dict.fromkeys(_checked_fields(model, target.false_fields), False))
    for name in _checked_fields(model, target.unique_email_fields):
        # Unique per row without holding anything about the person: removed-<pk>@removed.invalid
        updates[name] = Concat(
            models.Value("removed-"),
            Cast("pk", models.CharField()),
            models.Value(f"@{REMOVED_EMAIL_DOMAIN}"),
            output_field=models.CharField(),
        )
    pks = list(rows.values_list("pk", flat=True))
    if not pks:
        return 0
    model.objects.filter(pk__in=pks).update(**updates)
    token_fields = _checked_fields(model, target.token_fields)
    if token_fields:
        # Fresh random values (unique columns) with a prefix that marks them as cleared.
        changed = []
        for row in model.objects.filter(pk__in=pks).only("pk", *token_fields):
            for name in token_fields:
                setattr(row, name, EXPIRED_TOKEN_PREFIX + secrets.token_urlsafe(24))
            changed.append(row)
        model.objects.bulk_update(changed, token_fields, batch_size=500)
    return len(pks)


def anonymise(queryset):
    """Clear personal details from the rows of a queryset exactly as retention does.

    Used when someone deletes their account. The queryset's model must be one of TARGETS.
    Returns how many rows changed.
    """
    model = queryset.model
    target = next(t for t in TARGETS if t.label == model._meta.label)
    return _clear(queryset, model, target)


def retention_deadline(consultation):
    """When personal details of this consultation's responses and registrations are removed."""
    return consultation.closes_at + timedelta(days=consultation.retention_days)


def apply_retention(*, now=None):
    """Clear personal details everywhere the retention period has passed; return the counts.

    The result maps each consultation (and "events without a consultation") to the number of
    rows cleared per model. Each consultation is cleared in its own transaction and recorded in
    the audit log.
    """
    now = now or timezone.now()
    consultation_model = apps.get_model("consultations.ConsultationPage")
    summary = {}
    for consultation in consultation_model.objects.filter(closes_at__lt=now).order_by("pk"):
        if retention_deadline(consultation) > now:
            continue
        counts = {}
        with transaction.atomic():
            for target in TARGETS:
                model = apps.get_model(target.label)
                queryset = model.objects.filter(**{target.consultation_path: consultation})
                counts[target.label] = _clear(queryset, model, target)
            if any(counts.values()):
                audit_record(
                    user=None,
                    action=RETENTION_APPLIED,
                    obj=consultation,
                    details={"cleared": counts, "retention_days": consultation.retention_days},
                )
        if any(counts.values()):
            logger.info("Retention: cleared %s for consultation %s", counts, consultation.pk)
            summary[f"consultation:{consultation.pk}"] = counts
    summary.update(_apply_to_standalone_events(now))
    return summary


def _apply_to_standalone_events(now):
    registration_model = apps.get_model("consultations.Registration")
    days = getattr(settings, "ENGAGE_EVENT_RETENTION_DAYS", 365)
    target = next(t for t in TARGETS if t.label == "consultations.Registration")
    with transaction.atomic():
        queryset = registration_model.objects.filter(
            event__consultation__isnull=True, event__ends_at__lt=now - timedelta(days=days)
        )
        cleared = _clear(queryset, registration_model, target)
        if cleared:
            audit_record(
                user=None,
                action=RETENTION_APPLIED,
                details={
                    "cleared": {target.label: cleared},
                    "events_without_consultation": True,
                    "retention_days": days,
                },
            )
    if not cleared:
        return {}
    logger.info("Retention: cleared %s registrations for past standalone events", cleared)
    return {"events_without_consultation": {target.label: cleared}}
