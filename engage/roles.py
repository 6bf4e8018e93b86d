"""The staff roles, as Wagtail groups; each app's roles.py lists what each role may do.

Every app declares one shape, ``ROLE_PERMISSIONS = {ROLE: ["app_label.codename", ...]}``, and
grants it with ``grant_role_permissions``. Who may work on which consultation is decided in one
place, engage/access.py.
"""

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

CONSULTATION_EDITORS = "Consultation editors"
ANALYSTS = "Analysts"
FACILITATORS = "Facilitators"
SAFEGUARDING_LEADS = "Safeguarding leads"
INVOLVEMENT_TEAM = "Involvement team"
DATA_PROTECTION_OFFICERS = "Data protection officers"

ROLE_DESCRIPTIONS = {
    CONSULTATION_EDITORS: _("Publish consultations, documents, questionnaires and events."),
    ANALYSTS: _("Review responses and themes and produce reports for assigned consultations."),
    FACILITATORS: _("Run workshops: registrations, attendance and table notes."),
    SAFEGUARDING_LEADS: _("Review safeguarding alerts and record the action taken."),
    INVOLVEMENT_TEAM: _("Support co-production network members and approve involvement claims."),
    DATA_PROTECTION_OFFICERS: _(
        "Find, export and erase what is held about a person, at their request."
    ),
}


def ensure_groups():
    """Create any missing role group with access to the admin (the migration does this too)."""
    from django.contrib.auth.models import Group, Permission

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for name in ROLE_DESCRIPTIONS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[name] = group
    return groups


def grant_role_permissions(role_permissions, *, apps=global_apps):
    """Give each role group its permissions, creating the groups if needed (safe to run again).

    ``role_permissions`` is an app's ``ROLE_PERMISSIONS``; ``apps`` lets data migrations pass
    their historical models. Permissions not installed yet are skipped.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for group_name, permissions in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for dotted in permissions:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
        groups[group_name] = group
    return groups
