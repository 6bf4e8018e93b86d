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


SCHEDULE = {"feedback.tasks.delete_stale_drafts": 24 * 60 * 60}
