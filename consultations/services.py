"""Writes for workshop registration: register, cancel, move people up the waiting list, remind."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from consultations.models import Registration, RegistrationState, WorkshopEventPage


class RegistrationError(Exception):
    """A registration or cancellation that cannot happen; the message is shown to the person."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class RegistrationResult:
    """The registration a request ended with, and whether it was new."""

    registration: Registration
    created: bool


def _lock_event(event_id):
    """Lock the event row until the transaction ends, so places are counted one writer at a time.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE); SQLite has no row locks but the project
    opens IMMEDIATE transactions there, which already serialise writers.
    """
    return (
        WorkshopEventPage.objects.select_for_update(of=("self",))
        .only(
            "pk",
            "capacity",
            "format",
            "starts_at",
            "ends_at",
            "is_cancelled",
            "live",
            "registration_opens_at",
            "registration_closes_at",
        )
        .get(pk=event_id)
    )


def _confirmed_count(event):
    return Registration.objects.filter(Registration.takes_a_place_q(), event=event).count()


STATE_MESSAGES = {
    RegistrationState.NOT_YET_OPEN: _("Registration for this event has not opened yet."),
    RegistrationState.CLOSED: _("Registration for this event has closed."),
    RegistrationState.PAST: _("This event has already taken place, so you cannot register."),
    RegistrationState.CANCELLED: _("This event has been cancelled, so you cannot register."),
}


def registration_create(
    *,
    event,
    name,
    email,
    capacity_type,
    access_needs=(),
    access_other="",
    consent_to_contact=False,
    attendance="",
    user=None,
    language=None,
    now=None,
):
    """Give a person a place (or a waiting-list place) at an event, at most once per email.

    Raises RegistrationError when the event does not take registrations. Registering again with
    the same email returns the existing registration unchanged and tells the address's owner
    (not whoever typed it) that someone tried. At a hybrid event ``attendance`` says whether
    the person comes in person or online; online places are not limited. ``language`` (by
    default the active one) is the language their emails are written in.
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        locked = _lock_event(event.pk)
        if not locked.live:
            raise RegistrationError(_("This event is not published."), code="not_live")
        state = locked.registration_state_at(now)
        if state != RegistrationState.OPEN:
            raise RegistrationError(STATE_MESSAGES[state], code=state.value)
        existing = (
            Registration.objects.filter(event=locked, email__iexact=email)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            result = RegistrationResult(registration=existing, created=False)
        else:
            if locked.format != WorkshopEventPage.Format.HYBRID:
                attendance = ""
            online = attendance == Registration.Attendance.ONLINE
            status = (
                Registration.Status.CONFIRMED
                if online or _confirmed_count(locked) < locked.capacity
                else Registration.Status.WAITLISTED
            )
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        event=locked,
                        user=user if user is not None and user.is_authenticated else None,
                        name=name.strip(),
                        email=email,
                        capacity_type=capacity_type,
                        access_needs=sorted(set(access_needs)),
                        access_other=access_other.strip(),
                        consent_to_contact=consent_to_contact,
                        attendance=attendance,
                        status=status,
                        language=language or translation.get_language() or "",
                    )
            except IntegrityError:
                # The unique constraint caught a duplicate the lock did not (no row locks).
                existing = (
                    Registration.objects.filter(event=locked, email__iexact=email)
                    .exclude(status=Registration.Status.CANCELLED)
                    .get()
                )
                result = RegistrationResult(registration=existing, created=False)
            else:
                result = RegistrationResult(registration=registration, created=True)
        registration_id = result.registration.pk
        if result.created:
            transaction.on_commit(lambda: _enqueue_confirmation(registration_id))
        else:
            transaction.on_commit(lambda: _enqueue_repeat_notice(registration_id))
    return result


def _enqueue_confirmation(registration_id):
    from consultations.tasks import send_registration_confirmation

    send_registration_confirmation.enqueue(registration_id=registration_id)


def _enqueue_repeat_notice(registration_id):
    from consultations.tasks import send_repeat_registration_notice

    send_repeat_registration_notice.enqueue(registration_id=registration_id)


def _enqueue_cancellation(registration_id):
    from consultations.tasks import send_cancellation_confirmation

    send_cancellation_confirmation.enqueue(registration_id=registration_id)


def _enqueue_promotion(registration_id):
    from consultations.tasks import send_waitlist_promotion

    send_waitlist_promotion.enqueue(registration_id=registration_id)


def registration_for_token(*, token):
    """The registration a private cancel link points to; RegistrationError when tampered."""
    registration = (
        Registration.by_cancel_token(token).select_related("event").first() if token else None
    )
    if registration is None:
        raise RegistrationError(
            _(
                "This cancellation link is not valid. Check you copied the whole link from your "
                "confirmation email."
            ),
            code="invalid_token",
        )
    return registration


def registration_cancel(*, token, now=None):
    """Cancel the registration behind a private link and give its place to the next person.

    Returns the cancelled registration, and emails the person to confirm it. Cancelling twice
    changes (and sends) nothing more.
    """
    now = now or timezone.now()
    registration = registration_for_token(token=token)
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if event.starts_at <= now:
            raise RegistrationError(
                _("This event has already started, so the registration cannot be cancelled."),
                code="past",
            )
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        transaction.on_commit(lambda pk=registration.pk: _enqueue_cancellation(pk))
        if was_confirmed:
            waitlist_promote(event=event, now=now)
    return registration


def registrations_forget(*, user, emails=(), now=None):
    """Remove a person's details from their workshop registrations (when their account goes).

    Registrations are theirs when linked to the account or made with one of ``emails`` (pass
    verified addresses only). Places at events still to come are cancelled first, so the next
    person on the waiting list moves up; then every registration keeps its event, status,
    attendance and access-need ticks (so counts stay right) but loses the name, email, free-text
    access needs, account link and cancel link, exactly as the retention task clears them.
    Returns how many registrations were changed.
    """
    from engage.retention import anonymise

    now = now or timezone.now()
    mine = Q(user=user) if user is not None and user.pk else Q(pk__in=[])
    for email in {address.strip().lower() for address in emails if address.strip()}:
        mine |= Q(email__iexact=email)
    with transaction.atomic():
        upcoming = (
            Registration.objects.filter(mine, event__starts_at__gt=now)
            .exclude(status=Registration.Status.CANCELLED)
            .values_list("pk", "event_id", "status")
        )
        for pk, event_id, status in list(upcoming):
            _lock_event(event_id)
            Registration.objects.filter(pk=pk).update(
                status=Registration.Status.CANCELLED, cancelled_at=now
            )
            if status == Registration.Status.CONFIRMED:
                waitlist_promote(event=WorkshopEventPage(pk=event_id), now=now)
        return anonymise(Registration.objects.filter(mine))


def waitlist_promote(*, event, now=None):
    """Move people from the waiting list, in the order they joined, into free places.

    Emails each person moved up; returns them. Call inside or outside a transaction.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(event.pk)
        if locked.is_cancelled or locked.starts_at <= now:
            return []
        free = locked.capacity - _confirmed_count(locked)
        if free <= 0:
            return []
        promoted = list(
            Registration.objects.filter(event=locked, status=Registration.Status.WAITLISTED)
            .order_by("created_at", "pk")
            .select_for_update()[:free]
        )
        for registration in promoted:
            registration.status = Registration.Status.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            transaction.on_commit(lambda pk=registration.pk: _enqueue_promotion(pk))
    return promoted


