"""Writes for committee reports: creating reports and generating their PDF and Word versions."""

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engage import audit
from feedback.reports.context import build_report_context
from feedback.reports.models import CommitteeReport, ReportSettings, ReportVersion
from feedback.reports.rendering import render_report_pdf
from feedback.reports.word import render_report_docx

logger = logging.getLogger(__name__)

# A version still "running" after this long was left by a worker that died, and one still
# "queued" after this long lost its task (e.g. the queue was cleared); either may be re-run.
STALE_AFTER = timedelta(minutes=15)


def report_settings(*, consultation):
    """The committee report defaults of the consultation's site (or the default site)."""
    from wagtail.models import Site

    site = consultation.get_site() or Site.objects.filter(is_default_site=True).first()
    return ReportSettings.for_site(site) if site else ReportSettings()


def _council(consultation):
    """The council leading or partnering the consultation: a council committee report is
    headed by the council, not by the NHS trust that ran the consultation."""
    from consultations.models import Organisation

    lead = consultation.lead_organisation
    if lead and lead.kind == Organisation.Kind.COUNCIL:
        return lead.name
    partner = (
        consultation.partner_organisations.filter(kind=Organisation.Kind.COUNCIL)
        .order_by("name")
        .first()
    )
    return partner.name if partner else ""


def report_defaults(*, consultation):
    """Field values for a new report on a consultation: the header from the site's committee
    report settings, the rest from what the platform knows about the consultation."""
    consultation = consultation.specific
    officer = consultation.contact_officer
    settings = report_settings(consultation=consultation)
    return {
        "consultation": consultation,
        "council_name": settings.council_name or _council(consultation) or _("The council"),
        "report_to": settings.report_to
        or _("Health and Social Care Policy and Accountability Committee"),
        "meeting_date": (timezone.localdate() + timedelta(days=28)),
        "subject": consultation.title,
        "report_of": settings.report_of
        or (f"{officer.name}, {officer.job_title}" if officer else ""),
        "responsible_director": settings.responsible_director,
        "summary": "<p>{}</p>".format(
            _(
                "This report summarises what people told us in the consultation and how the "
                "consultation ran. The consultation summary is attached as Appendix 1."
            )
        ),
        "recommendations": [
            ("recommendation", _("For the Committee to note and comment on the report."))
        ],
    }


def report_build_default(*, consultation):
    """An unsaved report with sensible defaults (used when a consultation has none yet)."""
    values = report_defaults(consultation=consultation)
    report = CommitteeReport(**values)
    officer = consultation.specific.contact_officer
    if officer:
        report.contact_officers = [officer]
    return report


@transaction.atomic
def report_create(*, consultation, user=None, **fields):
    """Create and save a committee report, defaults first, then the given fields."""
    values = report_defaults(consultation=consultation)
    values.update(fields)
    report = CommitteeReport(**values, created_by=user, updated_by=user)
    officer = consultation.specific.contact_officer
    if officer and "contact_officers" not in fields:
        report.contact_officers = [officer]
    report.save()
    report_changed(report=report, user=user, change="create")
    return report


def report_changed(*, report, user, change):
    """Record that a report was created, edited or deleted (Wagtail's history has the detail)."""
    audit.audit_record(
        user=user,
        action=audit.REPORT_CHANGE,
        obj=report,
        details={"change": change},
        mirror=False,
    )


def version_request(*, report, user=None):
    """Queue a new PDF version of a report and enqueue the task that generates it."""
    from feedback.reports.tasks import generate_report_version

    with transaction.atomic():
        # Lock the report so two clicks cannot take the same version number.
        CommitteeReport.objects.select_for_update().filter(pk=report.pk).first()
        last = report.versions.aggregate(last=Max("number"))["last"] or 0
        version = ReportVersion.objects.create(
            report=report,
            number=last + 1,
            generated_by=user,
            status=ReportVersion.Status.QUEUED,
            queued_at=timezone.now(),
        )
    audit.audit_record(
        user=user,
        action=audit.REPORT_GENERATE,
        obj=report,
        details={"version": version.number},
    )
    generate_report_version.enqueue(version.pk)
    version.refresh_from_db()
    return version


