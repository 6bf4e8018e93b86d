"""The staff roles, as Wagtail groups; features add their permissions as they arrive."""

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
