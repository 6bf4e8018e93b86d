"""Register the consultations app's admin viewsets and react to edited events."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from consultations.viewsets import (
    PartnersViewSetGroup,
    PlacesViewSetGroup,
    workshop_registrations_viewset,
)

register_snippet(PlacesViewSetGroup)
register_snippet(PartnersViewSetGroup)


@hooks.register("register_admin_viewset")
def register_workshop_registrations_viewset():
    return workshop_registrations_viewset


@hooks.register("after_publish_page")
def promote_waitlist_after_capacity_change(request, page):
    """When an editor publishes an event with more places, move waiting people up."""
    from consultations.models import WorkshopEventPage
    from consultations.services import waitlist_promote

    if isinstance(page.specific, WorkshopEventPage):
        waitlist_promote(event=page.specific)
    return None


def _registrations_button(page, user, priority):
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from wagtail.admin.widgets import Button

    from consultations import selectors
    from consultations.models import WorkshopEventPage

    if page.specific_class is not WorkshopEventPage:
        return None
    if not user.has_perm("consultations.view_registration"):
        return None
    if not selectors.events_for_facilitator(user=user).filter(pk=page.pk).exists():
        return None
    return Button(
        _("Registrations"),
        url=reverse("workshop_registrations:event", args=[page.pk]),
        icon_name="group",
        priority=priority,
    )


@hooks.register("register_page_listing_more_buttons")
def event_registrations_listing_button(page, user, next_url=None):
    """A "Registrations" action on workshop pages in the page explorer."""
    button = _registrations_button(page, user, priority=15)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def event_registrations_header_button(page, user, view_name, next_url=None):
    """A "Registrations" action in the header when editing a workshop page."""
    button = _registrations_button(page, user, priority=25)
    if button:
        yield button
