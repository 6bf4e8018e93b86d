"""Wagtail admin viewsets for questionnaires, responses and assignments, and officers' views."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from consultations.models import Borough, ConsultationPage, Locality
from engage.forms import AdminModelForm
from engage.viewsets import AdminModelViewSet
from feedback import admin_views, selectors
from feedback.models import (
    Answer,
    Capacity,
    ConsultationAssignment,
    Question,
    Questionnaire,
    Response,
)
from feedback.themes.models import AnswerAnalysis

# --- Questionnaires -------------------------------------------------------------------------


def _offering_controllers(form_class, *, questionnaire_id, section=None):
    """`form_class` (a section's or a question's form) whose "ask only if the answer to" chooser
    offers only the questions that may decide it: single-choice and yes/no questions of the same
    questionnaire, in earlier sections. `section` is a question's section; a section's form uses
    its own. Anything else chosen is refused with a message saying what may be chosen."""

    class OfferingControllers(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields.get("shown_if")
            if field is not None:
                field.queryset = selectors.controlling_questions(
                    questionnaire_id=questionnaire_id,
                    before_section=section if section is not None else self.instance,
                )
                field.label_from_instance = lambda question: f"{question.section.title}: {question}"
                field.error_messages["invalid_choice"] = _(
                    "Choose a single-choice or yes/no question from an earlier section of this "
                    "questionnaire."
                )
            questions = self.formsets.get("questions")
            if questions is not None:
                questions.form = _offering_controllers(
                    questions.form, questionnaire_id=questionnaire_id, section=self.instance
                )

    return OfferingControllers


class QuestionnaireForm(AdminModelForm):
    """Offers only sound skip-logic conditions, and refuses changes that would change the
    meaning of answers already given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Child forms are built when first used, so the formset's form class can still change.
        sections = self.formsets["sections"]
        sections.form = _offering_controllers(sections.form, questionnaire_id=self.instance.pk)

    def is_valid(self):
        # Runs after the nested formsets are cleaned, so their data can be compared.
        valid = super().is_valid()
        if valid and self.instance.pk:
            valid = not self._refuse_meaning_changes()
        return valid

    def _refuse_meaning_changes(self):
        answered = set(
            Answer.objects.filter(
                question__section__questionnaire_id=self.instance.pk,
                response__status__in=[Response.Status.SUBMITTED, Response.Status.WITHDRAWN],
            )
            .values_list("question_id", flat=True)
            .distinct()
        )
        if not answered:
            return False
        kinds = dict(Question.objects.filter(pk__in=answered).values_list("pk", "kind"))
        refused = False
        for section_form in self.formsets["sections"].forms:
            section_deleted = section_form.cleaned_data.get("DELETE")
            for question_form in section_form.formsets["questions"].forms:
                question = question_form.instance
                if question.pk not in answered:
                    continue
                if section_deleted or question_form.cleaned_data.get("DELETE"):
                    message = _(
                        "“%(question)s” already has answers, so it cannot be removed: the "
                        "answers would lose their meaning. Keep the question; you can edit "
                        "its help text."
                    ) % {"question": question.text}
                    (section_form if section_deleted else question_form).add_error(None, message)
                    self.add_error(None, message)
                    refused = True
                elif question_form.cleaned_data.get("kind") != kinds[question.pk]:
                    question_form.add_error(
                        "kind",
                        _(
                            "This question already has answers, so its type cannot change: "
                            "the answers would lose their meaning. Add a new question instead."
                        ),
                    )
                    self.add_error(
                        None,
                        _("“%(question)s” already has answers, so its type cannot change.")
                        % {"question": question.text},
                    )
                    refused = True
        return refused


class QuestionnaireEditView(generic.EditView):
    """The questionnaire editor, with a way to its translations (PO files per language)."""

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("Translations"),
                url=reverse("questionnaires:translations", args=[self.object.pk]),
                icon_name="globe",
                priority=30,
            ),
        ]


class QuestionnaireViewSet(AdminModelViewSet):
    """Editors build each consultation's questionnaire: sections with questions, in order."""

    model = Questionnaire
    icon = "list-ul"
    menu_label = _("Questionnaires")
    name = "questionnaires"
    edit_handler = ObjectList(Questionnaire.panels, base_form_class=QuestionnaireForm)
    list_display = ["__str__", "updated_at"]
    search_fields = ["consultation__title"]
    copy_view_enabled = False
    edit_view_class = QuestionnaireEditView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:questionnaire_id>/translations/",
                admin_views.questionnaire_translations,
                name="translations",
            ),
            path(
                "<int:questionnaire_id>/translations/<str:language>.po",
                admin_views.questionnaire_translation_download,
                name="translation_download",
            ),
        ]


# --- Responses ------------------------------------------------------------------------------


