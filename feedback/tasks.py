"""Background tasks for feedback: safeguarding alert emails and removing stale drafts."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone


@task()
def send_safeguarding_alert(alert_id):
    """Email the safeguarding leads about a new alert (no response text in the email)."""
    from feedback.emails import safeguarding_alert_email

    return safeguarding_alert_email(alert_id=alert_id)


@task()
def delete_stale_drafts():
    """Delete drafts of consultations that closed more than a day ago; they can never be sent."""
    from feedback.models import Response

    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = Response.objects.filter(
        status=Response.Status.DRAFT, consultation__closes_at__lt=cutoff
    ).delete()
    return deleted


# An upload waits here between "upload" and "import" (see admin_views.import_responses); one
# never imported is abandoned after a day.
IMPORT_UPLOADS = "feedback-imports"
ABANDONED_IMPORT_AFTER = timedelta(days=1)


@task()
def delete_abandoned_imports():
    """Delete uploaded import files nobody went on to import; returns how many were deleted."""
    from django.core.files.storage import default_storage

    cutoff = timezone.now() - ABANDONED_IMPORT_AFTER
    try:
        _dirs, files = default_storage.listdir(IMPORT_UPLOADS)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        path = f"{IMPORT_UPLOADS}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted


@task()
def send_safeguarding_digest():
    """Email the leads one digest of the past hour's alerts that were not emailed one by one."""
    from feedback.emails import safeguarding_digest_email
    from feedback.safeguarding import ALERT_WINDOW, coalesced_alerts

    until = timezone.now()
    since = until - ALERT_WINDOW
    return safeguarding_digest_email(alerts=coalesced_alerts(since=since, until=until), since=since)


SCHEDULE = {
    "feedback.tasks.delete_stale_drafts": 24 * 60 * 60,
    "feedback.tasks.send_safeguarding_digest": 60 * 60,
    "feedback.tasks.delete_abandoned_imports": 60 * 60,
}
