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


# How many candidate quotes each theme offers the officer.
QUOTE_CANDIDATES = 5


def quote_candidates(*, theme, limit=QUOTE_CANDIDATES):
    """[(answer id, redacted text)]: quotes typical of a theme, from consenting respondents.

    The one place the report asks for candidates: a better measure of typicality (such as
    embeddings) replaces what this calls, and the review screen and report follow.
    """
    from feedback.themes.selectors import theme_quote_choices

    return theme_quote_choices(theme=theme, max_quotes=limit)


def printable_quotes():
    """Quote decisions whose answer is still there, in a submitted response whose respondent
    agreed to be quoted (a withdrawal deletes the answer; consent can be taken back)."""
    from feedback.models import Response
    from feedback.reports.models import QuoteDecision

    return QuoteDecision.objects.filter(
        answer__isnull=False,
        answer__response__status=Response.Status.SUBMITTED,
        answer__response__consent_to_quote=True,
    )


def quotes_for_report(*, consultation):
    """{theme id: {"approved": [text], "decided": {original text}}} for a report.

    Approved quotes that can still be printed, in the order they were approved, and the
    automatic text of every quote an officer has decided on (approved or not), so that a
    draft can list the undecided candidates alone.
    """
    from feedback.reports.models import QuoteDecision

    quotes = {}
    decisions = QuoteDecision.objects.filter(theme__consultation=consultation).order_by(
        "decided_at", "pk"
    )
    printable = set(
        printable_quotes().filter(theme__consultation=consultation).values_list("pk", flat=True)
    )
    for decision in decisions.only("pk", "theme_id", "status", "text", "original_text"):
        entry = quotes.setdefault(decision.theme_id, {"approved": [], "decided": set()})
        entry["decided"].add(decision.original_text)
        if decision.status == QuoteDecision.Status.APPROVED and decision.pk in printable:
            entry["approved"].append(decision.text)
    return quotes


def quote_review(*, consultation):
    """The quote review screen: each accepted theme with its decisions and new candidates.

    Each theme: {"theme", "decisions": [QuoteDecision with .printable and .flag_list],
    "candidates": [{"answer_id", "text", "flags"}]}; candidates already decided are left out.
    """
    from feedback.analysis.identifiers import flag_identifiers
    from feedback.reports.models import QuoteDecision
    from feedback.themes.models import Theme

    places = quote_place_names(consultation=consultation)
    printable = set(
        printable_quotes().filter(theme__consultation=consultation).values_list("pk", flat=True)
    )
    decisions = {}
    for decision in (
        QuoteDecision.objects.filter(theme__consultation=consultation)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    ):
        decision.printable = decision.pk in printable
        decisions.setdefault(decision.theme_id, []).append(decision)
    themes = []
    for theme in Theme.objects.filter(
        consultation=consultation, status=Theme.Status.ACCEPTED
    ).order_by("name"):
        decided = {d.answer_id for d in decisions.get(theme.pk, [])}
        candidates = [
            {
                "answer_id": answer_id,
                "text": text,
                "flags": flag_identifiers(text=text, places=places),
            }
            for answer_id, text in quote_candidates(theme=theme)
            if answer_id not in decided
        ]
        themes.append(
            {"theme": theme, "decisions": decisions.get(theme.pk, []), "candidates": candidates}
        )
    return themes


def quote_place_names(*, consultation):
    """Names a quote could identify someone by: the consultation's wards, boroughs and
    localities, and the teams or services respondents named."""
    from feedback.models import Response

    names = {ward.name for ward in consultation.wards.all()}
    names |= {borough.name for borough in consultation.boroughs.all()}
    names |= {locality.name for locality in consultation.localities.all()}
    names |= set(
        Response.objects.filter(consultation=consultation)
        .exclude(team_or_service="")
        .values_list("team_or_service", flat=True)
        .distinct()[:200]
    )
    return sorted(names)
