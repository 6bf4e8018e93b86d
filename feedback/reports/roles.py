"""The committee report permissions of each staff role."""

from engage import roles

# Generating a PDF is adding a ReportVersion; downloading one needs view_reportversion.
REPORT_PERMISSIONS = [
    "reports.add_committeereport",
    "reports.change_committeereport",
    "reports.delete_committeereport",
    "reports.view_committeereport",
    "reports.add_reportversion",
    "reports.view_reportversion",
]
ROLE_PERMISSIONS = {
    roles.ANALYSTS: REPORT_PERMISSIONS,
    roles.CONSULTATION_EDITORS: REPORT_PERMISSIONS,
}


def ensure_report_permissions():
    """Give each role group its report permissions (the data migration does this too)."""
    groups = roles.ensure_groups()
    roles.grant_role_permissions(ROLE_PERMISSIONS)
    return groups
