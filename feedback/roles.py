"""The model permissions each staff role needs for questionnaires, responses and alerts."""

# codename per role group; models are in the feedback app.
GROUP_PERMISSIONS = {
    "Consultation editors": [
        "add_questionnaire",
        "change_questionnaire",
        "delete_questionnaire",
        "view_questionnaire",
        "view_response",
        "change_response",
        "view_answer",
        "enter_offline_response",
        "enter_workshop_notes",
        "import_responses",
        "export_responses",
        "add_consultationassignment",
        "change_consultationassignment",
        "delete_consultationassignment",
        "view_consultationassignment",
    ],
    "Analysts": ["view_questionnaire", "view_response", "view_answer", "export_responses"],
    "Facilitators": ["enter_workshop_notes"],
    "Safeguarding leads": ["view_safeguardingalert", "change_safeguardingalert"],
}


def ensure_feedback_permissions():
    """Give each role group its feedback permissions (the data migration does this too)."""
    from django.contrib.auth.models import Permission

    from engage.roles import ensure_groups

    groups = ensure_groups()
    for group_name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="feedback", codename__in=codenames
        )
        groups[group_name].permissions.add(*permissions)
    return groups