def _retryable(*, now):
    """Versions that may be run again: failed, or stuck as running or queued for too long."""
    cutoff = now - STALE_AFTER
    Status = ReportVersion.Status
    return (
        Q(status=Status.FAILED)
        | Q(status=Status.RUNNING, started_at__lt=cutoff)
        | Q(status=Status.QUEUED, queued_at__lt=cutoff)
        # Versions queued before queued_at was kept: their request time is when they were queued.
        | Q(status=Status.QUEUED, queued_at__isnull=True, requested_at__lt=cutoff)
    )


def version_is_stale(version, *, now=None):
    """True when a version is stuck (its worker died, or its task was lost) and may be run again.

    That is a version still running, or still queued, longer than STALE_AFTER.
    """
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    if version.status == ReportVersion.Status.RUNNING:
        return version.started_at is not None and version.started_at < cutoff
    if version.status == ReportVersion.Status.QUEUED:
        queued_at = version.queued_at or version.requested_at
        return queued_at is not None and queued_at < cutoff
    return False


def version_can_retry(version, *, now=None):
    """True when a version failed or is stale (see `version_is_stale`)."""
    return version.status == ReportVersion.Status.FAILED or version_is_stale(version, now=now)


def version_retry(*, version, user=None, now=None):
    """Enqueue a failed or stale version again; the same version row is reused.

    Returns True when the version was queued again, False when it could not be retried (it
    succeeded, or it is still running or queued within the time allowed). The check and the
    change are one conditional update, so two clicks queue it once.
    """
    from feedback.reports.tasks import generate_report_version

    now = now or timezone.now()
    retried = (
        ReportVersion.objects.filter(pk=version.pk)
        .filter(_retryable(now=now))
        .update(status=ReportVersion.Status.QUEUED, error="", queued_at=now)
    )
    if retried:
        audit.audit_record(
            user=user,
            action=audit.REPORT_GENERATE,
            obj=version.report,
            details={"version": version.number, "retry": True},
        )
        generate_report_version.enqueue(version.pk)
    version.refresh_from_db()
    return bool(retried)


def version_generate(*, version_id, now=None):
    """Render a version's PDF and Word files from one set of figures, store them, then mark
    the row succeeded in one transaction.

    The row only points at files once both are completely written, so a worker killed part
    way leaves the version queued or running (never half-written) and it can simply be re-run.
    A failure records the error and removes any file already stored; earlier versions are
    untouched.
    """
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version_id)
        if version.status == ReportVersion.Status.SUCCEEDED:
            return version
        version.status = ReportVersion.Status.RUNNING
        version.started_at = timezone.now()
        version.error = ""
        version.save(update_fields=["status", "started_at", "error"])

    generated_at = now or timezone.now()
    storage = version.pdf.storage
    stored = []
    try:
        report = CommitteeReport.objects.get(pk=version.report_id)
        # One set of figures for both files, so the Word version says what the PDF says.
        context = build_report_context(report, now=generated_at)
        rendered = render_report_pdf(report, context=context)
        word = render_report_docx(report, context=context)
        for field, filename, content in (
            (version.pdf.field, version.filename, rendered.content),
            (version.docx.field, version.word_filename, word),
        ):
            name = field.generate_filename(version, filename)
            stored.append(storage.save(name, ContentFile(content)))
    except Exception as error:
        logger.exception("Committee report version %s failed", version_id)
        for name in stored:
            storage.delete(name)
        ReportVersion.objects.filter(pk=version_id).update(
            status=ReportVersion.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        version.refresh_from_db()
        return version

    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version_id)
        if version.status == ReportVersion.Status.SUCCEEDED:
            # Another worker finished first; keep its files and drop ours.
            for name in stored:
                storage.delete(name)
            return version
        version.pdf.name, version.docx.name = stored
        version.page_count = rendered.page_count
        version.generated_at = generated_at
        version.is_draft = context["interim"]
        # Approved quotes that could not be printed (the context left them out) are marked
        # once, and this version tells the officer.
        notices = quotes_mark_gone(consultation=report.consultation_id, now=generated_at)
        version.notices = [str(notice) for notice in notices]
        version.status = ReportVersion.Status.SUCCEEDED
        version.save(
            update_fields=[
                "pdf",
                "docx",
                "page_count",
                "generated_at",
                "status",
                "is_draft",
                "notices",
            ]
        )
    return version


