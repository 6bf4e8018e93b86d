"""Background tasks: registration emails, and the daily reminder sent the day before an event."""

from django.tasks import task

from consultations import emails, services
from consultations.models import Registration

# Checked every hour, so a reminder goes out early on the day before the event whatever the
# time the scheduler started; each person is reminded once (see services.reminders_send).
SCHEDULE = {"consultations.tasks.send_event_reminders": 60 * 60}


@task
def send_registration_confirmation(registration_id):
    """Email the confirmation (or waiting-list notice) for a registration."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return False
    emails.send_confirmation(registration)
    return True


@task
def send_repeat_registration_notice(registration_id):
    """Tell the owner of an address that it was registered again (and nothing changed)."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return False
    emails.send_repeat_notice(registration)
    return True


@task
def send_cancellation_confirmation(registration_id):
    """Confirm to someone that the registration they cancelled is cancelled."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status != Registration.Status.CANCELLED:
        return False
    if not registration.email:  # forgotten since (account deleted): nobody to tell
        return False
    emails.send_cancellation(registration)
    return True


@task
def send_waitlist_promotion(registration_id):
    """Email someone who has just moved from the waiting list into a place."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return False
    emails.send_promotion(registration)
    return True


@task
def send_event_reminders():
    """Remind everyone with a place at tomorrow's events; returns how many were sent."""
    return services.reminders_send()
