"""Wagtail admin for committee reports: edit, preview, generate PDF and Word versions, download."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from engage.access import consultations_visible_to
from engage.viewsets import AdminModelViewSet
from feedback.reports import selectors, services
from feedback.reports.blocks import report_rich_text_widget
from feedback.reports.forms import CommitteeReportForm
from feedback.reports.models import CommitteeReport, ReportSettings, ReportVersion
from feedback.reports.rendering import render_report_html

version_policy = ModelPermissionPolicy(ReportVersion)
IN_PROGRESS = (ReportVersion.Status.QUEUED, ReportVersion.Status.RUNNING)
# The progress bar's steps: waiting for the worker, generating, finished (either way).
PROGRESS_STAGES = {
    ReportVersion.Status.QUEUED: 1,
    ReportVersion.Status.RUNNING: 2,
    ReportVersion.Status.SUCCEEDED: 3,
    ReportVersion.Status.FAILED: 3,
}
# How often the versions page asks for news while a version is on its way.
POLL_SECONDS = 1
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _visible_consultations(request):
    return consultations_visible_to(user=request.user).order_by("title")


def _say_how_the_version_is(request, version):
    """One message for a version just queued or re-queued: ready, failed, or on its way."""
    if version.status == ReportVersion.Status.SUCCEEDED:
        messages.success(request, _("Version %(number)s is ready.") % {"number": version.number})
    elif version.status == ReportVersion.Status.FAILED:
        messages.error(
            request,
            _("Version %(number)s could not be generated: %(error)s")
            % {"number": version.number, "error": version.error},
        )
    # A version on its way is shown by the page's own progress line, which follows it.


class CommitteeReportFilterSet(WagtailFilterSet):
    """Filter by consultation, offering only the consultations the user may see."""

    consultation = django_filters.ModelChoiceFilter(
        queryset=_visible_consultations, label=_("Consultation")
    )

    class Meta:
        model = CommitteeReport
        fields = ["consultation"]


class AssignedReportsMixin:
    """Only reports on consultations the user may see: any other report is "not found"."""

    def get_queryset(self):  # edit and delete views (Django's SingleObjectMixin)
        return selectors.reports_visible_to(user=self.request.user)


class AssignedReportObjectMixin:
    """The same rule for Wagtail's listing views about one object (history, usage)."""

    def get_base_object_queryset(self):
        return selectors.reports_visible_to(user=self.request.user)


class ReportActionsMixin:
    """Header buttons to preview a report and manage its PDF versions."""

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        report = getattr(self, "object", None)
        if report is not None and report.pk:
            buttons += [
                HeaderButton(
                    _("Preview"),
                    url=reverse("committee_reports:preview", args=[report.pk]),
                    icon_name="view",
                    attrs={"target": "_blank", "rel": "noopener"},
                ),
                HeaderButton(
                    _("PDF and Word versions"),
                    url=reverse("committee_reports:versions", args=[report.pk]),
                    icon_name="doc-full",
                ),
                HeaderButton(
                    _("Quotes"),
                    url=reverse("committee_reports:quotes", args=[report.pk]),
                    icon_name="openquote",
                ),
            ]
        return buttons


class ReportCreateView(generic.CreateView):
    """Create a report, recording who created it."""

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("values_heading", str(_("Our values")))
        # Who the report is from and to: the site's committee report settings.
        defaults = ReportSettings.for_request(self.request)
        for field in ("council_name", "report_to", "report_of", "responsible_director"):
            if getattr(defaults, field):
                initial.setdefault(field, getattr(defaults, field))
        return initial

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        self.form.instance.updated_by = self.request.user
        instance = super().save_instance()
        services.report_changed(report=instance, user=self.request.user, change="create")
        return instance

    def get_success_url(self):
        return reverse("committee_reports:versions", args=[self.object.pk])


class ReportEditView(AssignedReportsMixin, ReportActionsMixin, generic.EditView):
    """Edit a report, recording who changed it last."""

    def save_instance(self):
        self.form.instance.updated_by = self.request.user
        instance = super().save_instance()
        services.report_changed(report=instance, user=self.request.user, change="edit")
        return instance


class ReportDeleteView(AssignedReportsMixin, generic.DeleteView):
    """Delete a report the user may see."""

    def delete_action(self):
        services.report_changed(report=self.object, user=self.request.user, change="delete")
        return super().delete_action()


class ReportHistoryView(AssignedReportObjectMixin, history.HistoryView):
    """The history of a report the user may see."""


class ReportUsageView(AssignedReportObjectMixin, usage.UsageView):
    """Where a report the user may see is used."""


