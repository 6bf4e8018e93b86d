"""Register the feedback admin views with Wagtail."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from feedback.models import Response
from feedback.viewsets import FeedbackViewSetGroup, ReadOnlyPolicy

# Responses are read in the admin, never added, edited or deleted through the generic views.
register_permission_policy(Response, ReadOnlyPolicy(Response), exact_class=True)


@hooks.register("register_admin_viewset")
def register_feedback_viewsets():
    """The "Feedback" menu: responses by consultation, questionnaires, safeguarding."""
    return FeedbackViewSetGroup()
