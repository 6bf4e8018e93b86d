"""Wagtail admin viewsets for site-wide records: the audit log (superusers only, read-only)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from engage.models import AuditEvent


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


class AuditEventViewSet(ModelViewSet):
    """The audit log: who viewed, exported or changed personal data, newest first."""

    model = AuditEvent
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
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["actor", "action", "object_repr", "object_id"]
    inspect_view_fields = [
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "details",
    ]
    # Required by ModelViewSet, but no one is ever allowed to add or edit (see the policy).
    form_fields = ["action"]
    list_export = ["occurred_at", "actor", "action", "object_type", "object_id", "object_repr"]
    export_filename = "audit-log"


audit_event_viewset = AuditEventViewSet("audit_log")
