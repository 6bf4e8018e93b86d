"""The Wagtail admin section for data protection requests (search, export, erase)."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from privacy import admin_views, exports
from privacy.roles import can_handle_data_requests


class DataProtectionMenuItem(MenuItem):
    """Shown only to staff with the data protection permission."""

    def is_shown(self, request):
        return can_handle_data_requests(request.user)


class DataProtectionViewSet(ViewSet):
    """Find everything held for an email address, export it, or erase it."""

    name = "data_protection"
    url_prefix = "data-protection"
    icon = "lock"
    menu_label = _("Data protection")
    menu_order = 890
    add_to_admin_menu = True
    menu_item_class = DataProtectionMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            # Only the formats there are: any other is the resolver's own 404.
            re_path(
                rf"^export/(?P<fmt>{'|'.join(exports.FORMATS)})/$",
                admin_views.export,
                name="export",
            ),
            path("erase/", admin_views.erase, name="erase"),
        ]


data_protection_viewset = DataProtectionViewSet()