class ResponseFilterSet(WagtailFilterSet):
    """Filters for the response list."""

    consultation = django_filters.ModelChoiceFilter(
        queryset=ConsultationPage.objects.order_by("-closes_at"), label=_("Consultation")
    )
    capacity = django_filters.ChoiceFilter(choices=Capacity.choices, label=_("Responding as"))
    channel = django_filters.ChoiceFilter(choices=Response.Channel.choices, label=_("Channel"))
    borough = django_filters.ModelChoiceFilter(queryset=Borough.objects.all(), label=_("Borough"))
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.select_related("borough"), label=_("Locality")
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )
    safeguarding_flagged = django_filters.BooleanFilter(
        label=_("Safeguarding flag"), widget=forms.NullBooleanSelect
    )
    is_demo = django_filters.BooleanFilter(label=_("Demo data"), widget=forms.NullBooleanSelect)
    evidence_rich = django_filters.BooleanFilter(
        label=_("Answers with specific evidence"),
        method="filter_evidence_rich",
        widget=forms.NullBooleanSelect,
    )

    class Meta:
        model = Response
        fields = []

    def filter_evidence_rich(self, queryset, name, value):
        """Responses with (or without) an answer the analysis found specific evidence in."""
        rich = Exists(AnswerAnalysis.objects.filter(response=OuterRef("pk"), is_evidence_rich=True))
        return queryset.filter(rich) if value else queryset.exclude(rich)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Responses are never added, edited or deleted through the generic admin views."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# The list's query parameters that choose which responses it shows (not the page or sort).
LIST_FILTER_PARAMETERS = tuple(ResponseFilterSet.base_filters) + tuple(
    f"submitted_at_{suffix}" for suffix in ("after", "before")
)


def response_inspect_url(response_id, *, filters=""):
    """A response's inspect view; `filters` (a response-list query string) choose which list its
    previous/next links walk."""
    url = reverse("responses:inspect", args=[response_id])
    return f"{url}?{filters}" if filters else url


def _list_filters(query):
    """The filter part of a response list's query string, to carry to the inspect view."""
    kept = query.copy()
    for key in list(kept):
        if key not in LIST_FILTER_PARAMETERS:
            del kept[key]
    return kept.urlencode()


class ResponseIndexView(generic.IndexView):
    """Only the responses this user may see: analysts see their assigned consultations."""

    def get_base_queryset(self):
        # A locality's name includes its borough's, so the borough comes in the same query.
        return selectors.responses_visible_to(user=self.request.user).select_related(
            "consultation", "borough", "locality__borough"
        )

    def get_inspect_url(self, instance):
        # The reference opens the response; its previous/next links then walk the same
        # filtered list the analyst came from.
        if not super().get_inspect_url(instance):
            return None
        return response_inspect_url(instance.pk, filters=_list_filters(self.request.GET))

    def _get_title_column(self, field_name, *args, **kwargs):
        # The reference is the title column: kept on one line however narrow the column (the
        # class of the `reference` template filter, styled in admin.css).
        return super()._get_title_column(field_name, *args, classname="reference-number", **kwargs)


