"""Register the theme review screens and the log actions of theme changes with Wagtail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

LOG_ACTIONS = {
    "themes.accept": (_("Accept theme"), _("Accepted the proposed theme")),
    "themes.rename": (_("Rename theme"), _("Renamed the theme")),
    "themes.merge": (_("Merge themes"), _("Merged themes")),
    "themes.split": (_("Split theme"), _("Split the theme")),
    "themes.drop": (_("Drop theme"), _("Dropped the theme")),
    "themes.tag_add": (_("Add theme to answer"), _("Added a theme to an answer")),
    "themes.tag_confirm": (_("Confirm theme on answer"), _("Confirmed a theme on an answer")),
    "themes.tag_remove": (_("Remove theme from answer"), _("Removed a theme from an answer")),
    "themes.run": (_("Run analysis"), _("Started an analysis run")),
    "themes.import": (_("Import coding frame"), _("Imported a coding frame")),
}


@hooks.register("register_log_actions")
def register_theme_log_actions(actions):
    """Theme changes appear in Wagtail's history with readable labels."""
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_theme_review_viewset():
    """The theme review screens under /admin/themes/."""
    from feedback.themes.viewsets import theme_review_viewset

    return theme_review_viewset
