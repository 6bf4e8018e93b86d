"""iCalendar (.ics) files for workshop events, in Europe/London time with its VTIMEZONE."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")
PRODID = "-//engage//workshop events//EN"


def _absolute(url):
    """Make a page URL absolute with the configured site address."""
    if url and url.startswith("/"):
        return settings.SITE_BASE_URL.rstrip("/") + url
    return url or settings.SITE_BASE_URL


def _location(event):
    """Where the event happens, as one line; the joining link is never part of it."""
    parts = [event.venue_name, " ".join(event.venue_address.split())]
    place = ", ".join(part for part in parts if part)
    if event.format == event.Format.ONLINE:
        return str(_("Online"))
    if event.format == event.Format.HYBRID:
        return f"{place} {_('(or online)')}".strip()
    return place


def event_component(event, *, include_joining_link=False):
    """One VEVENT for a workshop; the joining link only when the file goes to a registrant."""
    host = urlsplit(settings.SITE_BASE_URL).hostname or "engage"
    url = _absolute(event.get_url())
    component = Event()
    component.add("uid", f"workshop-{event.pk}@{host}")
    component.add("dtstamp", timezone.now())
    component.add("summary", event.title)
    component.add("dtstart", timezone.localtime(event.starts_at, LONDON))
    component.add("dtend", timezone.localtime(event.ends_at, LONDON))
    component.add("url", url)
    location = _location(event)
    if location:
        component.add("location", location)
    description = [event.summary] if event.summary else []
    if include_joining_link and event.joining_link and event.has_online_part:
        description.append(_("Join online: %(link)s") % {"link": event.joining_link})
    description.append(_("Details: %(url)s") % {"url": url})
    component.add("description", "\n\n".join(description))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    return component


def calendar_for(events, *, name=None, include_joining_link=False):
    """A calendar holding the events, with the Europe/London VTIMEZONE their times refer to."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/London")
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, include_joining_link=include_joining_link))
    if events:
        # Only the transitions around these events, so the file stays small.
        first = min(event.starts_at for event in events).date() - timedelta(days=366)
        last = max(event.ends_at for event in events).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar


def event_ics(event, *, include_joining_link=False):
    """The bytes of a .ics file for one event."""
    return calendar_for([event], include_joining_link=include_joining_link).to_ical()


def events_ics(events, *, name):
    """The bytes of an iCalendar feed of several events (never with joining links)."""
    return calendar_for(events, name=name).to_ical()
