"""Reads the committee report needs that no other app provides, all aggregated in the database."""

from django.db.models import Count, Q
from django.utils import timezone

from consultations.models import ConsultationDocument, Registration, WorkshopEventPage
from feedback.reports.models import CommitteeReport, ReportVersion


def report_latest_for_consultation(*, consultation):
    """The most recently updated committee report for a consultation, or None."""
    return (
        CommitteeReport.objects.filter(consultation=consultation)
        .order_by("-updated_at", "-pk")
        .first()
    )


def report_versions(*, report):
    """A report's versions, newest first, with who generated them."""
    return report.versions.select_related("generated_by").order_by("-number")


def version_latest_succeeded(*, report):
    """The newest version of a report that has a PDF, or None."""
    return report.versions.filter(status=ReportVersion.Status.SUCCEEDED).order_by("-number").first()


def consultation_workshops(*, consultation, now=None):
    """Workshops for a consultation with confirmed registrations and attendance, in date order.

    Counts are annotations, so this is one query however many people registered.
    """
    now = now or timezone.now()
    events = (
        WorkshopEventPage.objects.filter(
            Q(consultation=consultation) | Q(path__startswith=consultation.path, depth__gt=1)
        )
        .exclude(pk=consultation.pk)
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            ),
            attended_count=Count(
                "registrations", filter=Q(registrations__attended=True), distinct=True
            ),
            attendance_recorded=Count(
                "registrations", filter=Q(registrations__attended__isnull=False), distinct=True
            ),
        )
        .order_by("starts_at", "pk")
    )
    workshops = []
    for event in events:
        workshops.append(
            {
                "title": event.title,
                "starts_at": event.starts_at,
                "format": event.get_format_display(),
                "place": event.venue_name or (event.locality or event.borough or ""),
                "is_cancelled": event.is_cancelled,
                "held": (not event.is_cancelled) and event.starts_at <= now,
                "registered": event.registered,
                "attended": event.attended_count if event.attendance_recorded else None,
            }
        )
    return workshops


def consultation_documents(*, consultation):
    """The consultation's published documents with the alternative formats each has."""
    rows = ConsultationDocument.objects.filter(page=consultation).select_related(
        "document", "easy_read", "large_print", "other_language"
    )
    documents = []
    for row in rows.order_by("sort_order", "pk"):
        formats = []
        if row.easy_read_id:
            formats.append("easy read")
        if row.large_print_id:
            formats.append("large print")
        if row.other_language_id:
            formats.append(row.other_language_name or "another language")
        documents.append(
            {
                "title": row.document.title,
                "description": row.description,
                "formats": formats,
                "is_background_paper": row.is_background_paper,
            }
        )
    return documents


def reports_visible_to(*, user):
    """Reports a member of staff may reach: all for editors and superusers, else on assigned
    consultations (analysts see only the consultations they are assigned to)."""
    from engage.access import consultations_visible_to

    return CommitteeReport.objects.filter(
        consultation__in=consultations_visible_to(user=user).values("pk")
    )


def report_versions_visible_to(*, user):
    """Generated versions of the reports a member of staff may reach."""
    return ReportVersion.objects.filter(report__in=reports_visible_to(user=user).values("pk"))
