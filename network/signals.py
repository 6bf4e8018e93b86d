"""A thin hook: workshop attendance marked on a registration updates the involvement log."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from consultations.models import Registration

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Registration, dispatch_uid="network_attendance_to_involvement")
def registration_saved(sender, instance, raw=False, **kwargs):
    """Hand the registration to the service, which decides (idempotently) what to record.

    A failure here must never stop a facilitator saving attendance, so it is logged instead.
    """
    if raw:
        return
    from network.services import involvement_record_from_attendance

    try:
        with transaction.atomic():
            involvement_record_from_attendance(registration=instance)
    except Exception:
        logger.exception("Could not update the involvement log for registration %s", instance.pk)
