"""Wagtail admin: places, partners and people as snippets, and the facilitators' workshop views."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from consultations import admin_views
from consultations.models import (
    Borough,
    ContactOfficer,
    Locality,
    Organisation,
    PrimaryCareNetwork,
    Topic,
    Ward,
)
from engage.viewsets import AdminSnippetViewSet


class BoroughViewSet(AdminSnippetViewSet):
    model = Borough
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    copy_view_enabled = False


class LocalityViewSet(AdminSnippetViewSet):
    model = Locality
    icon = "site"
    list_display = ["name", "borough"]
    list_filter = ["borough"]
    search_fields = ["name"]
    copy_view_enabled = False


class PrimaryCareNetworkViewSet(AdminSnippetViewSet):
    model = PrimaryCareNetwork
    icon = "group"
    menu_label = _("Primary care networks")
    list_display = ["name", "locality", "population"]
    list_filter = ["locality__borough", "locality"]
    search_fields = ["name"]
    copy_view_enabled = False


class WardViewSet(AdminSnippetViewSet):
    model = Ward
    icon = "site"
    list_display = ["name", "borough"]
    list_filter = ["borough"]
    search_fields = ["name"]
    copy_view_enabled = False


class PlacesViewSetGroup(SnippetViewSetGroup):
    """Boroughs, localities, PCNs and wards under one "Places" menu."""

    items = (BoroughViewSet, LocalityViewSet, PrimaryCareNetworkViewSet, WardViewSet)
    menu_label = _("Places")
    menu_icon = "site"
    menu_order = 300


class OrganisationViewSet(AdminSnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_export = ["name", "kind", "website"]
    copy_view_enabled = False


class ContactOfficerViewSet(AdminSnippetViewSet):
    model = ContactOfficer
    icon = "user"
    list_display = ["name", "job_title", "organisation", "email"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "email"]
    copy_view_enabled = False


class TopicViewSet(AdminSnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    copy_view_enabled = False


class PartnersViewSetGroup(SnippetViewSetGroup):
    """Organisations, contact officers and topics under one menu."""

    items = (OrganisationViewSet, ContactOfficerViewSet, TopicViewSet)
    menu_label = _("Partners and topics")
    menu_icon = "group"
    menu_order = 310


class FacilitatorMenuItem(MenuItem):
    """Shown only to people who may see workshop registrations."""

    def is_shown(self, request):
        return request.user.has_perm("consultations.view_registration")


class WorkshopRegistrationsViewSet(ViewSet):
    """Facilitators' views: registrations with access needs, attendance, and CSV export."""

    name = "workshop_registrations"
    url_prefix = "workshop-registrations"
    icon = "date"
    menu_label = _("Workshop registrations")
    menu_name = "workshop-registrations"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = FacilitatorMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.event_list, name="index"),
            path("<int:event_id>/", admin_views.event_registrations, name="event"),
            path("<int:event_id>/export.csv", admin_views.event_export, name="export"),
            path("<int:event_id>/walk-in/", admin_views.event_walk_in, name="walk_in"),
        ]


workshop_registrations_viewset = WorkshopRegistrationsViewSet()
