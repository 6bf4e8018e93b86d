"""Themes, their tags on answers, the stored analysis of each answer, and analysis runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models import ConsultationPage


class Theme(models.Model):
    """A theme of a consultation: defined by officers (coding frame) or proposed by discovery."""

    class Origin(models.TextChoices):
        CODING_FRAME = "coding_frame", _("Coding frame (defined by an officer)")
        DISCOVERED = "discovered", _("Discovered in the responses")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DROPPED = "dropped", _("Dropped")

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="themes"
    )
    # What a person may give as a name (forms, imports); the column keeps some room to spare.
    NAME_MAX_LENGTH = 110

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    keywords = models.JSONField(
        _("keywords and phrases"),
        default=list,
        blank=True,
        help_text=_("Words and phrases that mean an answer is about this theme."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent theme"),
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.CODING_FRAME)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    # Phrases found by discovery; kept so a proposal can be explained after later runs.
    key_phrases = models.JSONField(default=list, blank=True)
    # Size when proposed (discovery), for the proposal list; live counts come from selectors.
    proposed_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["consultation", "name"]
        verbose_name = _("theme")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "name"], name="unique_theme_name_per_consultation"
            )
        ]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self):
        return self.name

    @property
    def is_in_coding_frame(self):
        """True when the theme is applied to new answers by the analysis."""
        return self.status == self.Status.ACCEPTED


class AnswerTheme(models.Model):
    """A theme on a free-text answer: set by the analysis or decided by a person.

    A person's decision is a row with ``source=manual``: ``is_rejected=False`` means they added
    the theme, ``True`` that they removed it. The analysis never changes manual rows, so a re-run
    cannot undo a decision.
    """

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        MANUAL = "manual", _("Decided by a person")

    answer = models.ForeignKey(
        "feedback.Answer", on_delete=models.CASCADE, related_name="theme_tags"
    )
    # The answer's response, copied when the tag is made (an answer never moves to another
    # response), so respondents are counted from an index without reading every answer.
    response = models.ForeignKey(
        "feedback.Response", on_delete=models.CASCADE, related_name="+", editable=False
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="answer_tags")
    score = models.FloatField(default=0.0)
    # How sure the analysis is of an automatic tag (0-1); the review screen shows the least
    # sure first. None for a person's decision on an answer the analysis had not tagged.
    confidence = models.FloatField(null=True, blank=True)
    # What the analysis said when a person decided (kept to measure agreement with analysts):
    # whether it had tagged the answer (None: decided before this was recorded) and how sure
    # it was.
    model_tagged = models.BooleanField(null=True, blank=True)
    model_confidence = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.AUTOMATIC)
    is_rejected = models.BooleanField(
        default=False, help_text=_("A person removed this theme from the answer.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("theme on an answer")
        verbose_name_plural = _("themes on answers")
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="one_tag_per_answer_and_theme")
        ]
        indexes = [
            # Respondents per theme, read from the index alone.
            models.Index(
                fields=["theme", "is_rejected", "response", "answer"], name="answertheme_count_idx"
            ),
            # A theme's strongest answers first (quotes, key phrases) without sorting them all.
            models.Index(
                fields=["theme", "is_rejected", "-score", "answer"], name="answertheme_best_idx"
            ),
            # The few decisions made by a person ("re-tagged by hand").
            models.Index(fields=["theme", "source"], name="answertheme_source_idx"),
        ]

    def __str__(self):
        return f"{self.answer_id} - {self.theme}"


class AnalysisRun(models.Model):
    """One analysis of a consultation's free-text answers, split into batches for workers."""

    class Kind(models.TextChoices):
        INCREMENTAL = "incremental", _("New and changed answers")
        FULL = "full", _("All answers")
        DISCOVERY = "discovery", _("All answers, then discover themes")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHING = "finishing", _("Finishing")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING, Status.FINISHING)

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="analysis_runs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INCREMENTAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # The coding frame as it was when the run started, so every batch applies the same one.
    codebook = models.JSONField(default=dict, blank=True)
    # The analysts' decisions as labelled examples ([answer id, theme name, agrees]) when the
    # run started, so every batch learns from the same ones. Never the answers' words: each
    # batch reads those from the answers still there (`selectors.labelled_texts`), so nothing
    # of a withdrawn or erased response stays in a run.
    examples = models.JSONField(default=list, blank=True)
    # Respondents per theme ({theme id: n}) before the run, to record what the run changed.
    respondents_before = models.JSONField(default=dict, blank=True)
    max_themes = models.PositiveSmallIntegerField(default=8)
    answers_total = models.PositiveIntegerField(default=0)
    batches_total = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("analysis run")
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.get_kind_display()} - {self.get_status_display()}"

    @property
    def is_active(self):
        """True while the run is queued or being worked on."""
        return self.status in self.ACTIVE_STATUSES

    @property
    def percent_done(self):
        """Progress as a whole percentage of batches done."""
        if not self.batches_total:
            return 100 if self.status == self.Status.SUCCEEDED else 0
        return int(100 * self.batches_done / self.batches_total)


