"""Wagtail's site history report, without the records of consultations the user cannot see."""

from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry

from engage.access import log_entries_visible_to


class SiteHistoryView(LogEntriesView):
    """Wagtail's view, with each model's log entries passed through the access policy."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = log_entries_visible_to(queryset, user=self.request.user)
        return queryset
