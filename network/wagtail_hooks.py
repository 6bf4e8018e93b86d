"""Registers the network's Wagtail admin: viewsets, custom views and one menu for them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from network import admin_views
from network.viewsets import (
    expense_type_viewset,
    interest_viewset,
    involvement_viewset,
    member_viewset,
)

admin_urlpatterns = [
    path("interests/<int:pk>/decide/", admin_views.interest_decide, name="interest_decide"),
    path("groups/", admin_views.group_members, name="group_members"),
    path("claims/", admin_views.claims, name="claims"),
    path("claims/<int:pk>/approve/", admin_views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/reject/", admin_views.claim_reject, name="claim_reject"),
    path("claims/mark-paid/", admin_views.claims_mark_paid, name="claims_mark_paid"),
    path("claims/finance.csv", admin_views.claims_csv, name="claims_csv"),
]


@hooks.register("register_admin_urls")
def register_network_admin_urls():
    return [path("network/", include((admin_urlpatterns, "network_admin")))]


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return [member_viewset, interest_viewset, involvement_viewset, expense_type_viewset]


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with one of the given permissions."""

    def __init__(self, *args, permissions, **kwargs):
        self.permissions = permissions
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)


def _items():
    return [
        PermissionMenuItem(
            _("Members"),
            reverse("network_members:index"),
            icon_name="group",
            order=100,
            permissions=["network.view_memberprofile", "network.change_memberprofile"],
        ),
        PermissionMenuItem(
            _("Expressions of interest"),
            reverse("network_interests:index"),
            icon_name="mail",
            order=200,
            permissions=["network.view_expressionofinterest", admin_views.CHANGE_INTEREST],
        ),
        PermissionMenuItem(
            _("Group members"),
            reverse("network_admin:group_members"),
            icon_name="group",
            order=300,
            permissions=[admin_views.VIEW_INTEREST],
        ),
        PermissionMenuItem(
            _("Involvement log"),
            reverse("network_involvement:index"),
            icon_name="time",
            order=400,
            permissions=["network.view_involvementrecord", admin_views.CHANGE_CLAIM],
        ),
        PermissionMenuItem(
            _("Claims and payments"),
            reverse("network_admin:claims"),
            icon_name="doc-full",
            order=500,
            permissions=[admin_views.CHANGE_CLAIM],
        ),
        PermissionMenuItem(
            _("Expense types"),
            reverse("wagtailsnippets_network_expensetype:list"),
            icon_name="tag",
            order=600,
            permissions=["network.change_expensetype", "network.add_expensetype"],
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_network_menu():
    return SubmenuMenuItem(
        _("Co-production network"),
        Menu(construct_hook_name=None, items=_items()),
        icon_name="group",
        name="network",
        order=350,
    )
