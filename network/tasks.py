"""Background work for the network: the daily digest and "you said, we did" emails."""

from django.tasks import task

from network import services

DAY = 24 * 60 * 60
HOUR = 60 * 60

SCHEDULE = {
    "network.tasks.send_daily_digest": DAY,
    "network.tasks.notify_published_outcomes": HOUR,
}


@task
def send_daily_digest():
    """Email each subscribed member one digest of what opened since their last one."""
    return services.digest_send()


@task
def notify_published_outcomes():
    """Tell the people who took part about each newly published outcome (once each)."""
    return {str(pk): sent for pk, sent in services.outcomes_notify_due().items()}
