"""The model permissions the Involvement team needs for the network's admin."""

# (model, codenames). Kept in step with migration 0002, which grants the same on install.
INVOLVEMENT_TEAM_PERMISSIONS = [
    ("memberprofile", ["view"]),
    ("expressionofinterest", ["view", "change"]),
    ("involvementrecord", ["view", "add", "change"]),
    ("expensetype", ["view", "add", "change", "delete"]),
    ("paymentrates", ["view", "change"]),
]


def grant_involvement_team_permissions():
    """Give the Involvement team group its network permissions (creating the group if needed)."""
    from django.contrib.auth.models import Group, Permission

    from engage.roles import INVOLVEMENT_TEAM, ensure_groups

    ensure_groups()
    group = Group.objects.get(name=INVOLVEMENT_TEAM)
    codenames = [
        f"{action}_{model}" for model, actions in INVOLVEMENT_TEAM_PERMISSIONS for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="network", codename__in=codenames)
    )
    return group
