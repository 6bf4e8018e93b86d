"""The register of data protection requests: searches, exports and erasures, by whom and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

SUBJECT_SALT = "privacy.subject"


def normalise_email(email):
    """The form an address is compared in: trimmed and lower case."""
    return (email or "").strip().lower()


def subject_hash(email):
    """A keyed hash of an address: requests about one person match without storing it."""
    return salted_hmac(SUBJECT_SALT, normalise_email(email), algorithm="sha256").hexdigest()


def subject_hint(email):
    """Enough of an address for a reader of the register to tell requests apart: j***@x.org."""
    local, _at, domain = normalise_email(email).partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class DataRequest(models.Model):
    """One search, export or erasure of what is held about an email address.

    The address itself is never stored: ``subject_hash`` matches later requests about the same
    person and ``subject_hint`` lets a reader tell requests apart. A request is "running" while
    its work is done; only one of each kind may run for a person at once.
    """

    class Kind(models.TextChoices):
        SEARCH = "search", _("Search")
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    subject_hash = models.CharField(max_length=64, db_index=True, editable=False)
    subject_hint = models.CharField(_("person"), max_length=254, editable=False)
    reason = models.TextField(_("reason"))
    format = models.CharField(_("format"), max_length=10, blank=True)
    counts = models.JSONField(_("records"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.CharField(_("who"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data protection request")
        permissions = [
            ("handle_data_requests", "Data protection: find, export and erase a person's data"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_hash", "kind"],
                condition=models.Q(status="running"),
                name="one_running_request_per_person_and_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject_hint}"
