"""The theme permissions each staff role needs, and who may review a consultation's themes."""

from engage import roles

# codename per role group; models are in the themes app.
GROUP_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: [
        "view_theme",
        "add_theme",
        "change_theme",
        "delete_theme",
        "view_answertheme",
        "change_answertheme",
        "view_analysisrun",
        "add_analysisrun",
    ],
    roles.ANALYSTS: [
        "view_theme",
        "add_theme",
        "change_theme",
        "delete_theme",
        "view_answertheme",
        "change_answertheme",
        "view_analysisrun",
        "add_analysisrun",
    ],
}


def ensure_theme_permissions():
    """Give each role group its theme permissions (the data migration does this too)."""
    from django.contrib.auth.models import Permission

    groups = roles.ensure_groups()
    for group_name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="themes", codename__in=codenames
        )
        groups[group_name].permissions.add(*permissions)
    return groups


def can_review_themes(user, consultation):
    """Consultation editors (any consultation) and analysts assigned to this one; superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("themes.change_theme"):
        return False
    if user.groups.filter(name=roles.CONSULTATION_EDITORS).exists():
        return True
    return consultation.assignments.filter(user=user).exists()


def reviewable_consultations(user):
    """The consultations whose themes the user may review."""
    from consultations.models import ConsultationPage

    pages = ConsultationPage.objects.all()
    if user.is_superuser:
        return pages
    if not user.has_perm("themes.change_theme"):
        return pages.none()
    if user.groups.filter(name=roles.CONSULTATION_EDITORS).exists():
        return pages
    return pages.filter(assignments__user=user)


def can_read_original_text(user):
    """Only people allowed to read answers see the unredacted text (quotes never do)."""
    return user.is_superuser or user.has_perm("feedback.view_answer")
