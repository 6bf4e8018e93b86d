"""The audit log service: record who viewed, exported or changed personal data."""

import logging

from django.db import models, transaction

logger = logging.getLogger(__name__)

# Action names other apps should use, so the log can be filtered consistently.
VIEW_PERSONAL_DATA = "personal_data.view"
EXPORT_PERSONAL_DATA = "personal_data.export"
RESPONSE_CHANGE = "response.change"
RESPONSE_WITHDRAW = "response.withdraw"
ANSWER_TRANSLATE = "answer.translate"
THEME_CHANGE = "theme.change"
REPORT_CHANGE = "report.change"
REPORT_GENERATE = "report.generate"
RETENTION_APPLIED = "retention.applied"
DATA_PROTECTION_SEARCH = "data_protection.search"
DATA_PROTECTION_EXPORT = "data_protection.export"
DATA_PROTECTION_ERASE = "data_protection.erase"

# Labels for Wagtail's history views (registered in engage/wagtail_hooks.py).
WAGTAIL_LOG_ACTIONS = {
    "engage.personal_data.view": "Viewed personal data",
    "engage.personal_data.export": "Exported personal data",
    "engage.response.change": "Changed a response",
    "engage.response.withdraw": "Withdrew a response",
    "engage.answer.translate": "Translated an answer into English",
    "engage.theme.change": "Changed a theme",
    "engage.report.change": "Changed a report",
    "engage.report.generate": "Generated a report",
    "engage.retention.applied": "Removed personal details after the retention period",
    "engage.data_protection.search": "Searched for what is held about a person",
    "engage.data_protection.export": "Exported what is held about a person",
    "engage.data_protection.erase": "Erased what was held about a person",
}


def _actor_label(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_username() or "")[:254]


def _consultation_id(obj):
    """The consultation an object is, or belongs to (itself, or through its report, theme or
    event)."""
    if not isinstance(obj, models.Model):
        return None
    if obj._meta.label == "consultations.ConsultationPage":
        return obj.pk
    for owner in ("", "report", "theme", "event"):
        holder = getattr(obj, owner, None) if owner else obj
        value = getattr(holder, "consultation_id", None)
        if isinstance(value, int):
            return value
    return None


def audit_record(*, user, action, obj=None, details=None, consultation=None, mirror=True):
    """Add one entry to the audit log and return it.

    ``user`` may be None (scheduled tasks) or anonymous; ``obj`` is any model instance (or None);
    ``details`` is a small JSON-serialisable dict (counts, filters, format), never the personal
    data itself. ``consultation`` (a page or its id) is found from ``obj`` when not given, so
    the log can be filtered by consultation. When the object's type has a Wagtail log (pages,
    snippets, viewset models), the event also appears in that object's history in the admin,
    unless ``mirror`` is False (the caller already wrote a more precise history entry).
    """
    from engage.models import AuditEvent

    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if isinstance(consultation, models.Model):
        consultation = consultation.pk
    event = AuditEvent(
        user=user if authenticated else None,
        actor=_actor_label(user),
        action=action[:80],
        details=details or {},
        consultation_id=consultation or _consultation_id(obj),
    )
    if obj is not None:
        if isinstance(obj, models.Model):
            event.object_type = obj._meta.label_lower
            event.object_id = str(obj.pk) if obj.pk is not None else ""
        else:
            event.object_type = type(obj).__name__.lower()
        event.object_repr = str(obj)[:255]
    event.save()

    wagtail_action = f"engage.{action}"
    if (
        mirror
        and isinstance(obj, models.Model)
        and obj.pk is not None
        and wagtail_action in WAGTAIL_LOG_ACTIONS
    ):
        from wagtail.log_actions import log

        try:
            with transaction.atomic():  # a savepoint: a failure here leaves the caller's work
                log(obj, wagtail_action, user=user if authenticated else None, data=details or {})
        except Exception:  # the audit event is stored; a mirror failure must not break the request
            logger.exception("Could not mirror audit event %s to Wagtail's log", event.pk)
    return event
