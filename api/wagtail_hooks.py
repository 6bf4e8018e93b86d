"""Registers the API tokens page in the admin, under Settings, for staff who may export."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from api import admin_views, selectors

admin_urlpatterns = [
    path("", admin_views.tokens_index, name="index"),
    path("<int:pk>/revoke/", admin_views.token_revoke, name="revoke"),
]


@hooks.register("register_admin_urls")
def register_api_token_urls():
    return [path("api-tokens/", include((admin_urlpatterns, "api_tokens")))]


class ExportPermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(selectors.EXPORT_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_api_tokens_menu_item():
    return ExportPermissionMenuItem(
        _("API tokens"), reverse("api_tokens:index"), icon_name="key", order=900
    )
