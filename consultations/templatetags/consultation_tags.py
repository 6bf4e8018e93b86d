"""Template tags for consultation status, closing prompts, document details and event times."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import ConsultationStatus

register = template.Library()


@register.inclusion_tag("consultations/includes/status_tag.html")
def status_tag(consultation, now=None):
    """The consultation's status as a labelled tag (words as well as colour)."""
    status = consultation.status_at(now or timezone.now())
    return {"status": status, "label": status.label}


@register.simple_tag
def closing_prompt(consultation, now=None):
    """A plain prompt such as "Closes in 3 days", "Opens on 2 March 2026" or "Closed on ..."."""
    now = now or timezone.now()
    status = consultation.status_at(now)
    closes = timezone.localtime(consultation.closes_at)
    if status == ConsultationStatus.FORTHCOMING:
        opens = timezone.localtime(consultation.opens_at)
        return _("Opens on %(date)s") % {"date": date_filter(opens, "j F Y")}
    if status != ConsultationStatus.OPEN:
        return _("Closed on %(date)s") % {"date": date_filter(closes, "j F Y")}
    days = (closes.date() - timezone.localtime(now).date()).days
    time = date_filter(closes, "g:i a")
    if days <= 0:
        return _("Closes today at %(time)s") % {"time": time}
    if days == 1:
        return _("Closes tomorrow at %(time)s") % {"time": time}
    if days <= 14:
        return ngettext("Closes in %(days)d day", "Closes in %(days)d days", days) % {"days": days}
    return _("Closes on %(date)s") % {"date": date_filter(closes, "j F Y")}


@register.filter
def document_format(document):
    """A document's format in capitals, e.g. "PDF", from its file extension."""
    extension = (document.file_extension or "").upper()
    return extension or _("File")


@register.filter
def document_size(document):
    """A document's size in readable units, or an empty string if unknown."""
    try:
        size = document.get_file_size()
    except (OSError, ValueError):
        return ""
    return filesizeformat(size) if size else ""


@register.simple_tag
def event_when(event):
    """An event's date and times in London, e.g. "Tuesday 3 March 2026, 10:00 am to 12:30 pm"."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    if starts.date() == ends.date():
        return _("%(date)s, %(start)s to %(end)s") % {
            "date": date_filter(starts, "l j F Y"),
            "start": date_filter(starts, "g:i a"),
            "end": date_filter(ends, "g:i a"),
        }
    return _("%(start)s to %(end)s") % {
        "start": date_filter(starts, "l j F Y, g:i a"),
        "end": date_filter(ends, "l j F Y, g:i a"),
    }


@register.simple_tag
def places_left_text(event, confirmed=None):
    """ "12 places left", "1 place left" or "Full: join the waiting list" for an event.

    Uses the event's ``confirmed_count`` annotation when no count is given.
    """
    confirmed = event.confirmed_count if confirmed is None else confirmed
    left = max(event.capacity - confirmed, 0)
    if left == 0:
        return _("Full: you can join the waiting list")
    return ngettext("%(count)d place left", "%(count)d places left", left) % {"count": left}
