"""Personal API tokens for staff exports, and the licence open data is published under."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from engage.forms import AdminModelForm

OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


class ExportToken(models.Model):
    """A personal token a member of staff made to export data from the staff API.

    Only sha256 of the token is stored (see ``engage.tokens``), so a copy of the database opens
    nothing; ``prefix`` (its first characters) tells a person's tokens apart in the admin. A
    token never sees more than its owner may see now: scope is asked of the access policy on
    every use, so a removed assignment or a deactivated account takes effect at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export token")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        """True until revoked."""
        return self.revoked_at is None


@register_setting(icon="doc-full")
class OpenDataSettings(BaseSiteSetting):
    """The licence published results are offered under (the Open Government Licence unless
    the council chooses another)."""

    base_form_class = AdminModelForm  # text is saved without control characters

    licence_name = models.CharField(_("licence"), max_length=150, default=OGL_NAME)
    licence_url = models.URLField(_("licence address"), default=OGL_URL)
    attribution = models.CharField(
        _("attribution statement"),
        max_length=300,
        default=OGL_ATTRIBUTION,
        help_text=_("The words reusers are asked to print with the data."),
    )

    class Meta:
        verbose_name = _("open data licence")

    def as_dict(self):
        """The licence as it appears in every download and in the API."""
        return {"name": self.licence_name, "url": self.licence_url, "attribution": self.attribution}
