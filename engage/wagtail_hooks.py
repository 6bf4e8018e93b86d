"""Register site-wide admin pieces: the audit log viewset, its permissions and log actions, and
the stylesheet of engage's own admin screens."""

from django.contrib.auth import get_user_model
from django.db.models import ForeignKey
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.permissions import register_permission_policy

from engage.audit import WAGTAIL_LOG_ACTIONS
from engage.models import AuditEvent
from engage.users import UserChoiceField
from engage.viewsets import SuperuserReadOnlyPolicy, audit_event_viewset

register_permission_policy(AuditEvent, SuperuserReadOnlyPolicy(AuditEvent))
# Every admin form that picks one member of staff names them "Name (email)".
register_form_field_override(
    ForeignKey, to=get_user_model(), override={"form_class": UserChoiceField}
)


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    return audit_event_viewset


@hooks.register("register_log_actions")
def register_engage_log_actions(actions):
    for action, label in WAGTAIL_LOG_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("insert_global_admin_css")
def engage_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
