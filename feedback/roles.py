"""The feedback permissions of each staff role: questionnaires, responses, imports and alerts."""

from engage import roles

ROLE_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: [
        "feedback.add_questionnaire",
        "feedback.change_questionnaire",
        "feedback.delete_questionnaire",
        "feedback.view_questionnaire",
        "feedback.view_response",
        "feedback.change_response",
        "feedback.view_answer",
        "feedback.enter_offline_response",
        "feedback.enter_workshop_notes",
        "feedback.import_responses",
        "feedback.export_responses",
        "feedback.add_consultationassignment",
        "feedback.change_consultationassignment",
        "feedback.delete_consultationassignment",
        "feedback.view_consultationassignment",
        "feedback.translate_answer",
    ],
    roles.ANALYSTS: [
        "feedback.view_questionnaire",
        "feedback.view_response",
        "feedback.view_answer",
        "feedback.export_responses",
        "feedback.translate_answer",
    ],
    roles.FACILITATORS: ["feedback.enter_workshop_notes"],
    roles.SAFEGUARDING_LEADS: [
        "feedback.view_safeguardingalert",
        "feedback.change_safeguardingalert",
    ],
}


def ensure_feedback_permissions():
    """Give each role group its feedback permissions (the data migration does this too)."""
    groups = roles.ensure_groups()
    roles.grant_role_permissions(ROLE_PERMISSIONS)
    return groups