class QuoteError(Exception):
    """A quote decision that cannot be made; the message says why, for the officer."""


def quote_decide(*, theme, answer_id, user, approve, text=None, reason="", now=None):
    """Approve a candidate quote (as redacted, or with the redaction edited) or set it aside.

    The quote must come from a submitted response whose respondent agreed to be quoted. An
    edited text needs a reason, and may only hide more than the automatic redaction: an edit
    that shows anything the original did not (a name put back, a word added) is refused.
    """
    from feedback.analysis.identifiers import flag_identifiers, reveals_more
    from feedback.models import Response
    from feedback.reports.models import QuoteDecision
    from feedback.reports.selectors import quote_place_names
    from feedback.themes.models import AnswerAnalysis

    analysis = (
        AnswerAnalysis.objects.select_related("answer__response")
        .filter(answer_id=answer_id, consultation=theme.consultation_id)
        .first()
    )
    response = analysis.answer.response if analysis else None
    if (
        response is None
        or response.status != Response.Status.SUBMITTED
        or not response.consent_to_quote
    ):
        raise QuoteError(
            _("This answer cannot be quoted: its respondent did not agree, or it was withdrawn.")
        )
    original = analysis.redacted_text
    printed = original if text is None else text.strip()
    if approve:
        if not printed:
            raise QuoteError(_("An approved quote needs some text."))
        if printed != original:
            if not reason.strip():
                raise QuoteError(_("Say why the redaction was changed."))
            if reveals_more(original=original, edited=printed):
                raise QuoteError(
                    _(
                        "The edited quote shows words the redacted quote did not. An edit may "
                        "only take words out or replace them with a placeholder such as "
                        "[team]."
                    )
                )
    flags = [
        {"kind": flag.kind, "label": flag.label, "text": flag.text, "hint": flag.hint}
        for flag in flag_identifiers(
            text=printed, places=quote_place_names(consultation=theme.consultation)
        )
    ]
    decision, _created = QuoteDecision.objects.update_or_create(
        theme=theme,
        answer_id=answer_id,
        defaults={
            "status": QuoteDecision.Status.APPROVED if approve else QuoteDecision.Status.REJECTED,
            "original_text": original,
            "text": printed if approve else original,
            "reason": reason.strip(),
            "flags": flags,
            "decided_by": user,
            "decided_at": now or timezone.now(),
            "gone_at": None,
            "gone_reason": "",
        },
    )
    return decision


def quotes_mark_gone(*, consultation, now=None):
    """Approved quotes that can no longer be printed (the response was withdrawn or erased, or
    consent was taken back), marked once; returns a notice for the officer about each."""
    from feedback.reports.models import QuoteDecision
    from feedback.reports.selectors import printable_quotes

    now = now or timezone.now()
    gone = (
        QuoteDecision.objects.filter(
            theme__consultation=consultation,
            status=QuoteDecision.Status.APPROVED,
            gone_at__isnull=True,
        )
        .exclude(pk__in=printable_quotes().values("pk"))
        .select_related("theme")
    )
    notices = []
    for decision in gone:
        decision.gone_at = now
        decision.gone_reason = str(
            _("The response was withdrawn or erased, or its respondent no longer agrees.")
        )
        decision.save(update_fields=["gone_at", "gone_reason"])
        notices.append(
            _(
                "An approved quote for \u201c%(theme)s\u201d was left out: its response was "
                "withdrawn or erased, or its respondent no longer agrees to be quoted. Choose "
                "another on the quotes page."
            )
            % {"theme": decision.theme.name}
        )
    return notices
