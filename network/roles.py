"""The network permissions of each staff role: the Involvement team runs the network's admin."""

from engage import roles

# Kept in step with migration 0002, which grants the same on install.
ROLE_PERMISSIONS = {
    roles.INVOLVEMENT_TEAM: [
        "network.view_memberprofile",
        "network.view_expressionofinterest",
        "network.change_expressionofinterest",
        "network.view_involvementrecord",
        "network.add_involvementrecord",
        "network.change_involvementrecord",
        "network.view_expensetype",
        "network.add_expensetype",
        "network.change_expensetype",
        "network.delete_expensetype",
        "network.view_paymentrates",
        "network.change_paymentrates",
    ],
}


def grant_involvement_team_permissions():
    """Give the Involvement team group its network permissions (creating the group if needed)."""
    roles.ensure_groups()
    return roles.grant_role_permissions(ROLE_PERMISSIONS)[roles.INVOLVEMENT_TEAM]
