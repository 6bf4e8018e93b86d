"""The committee report's admin form: only consultations the user may see can be chosen."""

from django.utils.translation import gettext_lazy as _

from engage.access import consultations_visible_to
from engage.forms import AdminModelForm


class CommitteeReportForm(AdminModelForm):
    """Limits the consultation to those the user may see (analysts: their assigned ones)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("consultation")
        if field is None or self.for_user is None:
            return
        field.queryset = consultations_visible_to(user=self.for_user).order_by("title")
        if not field.queryset.exists():
            field.help_text = _(
                "You are not assigned to any consultation yet: ask a consultation editor to "
                "assign you (Analyst assignments)."
            )