def registration_set_attendance(*, registration, attended, attended_as=""):
    """Record whether a person came (True), did not come (False), or is not known yet (None),
    and, at a hybrid event, whether they came in person or online (`attended_as`)."""
    registration.attended = attended
    registration.attended_as = attended_as if attended else ""
    registration.save(update_fields=["attended", "attended_as"])
    return registration


def walk_in_allowed_at(*, event, now=None):
    """Walk-ins are added from the day of the event: before it, people register themselves."""
    now = now or timezone.now()
    return not event.is_cancelled and timezone.localdate(now) >= timezone.localdate(event.starts_at)


def registration_add_walk_in(*, event, name, capacity_type, email="", attended_as="", now=None):
    """Add someone who came without registering: confirmed, marked as having come, and sent no
    email (they are in the room). Raises RegistrationError before the day of the event, or when
    the email address already has a place (mark that registration's attendance instead).
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        locked = _lock_event(event.pk)
        if not walk_in_allowed_at(event=locked, now=now):
            raise RegistrationError(
                _("Walk-ins can be added from the day of the event."), code="too_early"
            )
        if (
            email
            and Registration.objects.filter(event=locked, email__iexact=email)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        ):
            raise RegistrationError(
                _("This email address is already registered: record their attendance instead."),
                code="already_registered",
            )
        return Registration.objects.create(
            event=locked,
            name=name.strip(),
            email=email,
            capacity_type=capacity_type,
            status=Registration.Status.CONFIRMED,
            attended=True,
            attended_as=attended_as,
            is_walk_in=True,
            # The event is today or over: no reminder is due.
            reminder_sent_at=now,
        )


# Reminders go out from this hour (London time) on the day before, not in the small hours.
REMINDER_FROM_HOUR = 9


def reminders_due(*, now=None):
    """Confirmed registrations for events starting tomorrow (London date) without a reminder,
    once it is past REMINDER_FROM_HOUR today."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    if local_now.hour < REMINDER_FROM_HOUR:
        return Registration.objects.none()
    tomorrow = local_now.date() + timedelta(days=1)
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__is_cancelled=False,
        event__live=True,
        event__starts_at__date=tomorrow,
    ).select_related("event")


def reminders_send(*, now=None):
    """Email a reminder to everyone with a place at tomorrow's events; each person once.

    The reminder is claimed with a conditional update first, so two workers never both send it.
    """
    from consultations import emails

    now = now or timezone.now()
    sent = 0
    for registration in reminders_due(now=now):
        claimed = Registration.objects.filter(
            pk=registration.pk, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if claimed:
            emails.send_reminder(registration)
            sent += 1
    return sent