class AnalysisBatch(models.Model):
    """A fixed slice of a run's answers; a worker processes it in one transaction."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="batches")
    index = models.PositiveIntegerField()
    answer_ids = models.JSONField(default=list)
    is_done = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the batch changed per theme: {theme id: {"joined": n, "left": n, "joined_new": n}}.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "index"]
        verbose_name = _("analysis batch")
        verbose_name_plural = _("analysis batches")
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="unique_batch_index_per_run")
        ]

    def __str__(self):
        return f"{self.run_id}/{self.index}"


class ThemeChange(models.Model):
    """What one run changed for one theme, and why, so that no count moves silently."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="theme_changes")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="run_changes"
    )
    theme_name = models.CharField(max_length=120)
    respondents_before = models.PositiveIntegerField(default=0)
    respondents_after = models.PositiveIntegerField(default=0)
    answers_joined = models.PositiveIntegerField(default=0)
    answers_left = models.PositiveIntegerField(default=0)
    # Of the answers that joined, how many the run analysed for the first time.
    joined_new = models.PositiveIntegerField(default=0)
    # How the theme's definition differs from the previous run's: keywords added and removed,
    # whether the description changed, labelled examples before and after.
    definition = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "theme_name"]
        verbose_name = _("theme change in a run")
        verbose_name_plural = _("theme changes in runs")
        constraints = [
            models.UniqueConstraint(fields=["run", "theme"], name="one_change_per_run_and_theme")
        ]

    def __str__(self):
        return (
            f"{self.run_id}: {self.theme_name} {self.respondents_before}->{self.respondents_after}"
        )

    @property
    def delta(self):
        """Change in respondents (after minus before)."""
        return self.respondents_after - self.respondents_before


class AnswerAnalysis(models.Model):
    """What the analysis found in one free-text answer; redacted text is what may be quoted."""

    # How each kind of evidence (feedback.analysis.evidence) reads in the admin.
    EVIDENCE_LABELS = {
        "number": _("Numbers"),
        "lived experience": _("Lived experience"),
        "example": _("Example"),
    }

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    answer = models.OneToOneField(
        "feedback.Answer", on_delete=models.CASCADE, related_name="analysis"
    )
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="answer_analyses"
    )
    # The answer's response, copied when the analysis is stored (an answer never moves), so
    # respondents are counted from an index without reading every answer.
    response = models.ForeignKey(
        "feedback.Response", on_delete=models.CASCADE, related_name="+", editable=False
    )
    run = models.ForeignKey(
        AnalysisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    polarity = models.FloatField(default=0.0)
    key_phrases = models.JSONField(default=list, blank=True)
    # Phrases that carried the sentiment (e.g. "far too long"), to explain the label.
    sentiment_phrases = models.JSONField(default=list, blank=True)
    redacted_text = models.TextField(blank=True)
    redaction_kinds = models.JSONField(default=list, blank=True)
    non_answer = models.BooleanField(default=False)
    # Specific evidence in the answer (numbers, examples, lived experience), read first.
    evidence = models.JSONField(default=list, blank=True)
    is_evidence_rich = models.BooleanField(default=False)
    # Support / oppose / mixed / none, for questions about a proposal.
    stance = models.CharField(max_length=10, default="none", blank=True)
    # Campaign / near-duplicate group; only the representative answer counts for theming.
    campaign_group = models.CharField(max_length=40, blank=True, db_index=True)
    is_campaign_representative = models.BooleanField(default=False)
    # Hash of the raw answer text and question: an unchanged answer is not analysed again.
    analysed_text_hash = models.CharField(max_length=64)
    # Inputs to discovery and campaign grouping, kept so that they need not be recomputed.
    fingerprint = models.CharField(max_length=32, blank=True)
    minhash = models.TextField(blank=True)
    stems = models.JSONField(default=list, blank=True)
    base_polarity = models.FloatField(default=0.0)
    analysed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("analysis of an answer")
        verbose_name_plural = _("analyses of answers")
        indexes = [
            # Which analyses count (not a non-answer, not a campaign copy), by respondent.
            models.Index(
                fields=[
                    "consultation",
                    "non_answer",
                    "campaign_group",
                    "is_campaign_representative",
                    "response",
                ],
                name="analysis_counted_idx",
            ),
            # Joined from a tag: whether its answer counts, and its polarity.
            models.Index(
                fields=[
                    "answer",
                    "non_answer",
                    "campaign_group",
                    "is_campaign_representative",
                    "polarity",
                ],
                name="analysis_answer_idx",
            ),
            # Counted respondents (respondents_total): read in response order, so the database
            # counts distinct respondents without sorting them.
            models.Index(
                fields=[
                    "consultation",
                    "response",
                    "non_answer",
                    "campaign_group",
                    "is_campaign_representative",
                ],
                name="analysis_respondent_idx",
            ),
        ]

    def __str__(self):
        return f"{self.answer_id}: {self.sentiment}"

    @property
    def evidence_labels(self):
        """The kinds of evidence in the answer, as people read them (in their language)."""
        return [str(self.EVIDENCE_LABELS.get(kind, kind)) for kind in self.evidence]

    @property
    def counts_for_theming(self):
        """False for non-answers and for campaign copies other than the representative."""
        if self.non_answer:
            return False
        return not self.campaign_group or self.is_campaign_representative
