"""The theme permissions of each staff role, and the theme review rule of the access policy."""

from engage import access, roles

THEME_PERMISSIONS = [
    "themes.view_theme",
    "themes.add_theme",
    "themes.change_theme",
    "themes.delete_theme",
    "themes.view_answertheme",
    "themes.change_answertheme",
    "themes.view_analysisrun",
    "themes.add_analysisrun",
]
ROLE_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: THEME_PERMISSIONS,
    roles.ANALYSTS: THEME_PERMISSIONS,
}
REVIEW_THEMES = "themes.change_theme"


def ensure_theme_permissions():
    """Give each role group its theme permissions (the data migration does this too)."""
    groups = roles.ensure_groups()
    roles.grant_role_permissions(ROLE_PERMISSIONS)
    return groups


def can_review_themes(user, consultation):
    """The access policy, for reviewing this consultation's themes."""
    return access.can_access_consultation(user=user, consultation=consultation, perm=REVIEW_THEMES)


def reviewable_consultations(user):
    """The consultations whose themes the user may review (the access policy)."""
    return access.consultations_visible_to(user=user, perm=REVIEW_THEMES)


def can_read_original_text(user):
    """Only people allowed to read answers see the unredacted text (quotes never do)."""
    return user.is_superuser or user.has_perm("feedback.view_answer")
