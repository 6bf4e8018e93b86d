"""Committee reports and the versions (PDF and Word) generated from them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from engage.forms import AdminModelForm
from feedback.reports.blocks import (
    REPORT_RICH_TEXT_FEATURES,
    AppendixTitleBlock,
    BackgroundPaperBlock,
    NarrativeSectionBlock,
    RecommendationBlock,
    ValueAlignmentBlock,
)

# The parts of the generated consultation summary (Appendix 1), in the order they appear.
APPENDIX_PARTS = [
    ("how_it_ran", _("How the consultation ran")),
    ("who_responded", _("Who responded")),
    ("question_results", _("Results of the closed questions")),
    ("themes", _("What people told us: themed findings")),
    ("equality", _("Equality monitoring")),
    ("outcome", _("You said, we did, and next steps")),
    ("method", _("Method and limits")),
]


@register_setting(icon="doc-full-inverse")
class ReportSettings(BaseSiteSetting):
    """Who a new committee report is from and to: the defaults of every new report's header."""

    base_form_class = AdminModelForm  # text is saved without control characters

    council_name = models.CharField(
        _("organisation heading the report"),
        max_length=150,
        blank=True,
        help_text=_(
            "The council whose committee receives the report, e.g. \u201cLondon Borough of "
            "Hammersmith & Fulham\u201d. Leave blank to use the council leading or partnering "
            "the consultation."
        ),
    )
    report_to = models.CharField(
        _("report to"),
        max_length=250,
        blank=True,
        help_text=_("The committee reports usually go to."),
    )
    report_of = models.CharField(
        _("report of"),
        max_length=250,
        blank=True,
        help_text=_(
            "Name and role of the officer reports are usually of. Leave blank to use the "
            "consultation's contact officer."
        ),
    )
    responsible_director = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("committee report defaults")


class CommitteeReport(ClusterableModel):
    """A report to a council committee about a consultation, in the council's format."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.PROTECT, related_name="committee_reports"
    )
    council_name = models.CharField(
        _("organisation heading the report"),
        max_length=150,
        help_text=_(
            "Shown at the top of the report: the council whose committee receives it (the "
            "default comes from the committee report settings)."
        ),
    )
    report_to = models.CharField(
        _("report to"), max_length=250, help_text=_("The committee the report goes to.")
    )
    meeting_date = models.DateField(_("date of the meeting"))
    subject = models.CharField(max_length=250)
    report_of = models.CharField(
        _("report of"), max_length=250, help_text=_("Name and role of the reporting officer.")
    )
    responsible_director = models.CharField(max_length=150)
    summary = RichTextField(features=REPORT_RICH_TEXT_FEATURES)
    recommendations = StreamField(
        [("recommendation", RecommendationBlock())],
        blank=True,
        help_text=_("Numbered in this order in the report."),
    )
    wards_affected = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Leave blank to use the consultation's wards, or \u201cAll\u201d when none."),
    )
    values_heading = models.CharField(max_length=150, default=_("Our values"))
    values = StreamField([("value", ValueAlignmentBlock())], blank=True)
    contact_officers = ParentalManyToManyField(
        "consultations.ContactOfficer", blank=True, related_name="committee_reports"
    )
    background_papers = StreamField(
        [("paper", BackgroundPaperBlock())],
        blank=True,
        help_text=_("Listed after the consultation's own background papers."),
    )
    sections = StreamField(
        [("section", NarrativeSectionBlock())],
        blank=True,
        help_text=_("Numbered sections: background, context, the proposal and so on."),
    )
    other_appendices = StreamField(
        [("appendix", AppendixTitleBlock(max_length=250))],
        blank=True,
        help_text=_("Appendices supplied separately; the consultation summary is Appendix 1."),
    )
    include_how_it_ran = models.BooleanField(_("include how the consultation ran"), default=True)
    include_who_responded = models.BooleanField(_("include who responded"), default=True)
    include_question_results = models.BooleanField(
        _("include results of the closed questions"), default=True
    )
    include_themes = models.BooleanField(_("include themed findings"), default=True)
    include_equality = models.BooleanField(_("include equality monitoring"), default=True)
    include_outcome = models.BooleanField(_("include you said, we did"), default=True)
    include_method = models.BooleanField(_("include method and limits"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("committee report")

    def __str__(self):
        return f"{self.subject} ({self.report_to}, {self.meeting_date:%d/%m/%Y})"

    def included_parts(self):
        """The keys of the appendix parts this report includes, in report order."""
        return [key for key, _label in APPENDIX_PARTS if getattr(self, f"include_{key}")]

    def latest_succeeded_version(self):
        """The newest version with a PDF, or None."""
        return (
            self.versions.filter(status=ReportVersion.Status.SUCCEEDED).order_by("-number").first()
        )


class ReportVersion(models.Model):
    """One generation of a report (PDF and Word); every attempt is kept, failed ones with their
    error."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to="committee-reports/%Y/%m/", blank=True)
    # The same report as Word, made from the same figures at the same moment as the PDF.
    docx = models.FileField(_("Word version"), upload_to="committee-reports/%Y/%m/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # Generated while the consultation was open or its themes were not all reviewed: every
    # page says "Interim / draft", and quotes not yet approved may appear, marked as such.
    is_draft = models.BooleanField(_("interim / draft"), default=False)
    # What the officer must know about this version, e.g. an approved quote left out because
    # its response was withdrawn: [str].
    notices = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    # When the version was last put on the task queue (first request or a retry), so a
    # version whose task was lost can be told apart from one that was just queued again.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"

    @property
    def filename(self):
        """The name offered when the PDF is downloaded."""
        slug = self.report.consultation.slug
        return f"committee-report-{slug}-v{self.number}.pdf"

    @property
    def word_filename(self):
        """The name offered when the Word version is downloaded."""
        return self.filename.removesuffix(".pdf") + ".docx"


class QuoteDecision(models.Model):
    """An officer's decision on one candidate quote for a theme, kept across report versions.

    Approved quotes print as `text`: the automatic redaction (`original_text`) or the officer's
    edit of it, which may only hide more and whose reason is recorded. A published (non-draft)
    version prints approved quotes only.
    """

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not to be used")

    theme = models.ForeignKey(
        "themes.Theme", on_delete=models.CASCADE, related_name="quote_decisions"
    )
    # Kept (with no answer) when the answer is deleted, as a withdrawal or erasure does, so
    # the next version can tell the officer that the quote has gone.
    answer = models.ForeignKey(
        "feedback.Answer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quote_decisions",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    original_text = models.TextField(_("automatic redaction"))
    text = models.TextField(_("quote as printed"))
    reason = models.TextField(
        _("reason for the change"), blank=True, help_text=_("Required when the text is edited.")
    )
    # Quasi-identifiers flagged when the officer decided: [{kind, text, hint}].
    flags = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    # Set when a version found the quote could no longer be printed (withdrawn, erased, consent
    # taken back), so the officer is told once and the quote is not offered again.
    gone_at = models.DateTimeField(null=True, blank=True)
    gone_reason = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["theme", "decided_at", "pk"]
        verbose_name = _("quote decision")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "answer"],
                condition=models.Q(answer__isnull=False),
                name="unique_quote_decision",
            )
        ]

    def __str__(self):
        return f"{self.theme}: {self.get_status_display()}"

    @property
    def edited(self):
        """True when the officer changed the automatic redaction."""
        return self.text != self.original_text
