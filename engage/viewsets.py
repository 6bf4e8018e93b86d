"""Wagtail admin viewsets for site-wide records: the audit log (superusers only, read-only),
and the base every app's model and snippet viewsets build on (forms that keep text clean)."""

import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from engage.audit import WAGTAIL_LOG_ACTIONS
from engage.forms import AdminModelForm
from engage.models import AuditEvent
from engage.text import strip_control_characters


class CleanTextViewSetMixin:
    """A model or snippet viewset whose create and edit forms build on AdminModelForm, so text
    is saved without control characters (a form class of its own must build on it too)."""

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        if (
            edit_handler is not None
            and edit_handler.base_form_class is None
            and not hasattr(self.model, "base_form_class")
        ):
            edit_handler.base_form_class = AdminModelForm
        return edit_handler

    def get_form_class(self, for_update=False):
        if self._edit_handler:
            return super().get_form_class(for_update)
        return modelform_factory(
            self.model,
            form=AdminModelForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.get_form_fields(),
            exclude=self.get_exclude_form_fields(),
        )


class AdminModelViewSet(CleanTextViewSetMixin, ModelViewSet):
    """Every app's ModelViewSet: forms that keep text clean."""


class AdminSnippetViewSet(CleanTextViewSetMixin, SnippetViewSet):
    """Every app's SnippetViewSet: forms that keep text clean."""


class SuperuserReadOnlyPolicy(BasePermissionPolicy):
    """Superusers may view; nobody may add, change or delete: the audit trail is append-only."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


def _people(request):
    """Everyone who appears in the log as the person who acted."""
    return (
        get_user_model().objects.filter(audit_events__isnull=False).distinct().order_by("username")
    )


def _consultations(request):
    return apps.get_model("consultations.ConsultationPage").objects.order_by("title")


class AuditEventFilterSet(WagtailFilterSet):
    """Filter the log by the person who acted, the consultation, the date and the action."""

    user = django_filters.ModelChoiceFilter(queryset=_people, label=_("Person"))
    consultation = django_filters.ModelChoiceFilter(
        queryset=_consultations, label=_("Consultation")
    )
    occurred_at = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=lambda: sorted(
            (action.removeprefix("engage."), label) for action, label in WAGTAIL_LOG_ACTIONS.items()
        ),
    )

    class Meta:
        model = AuditEvent
        fields = []


class AuditEventIndexView(IndexView):
    """The log with each event's consultation in the same query."""

    def preprocess_field_value(self, field, value, export_format):
        # An event names what it touched as it was then: a title saved before control characters
        # were removed at input would make openpyxl refuse the whole XLSX export.
        value = super().preprocess_field_value(field, value, export_format)
        return strip_control_characters(value) if isinstance(value, str) else value

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("consultation")


class AuditEventViewSet(AdminModelViewSet):
    """The audit log: who viewed, exported or changed personal data, newest first."""

    model = AuditEvent
    index_view_class = AuditEventIndexView
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 900
    add_to_settings_menu = True
    url_prefix = "audit-log"
    # One event per view of personal data: not worth a reference-index task each.
    add_to_reference_index = False
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        DateColumn("occurred_at", label=_("When")),
        Column("actor", label=_("Who")),
        Column("action", label=_("Action")),
        Column("object_type", label=_("Object type")),
        Column("object_repr", label=_("Object")),
        Column("consultation", label=_("Consultation")),
    ]
    filterset_class = AuditEventFilterSet
    search_fields = ["actor", "action", "object_repr", "object_id"]
    inspect_view_fields = [
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "consultation",
        "details",
    ]
    # Required by ModelViewSet, but no one is ever allowed to add or edit (see the policy).
    form_fields = ["action"]
    list_export = [
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "consultation",
        "details",
    ]
    export_filename = "audit-log"


audit_event_viewset = AuditEventViewSet("audit_log")