class ResponseInspectView(generic.InspectView):
    """One response with its answers; identity is shown only when not anonymous."""

    template_name = "feedback/admin/response_inspect.html"

    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(
            selectors.responses_visible_to(user=self.request.user).select_related(
                "consultation", "borough", "locality", "pcn", "event", "entered_by"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["response"] = self.object
        context["answers"] = selectors.response_answers_in_order(response=self.object)
        context.update(self._neighbour_links())
        if not self.object.is_anonymous:
            from engage.audit import VIEW_PERSONAL_DATA, audit_record

            audit_record(user=self.request.user, action=VIEW_PERSONAL_DATA, obj=self.object)
        return context

    def _neighbour_links(self):
        """Links to the responses above and below this one in the (filtered) list."""
        filters = _list_filters(self.request.GET)
        listed = ResponseFilterSet(
            self.request.GET or None,
            queryset=selectors.responses_visible_to(user=self.request.user),
        ).qs
        newer, older = selectors.response_neighbours(response=self.object, responses=listed)

        def link(response):
            if response is None:
                return None
            return {
                "reference": response.reference,
                "url": response_inspect_url(response.pk, filters=filters),
            }

        return {
            "previous_response": link(newer),
            "next_response": link(older),
            "list_url": reverse("responses:index") + (f"?{filters}" if filters else ""),
        }


class ResponseViewSet(AdminModelViewSet):
    """Submitted responses from every channel, with filters and an inspect view."""

    model = Response
    icon = "form"
    menu_label = _("Responses")
    name = "responses"
    index_view_class = ResponseIndexView
    inspect_view_class = ResponseInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ResponseFilterSet
    list_per_page = 50
    search_fields = ["reference", "team_or_service", "organisation_name"]
    list_display = [
        # The first column is the title column: each reference links to its response.
        "reference",
        Column("consultation", label=_("Consultation"), accessor="consultation"),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        Column("capacity", label=_("Responding as"), accessor="get_capacity_display"),
        Column("locality", label=_("Locality"), accessor="locality"),
        DateColumn("submitted_at", label=_("Submitted")),
        BooleanColumn("safeguarding_flagged", label=_("Flagged")),
        BooleanColumn("is_demo", label=_("Demo data")),
    ]
    form_fields = ["consent_to_quote"]
    # Responses are many and written on every step of the journey: indexing their links to
    # pages and snippets would queue a background task per save for no use in the admin.
    add_to_reference_index = False


class ConsultationAssignmentIndexView(generic.IndexView):
    """Assignments with their people and consultations in the same query."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "consultation")


class ConsultationAssignmentViewSet(AdminModelViewSet):
    """Which analysts may see which consultation's responses."""

    model = ConsultationAssignment
    icon = "user"
    menu_label = _("Analyst assignments")
    name = "consultation_assignments"
    index_view_class = ConsultationAssignmentIndexView
    # "Name (email)": two analysts with the same name can be told apart.
    list_display = ["analyst", "consultation", DateColumn("created_at", label=_("Assigned"))]
    form_fields = ["consultation", "user"]
    copy_view_enabled = False


# --- Officers' views ------------------------------------------------------------------------


class FeedbackAdminViewSet(ViewSet):
    """Overview, summaries, exports, staff entry, workshop notes, imports and safeguarding."""

    name = "feedback_admin"
    url_prefix = "feedback"
    icon = "doc-full-inverse"
    menu_label = _("By consultation")

    def get_urlpatterns(self):
        return [
            path("", admin_views.overview, name="index"),
            path("<int:consultation_id>/summary/", admin_views.summary, name="summary"),
            path("<int:consultation_id>/export/<str:fmt>/", admin_views.export, name="export"),
            path("<int:consultation_id>/enter/", admin_views.enter_response, name="enter"),
            path(
                "<int:consultation_id>/enter/<int:response_id>/<int:number>/",
                admin_views.enter_section,
                name="enter_section",
            ),
            path(
                "<int:consultation_id>/enter/<int:response_id>/received/",
                admin_views.enter_received,
                name="enter_received",
            ),
            path(
                "<int:consultation_id>/enter/<int:response_id>/check/",
                admin_views.enter_check,
                name="enter_check",
            ),
            path(
                "<int:consultation_id>/workshop-notes/",
                admin_views.workshop_notes,
                name="workshop_notes",
            ),
            path(
                "<int:consultation_id>/workshop-notes/<int:response_id>/edit/",
                admin_views.workshop_notes_edit,
                name="workshop_notes_edit",
            ),
            path(
                "<int:consultation_id>/workshop-notes/<int:response_id>/delete/",
                admin_views.workshop_notes_delete,
                name="workshop_notes_delete",
            ),
            path("<int:consultation_id>/import/", admin_views.import_responses, name="import"),
            path("safeguarding/", admin_views.safeguarding_queue, name="safeguarding"),
            path(
                "safeguarding/<int:pk>/",
                admin_views.safeguarding_review,
                name="safeguarding_review",
            ),
        ]

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        def is_shown(_self, request):
            user = request.user
            return any(
                user.has_perm(f"feedback.{codename}")
                for codename in (
                    "view_response",
                    "enter_workshop_notes",
                    "enter_offline_response",
                )
            )

        return type("FeedbackAdminMenuItem", (MenuItem,), {"is_shown": is_shown})


class SafeguardingViewSet(ViewSet):
    """The safeguarding queue as its own menu entry for the leads."""

    name = "feedback_safeguarding"
    url_prefix = "safeguarding-alerts"
    icon = "warning"
    menu_label = _("Safeguarding alerts")

    def get_urlpatterns(self):
        return [path("", admin_views.safeguarding_queue, name="index")]

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        def is_shown(_self, request):
            return request.user.has_perm("feedback.view_safeguardingalert")

        return type("SafeguardingMenuItem", (MenuItem,), {"is_shown": is_shown})


class TranslationViewSet(ViewSet):
    """The "needs translation" queue: answers in another language, for an English rendering."""

    name = "feedback_translations"
    url_prefix = "translations"
    icon = "globe"
    menu_label = _("Needs translation")

    def get_urlpatterns(self):
        return [
            path("", admin_views.translation_queue, name="index"),
            path("answer/<int:pk>/", admin_views.translation_edit, name="edit"),
        ]

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        def is_shown(_self, request):
            return request.user.has_perm("feedback.translate_answer")

        return type("TranslationMenuItem", (MenuItem,), {"is_shown": is_shown})


class FeedbackViewSetGroup(ViewSetGroup):
    """The "Feedback" menu."""

    menu_label = _("Feedback")
    menu_icon = "form"
    menu_order = 250
    items = (
        FeedbackAdminViewSet,
        ResponseViewSet,
        QuestionnaireViewSet,
        SafeguardingViewSet,
        TranslationViewSet,
        ConsultationAssignmentViewSet,
    )
