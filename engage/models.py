"""Site-wide records: scheduled task runs and the audit log of access to personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One enqueued run of a periodic task; the unique slot stops two schedulers doubling it."""

    task_path = models.CharField(max_length=200)
    slot = models.BigIntegerField(help_text="The interval number since the epoch.")
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task_path", "slot"], name="one_run_per_task_slot")
        ]

    def __str__(self):
        return f"{self.task_path} #{self.slot}"


class AuditEvent(models.Model):
    """Who did what to which record, and when: viewing or exporting personal data, changes.

    Rows are only ever added (see ``engage.audit.audit_record``); the admin listing is read-only
    and visible to superusers alone. The user's name is copied into ``actor`` so the trail still
    reads correctly after an account is deleted.
    """

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The consultation the record belongs to, so the log can be filtered by consultation.
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consultation"),
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor or '-'} {self.action}"
