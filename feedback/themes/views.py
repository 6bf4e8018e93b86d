"""Admin views for reviewing a consultation's themes: thin, permission-checked, logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultations.models import ConsultationPage
from engage import access
from engage.ids import parse_id
from feedback.selectors import suppression_note, table_withheld_note
from feedback.themes import runs, selectors, services
from feedback.themes.forms import (
    AcceptForm,
    AddTagForm,
    CodingFrameImportForm,
    MergeForm,
    RunForm,
    SplitForm,
    ThemeForm,
)
from feedback.themes.models import AnalysisRun, Theme
from feedback.themes.roles import (
    can_read_original_text,
    can_review_themes,
    reviewable_consultations,
)
from feedback.viewsets import response_inspect_url

NAMESPACE = "themes"


# Sections of the theme page that a decision made there returns to.
BACK_SECTIONS = ("least-sure", "answers")


def _url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def _error_text(error):
    return " ".join(error.messages)


class ReviewMixin:
    """Load the consultation from the URL and check the user may review its themes."""

    def get_consultation(self):
        return get_object_or_404(ConsultationPage, pk=self.kwargs["consultation_id"])

    def dispatch(self, request, *args, **kwargs):
        self.consultation = self.get_consultation()
        if not can_review_themes(request.user, self.consultation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # Wagtail shows the last crumb as the page's visible title: the consultation on its own
        # page, else the theme or answer being reviewed, under a link back to the consultation.
        items = [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": _url("index"), "label": gettext_lazy("Themes")},
        ]
        if isinstance(self, ConsultationThemesView):
            return [*items, {"url": "", "label": self.consultation.title}]
        return [
            *items,
            {"url": _url("consultation", self.consultation.pk), "label": self.consultation.title},
            {"url": "", "label": self.get_page_title()},
        ]


class ThemeMixin(ReviewMixin):
    """As ReviewMixin, for URLs naming a theme."""

    def get_consultation(self):
        self.theme = get_object_or_404(
            Theme.objects.select_related("consultation", "parent"), pk=self.kwargs["pk"]
        )
        return self.theme.consultation


class ConsultationListView(WagtailAdminTemplateMixin, TemplateView):
    """The consultations whose themes the user may review."""

    template_name = "themes/consultation_list.html"
    page_title = gettext_lazy("Themes")
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser and not request.user.has_perm("themes.view_theme"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.review_overview(
            consultations=reviewable_consultations(self.request.user).order_by("-closes_at")
        )
        return context


class ConsultationThemesView(ReviewMixin, WagtailAdminTemplateMixin, TemplateView):
    """A consultation's themes: counts "n of N", sentiment, stance (questions about a proposal),
    phrases, quotes; proposals; runs."""

    template_name = "themes/consultation_themes.html"
    header_icon = "tag"

    def get_page_title(self):
        return _("Themes: %(title)s") % {"title": self.consultation.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grouped = selectors.themes_for_review(consultation=self.consultation)
        proposals = grouped[Theme.Status.PROPOSED]
        for proposal in proposals:
            proposal.accept_form = AcceptForm(
                initial={"name": proposal.name}, prefix=f"accept-{proposal.pk}"
            )
            proposal.quotes = selectors.theme_quotes(theme=proposal)
        summaries = selectors.theme_summaries(consultation=self.consultation)
        agreement = selectors.theme_agreement(consultation=self.consultation)
        for summary in summaries:
            summary["agreement"] = agreement.get(summary["id"])
        context.update(
            {
                "consultation": self.consultation,
                "summaries": summaries,
                "checks": selectors.theme_set_checks(consultation=self.consultation),
                "import_form": kwargs.get("import_form") or CodingFrameImportForm(prefix="frame"),
                "proposals": proposals,
                "dropped": grouped[Theme.Status.DROPPED],
                "campaigns": selectors.campaign_groups(consultation=self.consultation),
                "method": selectors.analysis_method_summary(consultation=self.consultation),
                "run": selectors.latest_run(consultation=self.consultation),
                "run_kinds": AnalysisRun.Kind,
                "add_form": kwargs.get("add_form")
                or ThemeForm(consultation=self.consultation, prefix="add"),
                "suppression_note": suppression_note(),
                "table_withheld": table_withheld_note(),
            }
        )
        return context


class RunStartView(ReviewMixin, View):
    """Start an analysis run (POST); the work happens in background tasks."""

    def post(self, request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.has_perm("themes.add_analysisrun")):
            raise PermissionDenied
        form = RunForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to analyse."))
        else:
            run = runs.analysis_run_start(
                consultation=self.consultation, kind=form.cleaned_data["kind"], user=request.user
            )
            if run.kind != form.cleaned_data["kind"] or run.started_by_id != request.user.pk:
                messages.warning(request, _("An analysis is already running; wait for it."))
            elif not run.answers_total:
                messages.info(request, _nothing_to_analyse(self.consultation))
            else:
                n, b = run.answers_total, run.batches_total
                messages.success(
                    request,
                    _("Analysis started: %(answers)s in %(batches)s.")
                    % {
                        "answers": ngettext("%(n)s answer", "%(n)s answers", n) % {"n": n},
                        "batches": ngettext("%(b)s batch", "%(b)s batches", b) % {"b": b},
                    },
                )
        return redirect(_url("consultation", self.consultation.pk) + "#analysis")


def _nothing_to_analyse(consultation):
    """Why a run found no answers: none written yet, or none new since the last run."""
    if not selectors.analysable_answers(consultation=consultation).exists():
        return _("There are no written answers to analyse yet.")
    return _("Every answer has been analysed already: there is nothing new to analyse.")


class RunProgressView(ReviewMixin, View):
    """The latest run's progress as JSON, polled by the review page's script."""

    def get(self, request, *args, **kwargs):
        run = selectors.latest_run(consultation=self.consultation)
        if run is None:
            return JsonResponse({"status": "none", "active": False})
        return JsonResponse(
            {
                "id": run.pk,
                "status": run.status,
                "status_label": str(run.get_status_display()),
                "active": run.is_active,
                "batches_done": run.batches_done,
                "batches_total": run.batches_total,
                "percent": run.percent_done,
                "error": run.error,
            }
        )


class ThemeCreateView(ConsultationThemesView):
    """Define a coding-frame theme by hand (POST from the consultation page).

    A refused theme shows the consultation page again with the form as typed and its errors;
    nothing is saved.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ThemeForm(request.POST, consultation=self.consultation, prefix="add")
        if form.is_valid():
            try:
                theme = services.theme_create(
                    consultation=self.consultation,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    keywords=form.cleaned_data["keywords"],
                    parent=form.cleaned_data["parent"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Theme “%(name)s” added to the coding frame. Run the analysis to apply it.")
                    % {"name": theme.name},
                )
                return redirect(_url("theme", theme.pk))
        messages.error(
            request,
            _("The theme was not added. %(problems)s") % {"problems": _form_errors_text(form)},
        )
        return self.render_to_response(self.get_context_data(add_form=form))


class ThemeDetailView(ThemeMixin, WagtailAdminTemplateMixin, TemplateView):
    """One theme: its answers with remove controls, and forms to edit, merge or split it."""

    template_name = "themes/theme_detail.html"
    header_icon = "tag"

    def get_page_title(self):
        return self.theme.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evidence_only = self.request.GET.get("evidence") == "1"
        tags = selectors.theme_answers(theme=self.theme, evidence_only=evidence_only)
        theme = self.theme
        least_sure = selectors.least_sure_tags(theme=theme)
        _link_responses(
            [*tags, *least_sure], user=self.request.user, consultation=self.consultation
        )
        context.update(
            {
                "consultation": self.consultation,
                "theme": theme,
                "tags": tags,
                "evidence_only": evidence_only,
                "respondents": selectors.themes_for_review(consultation=self.consultation),
                "quotes": selectors.theme_quotes(theme=theme),
                "edit_form": kwargs.get("edit_form")
                or ThemeForm(
                    consultation=self.consultation,
                    theme=theme,
                    prefix="edit",
                    initial={
                        "name": theme.name,
                        "description": theme.description,
                        "keywords": "\n".join(theme.keywords),
                        "parent": theme.parent_id,
                    },
                ),
                "merge_form": kwargs.get("merge_form") or MergeForm(theme=theme, prefix="merge"),
                "split_form": kwargs.get("split_form")
                or SplitForm(prefix="split", answer_choices=_answer_choices(tags)),
                "accept_form": AcceptForm(
                    initial={"name": theme.name, "description": theme.description},
                    prefix="accept",
                ),
                "total": selectors.respondents_total(consultation=self.consultation),
                "least_sure": least_sure,
                "agreement": selectors.theme_agreement(consultation=self.consultation).get(
                    theme.pk
                ),
                "preview": kwargs.get("preview"),
                "stance": selectors.theme_stance(theme=theme),
                "suppression_note": suppression_note(),
                "table_withheld": table_withheld_note(),
            }
        )
        counts = context["respondents"]
        context["respondent_count"] = next(
            (t.respondents for group in counts.values() for t in group if t.pk == theme.pk), 0
        )
        return context


class ThemePreviewView(ThemeDetailView):
    """The theme page with the edit form as typed and, before saving, the answers that would
    join or leave the theme under that definition (POST from the edit form; saves nothing)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ThemeForm(
            request.POST, consultation=self.consultation, theme=self.theme, prefix="edit"
        )
        preview = None
        if form.is_valid():
            try:
                preview = runs.theme_definition_preview(
                    theme=self.theme,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    keywords=form.cleaned_data["keywords"],
                )
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(edit_form=form, preview=preview))


class RunDetailView(ReviewMixin, WagtailAdminTemplateMixin, TemplateView):
    """One analysis run: what it changed for each theme, and why."""

    template_name = "themes/run_detail.html"
    header_icon = "tag"

    def get_consultation(self):
        self.run = get_object_or_404(
            AnalysisRun.objects.select_related("consultation", "started_by"), pk=self.kwargs["pk"]
        )
        return self.run.consultation

    def get_page_title(self):
        return _("Analysis run of %(when)s") % {
            "when": self.run.created_at.strftime("%d %b %Y %H:%M")
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "consultation": self.consultation,
                "run": self.run,
                "changes": selectors.run_changes(run=self.run),
            }
        )
        return context


class CodingFrameImportView(ReviewMixin, View):
    """Add an existing coding frame from a CSV or JSON file (POST from the consultation page)."""

    def post(self, request, *args, **kwargs):
        form = CodingFrameImportForm(request.POST, request.FILES, prefix="frame")
        back = redirect(_url("consultation", self.consultation.pk) + "#import-frame")
        if not form.is_valid():
            messages.error(request, _form_errors_text(form))
            return back
        try:
            themes = services.coding_frame_import(
                consultation=self.consultation, user=request.user, themes=form.cleaned_data["file"]
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was imported. %(problems)s") % {"problems": _error_text(error)},
            )
            return back
        messages.success(
            request,
            ngettext(
                "%(n)s theme added to the coding frame. Run the analysis to apply it.",
                "%(n)s themes added to the coding frame. Run the analysis to apply them.",
                len(themes),
            )
            % {"n": len(themes)},
        )
        return redirect(_url("consultation", self.consultation.pk))


def _form_errors_text(form):
    """A form's errors as one message, each field's named (the form is not shown again)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


def _link_responses(tags, *, user, consultation):
    """Give each tag the address of its response's inspect view, for people who may open it.

    The link carries the consultation filter, so the response's previous/next links walk this
    consultation's responses.
    """
    may_open = access.can_access_consultation(
        user=user, consultation=consultation, perm="feedback.view_response"
    )
    filters = f"consultation={consultation.pk}"
    for tag in tags:
        tag.response_url = (
            response_inspect_url(tag.answer.response_id, filters=filters) if may_open else ""
        )
    return tags


def _answer_choices(tags):
    return [(str(tag.answer_id), tag.answer.analysis.redacted_text[:200]) for tag in tags]


class ThemeActionView(ThemeDetailView):
    """POST-only actions on one theme: edit/rename, accept, drop, merge, split.

    A refused edit or merge shows the theme page again with that form as typed and its errors
    (nothing is saved); other refusals come back as a message.
    """

    http_method_names = ["post"]
    action = None

    def post(self, request, *args, **kwargs):
        handler = getattr(self, f"do_{self.action}")
        try:
            return handler(request)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(_url("theme", self.theme.pk))

    def _back(self, theme=None):
        return redirect(_url("theme", (theme or self.theme).pk))

    def do_edit(self, request):
        form = ThemeForm(
            request.POST, consultation=self.consultation, theme=self.theme, prefix="edit"
        )
        if form.is_valid():
            try:
                theme = services.theme_update(
                    theme=self.theme,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    keywords=form.cleaned_data["keywords"],
                    parent=form.cleaned_data["parent"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Theme saved."))
                return self._back(theme)
        messages.error(
            request,
            _("The theme was not changed. %(problems)s") % {"problems": _form_errors_text(form)},
        )
        return self.render_to_response(self.get_context_data(edit_form=form))

    def do_accept(self, request):
        form = AcceptForm(request.POST, prefix=request.POST.get("prefix") or "accept")
        data = form.cleaned_data if form.is_valid() else {}
        theme = services.theme_accept(
            theme=self.theme,
            user=request.user,
            name=data.get("name"),
            description=data.get("description", ""),
            keywords=data.get("keywords", ""),
        )
        messages.success(
            request, _("“%(name)s” is now in the coding frame.") % {"name": theme.name}
        )
        if request.POST.get("next") == "consultation":
            return redirect(_url("consultation", self.consultation.pk) + "#proposals")
        return self._back(theme)

    def do_drop(self, request):
        theme = services.theme_drop(theme=self.theme, user=request.user)
        messages.success(request, _("“%(name)s” dropped.") % {"name": theme.name})
        return redirect(_url("consultation", self.consultation.pk))

    def do_merge(self, request):
        form = MergeForm(request.POST, theme=self.theme, prefix="merge")
        if not form.is_valid():
            messages.error(
                request,
                _("Nothing was merged. %(problems)s") % {"problems": _form_errors_text(form)},
            )
            return self.render_to_response(self.get_context_data(merge_form=form))
        into = services.theme_merge(
            themes=[self.theme], into=form.cleaned_data["into"], user=request.user
        )
        # Until the next run, the target counts both themes' answers (see `theme_merge`).
        messages.success(
            request,
            _(
                "Merged “%(source)s” into “%(name)s”. Automatic tags were moved; the next "
                "analysis run re-checks them against “%(name)s”'s definition."
            )
            % {"source": self.theme.name, "name": into.name},
        )
        return self._back(into)

    def do_split(self, request):
        tags = selectors.theme_answers(theme=self.theme)
        form = SplitForm(request.POST, prefix="split", answer_choices=_answer_choices(tags))
        if not form.is_valid():
            messages.error(request, _form_errors_text(form))
            return self._back()
        new = services.theme_split(
            theme=self.theme,
            user=request.user,
            name=form.cleaned_data["name"],
            keywords=form.cleaned_data["keywords"],
            answer_ids=form.cleaned_data["answers"],
        )
        n = new.answer_tags.filter(is_rejected=False).count()
        messages.success(
            request,
            ngettext(
                "New theme “%(name)s” with %(n)s answer.",
                "New theme “%(name)s” with %(n)s answers.",
                n,
            )
            % {"name": new.name, "n": n},
        )
        return self._back(new)


class AnswerTagsView(WagtailAdminTemplateMixin, TemplateView):
    """One answer's themes with controls to add or remove them (a person's decision)."""

    template_name = "themes/answer_tags.html"
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        # Only analysed answers of submitted responses are re-tagged; a draft, a withdrawn
        # response or an answer not analysed yet is "not found" here.
        self.answer = get_object_or_404(
            selectors.retaggable_answers().select_related(
                "response__consultation", "question", "analysis"
            ),
            pk=kwargs["pk"],
        )
        self.consultation = self.answer.response.consultation
        if not can_review_themes(request.user, self.consultation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    get_breadcrumbs_items = ReviewMixin.get_breadcrumbs_items

    def get_page_title(self):
        return _("Themes of answer %(ref)s") % {"ref": self.answer.response.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tags = selectors.answer_tags(answer=self.answer)
        live = [t.theme_id for t in tags if not t.is_rejected]
        context.update(
            {
                "answer": self.answer,
                "analysis": getattr(self.answer, "analysis", None),
                "show_original": can_read_original_text(self.request.user),
                "tags": tags,
                "add_form": kwargs.get("add_form")
                or AddTagForm(consultation=self.consultation, exclude=live),
                "consultation": self.consultation,
            }
        )
        return context

    def _posted_theme(self, value):
        """The consultation's theme named by a posted id; anything else is "not found"."""
        pk = parse_id(value)
        if pk is None:
            raise Http404
        return get_object_or_404(Theme, pk=pk, consultation=self.consultation)

    def post(self, request, *args, **kwargs):
        try:
            if "confirm" in request.POST:
                theme = self._posted_theme(request.POST["confirm"])
                services.answer_theme_add(answer=self.answer, theme=theme, user=request.user)
                messages.success(
                    request,
                    _("Confirmed “%(name)s”. The analysis learns from it.") % {"name": theme.name},
                )
            elif "remove" in request.POST:
                theme = self._posted_theme(request.POST["remove"])
                services.answer_theme_remove(answer=self.answer, theme=theme, user=request.user)
                messages.success(
                    request,
                    _("Removed “%(name)s”. A re-run will not add it back.") % {"name": theme.name},
                )
            else:
                form = AddTagForm(request.POST, consultation=self.consultation)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(add_form=form), status=400)
                theme = form.cleaned_data["theme"]
                services.answer_theme_add(answer=self.answer, theme=theme, user=request.user)
                messages.success(request, _("Added “%(name)s”.") % {"name": theme.name})
        except ValidationError as error:
            messages.error(request, _error_text(error))
        back = parse_id(request.POST.get("next_theme", ""))
        if back and Theme.objects.filter(pk=back, consultation=self.consultation).exists():
            section = request.POST.get("next_section")
            if section not in BACK_SECTIONS:
                section = BACK_SECTIONS[0]
            return redirect(_url("theme", back) + f"#{section}")
        return redirect(_url("answer", self.answer.pk))
