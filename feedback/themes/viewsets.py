"""The theme review screens as one Wagtail admin viewset, with a permission-aware menu item."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from feedback.themes import views


class ThemesMenuItem(MenuItem):
    """Shown to people who may review themes (editors, analysts, superusers)."""

    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("themes.view_theme")


class ThemeReviewViewSet(ViewSet):
    """Review a consultation's themes: runs, proposals, coding frame and re-tagging."""

    name = "themes"
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 310
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        return ThemesMenuItem

    def get_urlpatterns(self):
        actions = ["edit", "accept", "drop", "merge", "split"]
        return [
            path("", views.ConsultationListView.as_view(), name="index"),
            path(
                "consultation/<int:consultation_id>/",
                views.ConsultationThemesView.as_view(),
                name="consultation",
            ),
            path(
                "consultation/<int:consultation_id>/run/",
                views.RunStartView.as_view(),
                name="run",
            ),
            path(
                "consultation/<int:consultation_id>/progress/",
                views.RunProgressView.as_view(),
                name="progress",
            ),
            path(
                "consultation/<int:consultation_id>/add/",
                views.ThemeCreateView.as_view(),
                name="add",
            ),
            path(
                "consultation/<int:consultation_id>/import/",
                views.CodingFrameImportView.as_view(),
                name="import",
            ),
            path("run/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
            path("theme/<int:pk>/", views.ThemeDetailView.as_view(), name="theme"),
            path("theme/<int:pk>/preview/", views.ThemePreviewView.as_view(), name="preview"),
            *[
                path(
                    f"theme/<int:pk>/{action}/",
                    views.ThemeActionView.as_view(action=action),
                    name=action,
                )
                for action in actions
            ],
            path("answer/<int:pk>/", views.AnswerTagsView.as_view(), name="answer"),
        ]


theme_review_viewset = ThemeReviewViewSet()