class ReportIndexView(generic.IndexView):
    """The list of reports the user may see, each with links to preview and PDF versions."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=selectors.reports_visible_to(user=self.request.user).values("pk"))
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons += [
            MenuItem(
                _("PDF and Word versions"),
                url=reverse("committee_reports:versions", args=[instance.pk]),
                icon_name="doc-full",
                priority=5,
            ),
            MenuItem(
                _("Preview"),
                url=reverse("committee_reports:preview", args=[instance.pk]),
                icon_name="view",
                priority=6,
            ),
        ]
        return buttons


class ReportVersionsView(generic.base.WagtailAdminTemplateMixin, TemplateView):
    """A report's PDF versions: generate a new one, download, see failures and retry."""

    template_name = "reports/committee_report_versions.html"
    header_icon = "doc-full"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        self.report = get_object_or_404(
            selectors.reports_visible_to(user=request.user).select_related("consultation"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("PDF and Word versions")

    def get_page_subtitle(self):
        return self.report.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("committee_reports:index"), "label": _("Committee reports")},
            {
                "url": reverse("committee_reports:edit", args=[self.report.pk]),
                "label": str(self.report),
            },
            {"url": "", "label": _("PDF and Word versions")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(versions_context(self.request, self.report))
        context["can_edit"] = self.viewset.permission_policy.user_has_permission(
            self.request.user, "change"
        )
        context["poll_seconds"] = POLL_SECONDS
        return context


class QuoteReviewView(generic.base.WagtailAdminTemplateMixin, TemplateView):
    """Approve each theme's quotes, or edit their redaction with a reason, before publishing."""

    template_name = "reports/quote_review.html"
    header_icon = "openquote"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.report = get_object_or_404(
            selectors.reports_visible_to(user=request.user).select_related("consultation"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Quotes")

    def get_page_subtitle(self):
        return self.report.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("committee_reports:index"), "label": _("Committee reports")},
            {
                "url": reverse("committee_reports:versions", args=[self.report.pk]),
                "label": str(self.report),
            },
            {"url": "", "label": _("Quotes")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "report": self.report,
                "themes": selectors.quote_review(consultation=self.report.consultation),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        """Record one decision: approve, approve with an edited redaction, or set aside."""
        from feedback.themes.models import Theme

        theme = get_object_or_404(
            Theme.objects.filter(consultation=self.report.consultation_id),
            pk=request.POST.get("theme"),
        )
        action = request.POST.get("action")
        try:
            answer_id = int(request.POST.get("answer", ""))
        except ValueError:
            raise Http404 from None
        if action not in ("approve", "edit", "reject"):
            messages.error(request, _("Choose approve, edit or set aside."))
            return redirect("committee_reports:quotes", pk=self.report.pk)
        try:
            services.quote_decide(
                theme=theme,
                answer_id=answer_id,
                user=request.user,
                approve=action != "reject",
                text=request.POST.get("text") if action == "edit" else None,
                reason=request.POST.get("reason", ""),
            )
        except services.QuoteError as error:
            messages.error(request, str(error))
        else:
            done = (
                _("Quote set aside for \u201c%(theme)s\u201d.")
                if action == "reject"
                else _("Quote approved for \u201c%(theme)s\u201d.")
            )
            messages.success(request, done % {"theme": theme.name})
        return redirect("committee_reports:quotes", pk=self.report.pk)


class ReportVersionsStatusView(ReportVersionsView):
    """The versions panel and progress line as JSON, polled by the versions page's script
    while a version is queued or running, so the download appears without a refresh."""

    def get(self, request, *args, **kwargs):
        context = versions_context(request, self.report)
        return JsonResponse(
            {
                "in_progress": context["in_progress"],
                "status": render_to_string(
                    "reports/_report_versions_status.html", context, request=request
                ),
                "panel": render_to_string(
                    "reports/_report_versions_panel.html", context, request=request
                ),
            },
            headers={"Cache-Control": "no-store"},
        )


def versions_context(request, report):
    """What the versions page and its status endpoint show: versions, the newest one's
    progress (stage 1 queued, 2 generating, 3 done) and what the user may do."""
    versions = list(selectors.report_versions(report=report))
    for version in versions:
        version.can_retry = services.version_can_retry(version)
    newest = versions[0] if versions else None
    in_progress = any(version.status in IN_PROGRESS for version in versions)
    return {
        "report": report,
        "versions": versions,
        "newest": newest,
        "stage": PROGRESS_STAGES.get(newest.status) if newest else None,
        "stages": len(set(PROGRESS_STAGES.values())),
        "latest": selectors.version_latest_succeeded(report=report),
        "can_generate": version_policy.user_has_permission(request.user, "add"),
        "can_download": version_policy.user_has_permission(request.user, "view"),
        "in_progress": in_progress,
    }


class CommitteeReportViewSet(AdminModelViewSet):
    """Committee reports in the Wagtail admin, for Analysts and Consultation editors."""

    model = CommitteeReport
    icon = "doc-full-inverse"
    menu_label = _("Committee reports")
    menu_order = 320
    add_to_admin_menu = True
    url_prefix = "committee-reports"
    name = "committee_reports"
    index_view_class = ReportIndexView
    add_view_class = ReportCreateView
    edit_view_class = ReportEditView
    delete_view_class = ReportDeleteView
    history_view_class = ReportHistoryView
    usage_view_class = ReportUsageView
    list_display = ["subject", "consultation", "report_to", "meeting_date", "updated_at"]
    filterset_class = CommitteeReportFilterSet
    copy_view_enabled = False

    panels = [
        # A plain list of the consultations this user may see, not the page explorer.
        FieldPanel("consultation", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldPanel("council_name"),
                FieldPanel("report_to"),
                FieldPanel("meeting_date"),
                FieldPanel("subject"),
                FieldPanel("report_of"),
                FieldPanel("responsible_director"),
            ],
            heading=_("Report details"),
        ),
        FieldPanel("summary", widget=report_rich_text_widget(label=_("Summary"))),
        FieldPanel("recommendations"),
        FieldPanel("wards_affected"),
        MultiFieldPanel(
            [FieldPanel("values_heading"), FieldPanel("values")], heading=_("Values table")
        ),
        FieldPanel("contact_officers"),
        FieldPanel("background_papers"),
        FieldPanel("sections"),
        FieldPanel("other_appendices"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("include_how_it_ran"), FieldPanel("include_who_responded")]
                ),
                FieldRowPanel(
                    [FieldPanel("include_question_results"), FieldPanel("include_themes")]
                ),
                FieldRowPanel([FieldPanel("include_equality"), FieldPanel("include_outcome")]),
                FieldPanel("include_method"),
            ],
            heading=_("What Appendix 1 (the consultation summary) includes"),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=CommitteeReportForm).bind_to_model(
            self.model
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/preview/", self.preview_view, name="preview"),
            path(
                "<int:pk>/versions/",
                ReportVersionsView.as_view(viewset=self),
                name="versions",
            ),
            path(
                "<int:pk>/versions/status/",
                ReportVersionsStatusView.as_view(viewset=self),
                name="versions_status",
            ),
            path("<int:pk>/generate/", require_POST(self.generate_view), name="generate"),
            path("<int:pk>/quotes/", QuoteReviewView.as_view(viewset=self), name="quotes"),
            path(
                "versions/<int:version_pk>/retry/",
                require_POST(self.retry_view),
                name="retry",
            ),
            path("versions/<int:version_pk>/download/", self.download_view, name="download"),
            path(
                "versions/<int:version_pk>/download/word/",
                self.download_word_view,
                name="download_word",
            ),
        ]

    def preview_view(self, request, pk):
        """The report as HTML, exactly as it goes into the PDF, with today's figures."""
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        report = get_object_or_404(selectors.reports_visible_to(user=request.user), pk=pk)
        return HttpResponse(render_report_html(report))

    def generate_view(self, request, pk):
        """Queue a new PDF version (POST only); the page then shows its progress."""
        if not version_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        report = get_object_or_404(selectors.reports_visible_to(user=request.user), pk=pk)
        version = services.version_request(report=report, user=request.user)
        _say_how_the_version_is(request, version)
        return redirect("committee_reports:versions", pk=report.pk)

    def retry_view(self, request, version_pk):
        """Run a failed (or abandoned) version again."""
        if not version_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        version = get_object_or_404(
            selectors.report_versions_visible_to(user=request.user), pk=version_pk
        )
        if not services.version_retry(version=version, user=request.user):
            messages.warning(
                request,
                _(
                    "Version %(number)s was not tried again: it is %(status)s. Only a failed "
                    "version, or one stuck for more than %(minutes)s minutes, can be retried."
                )
                % {
                    "number": version.number,
                    "status": version.get_status_display().lower(),
                    "minutes": int(services.STALE_AFTER.total_seconds() // 60),
                },
            )
        else:
            _say_how_the_version_is(request, version)
        return redirect("committee_reports:versions", pk=version.report_id)

    def _download(self, request, version_pk, *, field, filename, content_type):
        """Stream one of a version's files from storage (never a public media URL)."""
        if not version_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        version = get_object_or_404(
            selectors.report_versions_visible_to(user=request.user).select_related(
                "report__consultation"
            ),
            pk=version_pk,
            status=ReportVersion.Status.SUCCEEDED,
        )
        stored = getattr(version, field)
        if not stored:
            raise Http404
        return FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=getattr(version, filename),
            content_type=content_type,
        )

    def download_view(self, request, version_pk):
        """Download a version's PDF."""
        return self._download(
            request,
            version_pk,
            field="pdf",
            filename="filename",
            content_type="application/pdf",
        )

    def download_word_view(self, request, version_pk):
        """Download a version's Word file, made with the PDF from the same figures."""
        return self._download(
            request,
            version_pk,
            field="docx",
            filename="word_filename",
            content_type=DOCX_CONTENT_TYPE,
        )


committee_report_viewset = CommitteeReportViewSet()
