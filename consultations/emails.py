"""Emails to people who register for workshops: confirmation, a place freed up, reminder."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from consultations.ical import LONDON, event_ics
from engage.emails import email_send


def _absolute(path):
    return settings.SITE_BASE_URL.rstrip("/") + path


def address_lines(address):
    """A postal address typed one part a line, as its non-empty lines."""
    return [line.strip() for line in (address or "").splitlines() if line.strip()]


def in_registrant_language(send):
    """Run an email function in the language the person registered in (English when unknown).

    The emails are sent by background tasks, where no request has chosen a language.
    """

    @functools.wraps(send)
    def wrapper(registration, *args, **kwargs):
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            return send(registration, *args, **kwargs)

    return wrapper


def _send(registration, *, subject, template, include_calendar, extra=None):
    from consultations.selectors import waitlist_position

    event = registration.event.specific
    is_confirmed = registration.status == registration.Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "venue_lines": address_lines(event.venue_address),
        "waitlist_position": waitlist_position(registration=registration),
        "is_confirmed": is_confirmed,
        "starts_at": timezone.localtime(event.starts_at, LONDON),
        "ends_at": timezone.localtime(event.ends_at, LONDON),
        # Only people with a confirmed place get the private joining link.
        "joining_link": event.joining_link if is_confirmed and event.has_online_part else "",
        "event_url": _absolute(event.get_url() or "/"),
        # Empty for a registration made before links were hashed: its link cannot be rebuilt,
        # so the email points to the first one instead.
        "cancel_url": _absolute(reverse("consultations:registration_cancel", args=[token]))
        if (token := registration.cancel_link_token())
        else "",
        **(extra or {}),
    }
    attachments = []
    if include_calendar:
        attachments.append(
            (
                f"{slugify(event.title) or 'event'}.ics",
                event_ics(event, include_joining_link=is_confirmed),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
        )
    return email_send(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        template=template,
        context=context,
        to=[registration.email],
        attachments=attachments,
    )


@in_registrant_language
def send_confirmation(registration):
    """Confirm a place (with the .ics attached) or a waiting-list place, with the cancel link."""
    if registration.status == registration.Status.CONFIRMED:
        subject = _("Your place at %(event)s") % {"event": registration.event.title}
    else:
        subject = _("You are on the waiting list for %(event)s") % {
            "event": registration.event.title
        }
    return _send(
        registration,
        subject=subject,
        template="consultations/email/registration_confirmation",
        include_calendar=registration.status == registration.Status.CONFIRMED,
    )


@in_registrant_language
def send_promotion(registration):
    """Tell someone on the waiting list that a place has become theirs."""
    return _send(
        registration,
        subject=_("A place is now yours at %(event)s") % {"event": registration.event.title},
        template="consultations/email/registration_promoted",
        include_calendar=True,
    )


@in_registrant_language
def send_reminder(registration):
    """Remind someone with a place that the event is tomorrow."""
    return _send(
        registration,
        subject=_("Reminder: %(event)s is tomorrow") % {"event": registration.event.title},
        template="consultations/email/registration_reminder",
        include_calendar=True,
    )


@in_registrant_language
def send_cancellation(registration):
    """Confirm to someone that their registration is cancelled."""
    return _send(
        registration,
        subject=_("Cancelled: your registration for %(event)s")
        % {"event": registration.event.title},
        template="consultations/email/registration_cancelled",
        include_calendar=False,
    )


@in_registrant_language
def send_repeat_notice(registration):
    """Tell the owner of an address that someone tried to register it again (nothing more:
    whoever typed it may not be them, so no status, link or details of theirs go anywhere)."""
    event = registration.event.specific
    return email_send(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + _("Registration for %(event)s") % {"event": event.title},
        template="consultations/email/registration_repeat",
        context={"event": event, "event_url": _absolute(event.get_url() or "/")},
        to=[registration.email],
    )
