"""Admin views for facilitators: an event's registrations, attendance, and the CSV export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import selectors, services
from consultations.admin_forms import WalkInForm
from consultations.models import Registration
from engage import audit
from engage.audit import audit_record
from engage.spreadsheets import spreadsheet_cell

ATTENDANCE_CHOICES = [("", _("Not recorded")), ("yes", _("Came")), ("no", _("Did not come"))]
# A hybrid event records how each person came as well as whether they did.
HYBRID_ATTENDANCE_CHOICES = [
    ("", _("Not recorded")),
    (Registration.AttendedAs.IN_PERSON, _("Came in person")),
    (Registration.AttendedAs.ONLINE, _("Came online")),
    ("no", _("Did not come")),
]


def _visible_event(request, event_id):
    """An event the user may see the registrations of, or 404."""
    return get_object_or_404(selectors.events_for_facilitator(user=request.user), pk=event_id)


@permission_required("consultations.view_registration", raise_exception=True)
def event_list(request):
    """The events this person facilitates (every event for editors), newest first."""
    events = selectors.events_for_facilitator(user=request.user)
    return TemplateResponse(
        request,
        "consultations/admin/event_list.html",
        {"events": events, "now": timezone.now()},
    )


def _attendance_value(raw):
    """(attended, attended_as) for a value of the attendance select."""
    if raw in Registration.AttendedAs.values:
        return True, raw
    return {"yes": True, "no": False}.get(raw), ""


def _attendance_choice(registration):
    """The attendance select's value for a registration as stored."""
    if registration.attended and registration.attended_as:
        return registration.attended_as
    return {True: "yes", False: "no"}.get(registration.attended, "")


@permission_required("consultations.view_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_registrations(request, event_id):
    """Registrations for one event, with access needs; facilitators record attendance here."""
    event = _visible_event(request, event_id)
    registrations = list(selectors.event_registrations(event=event))
    if request.method == "POST":
        if not request.user.has_perm("consultations.change_registration"):
            raise PermissionDenied
        with transaction.atomic():
            for registration in registrations:
                field = f"attended-{registration.pk}"
                if (
                    registration.status != Registration.Status.CONFIRMED
                    or field not in request.POST
                ):
                    continue
                attended, attended_as = _attendance_value(request.POST[field])
                if (attended, attended_as) != (registration.attended, registration.attended_as):
                    services.registration_set_attendance(
                        registration=registration, attended=attended, attended_as=attended_as
                    )
        messages.success(request, _("Attendance saved."))
        return redirect("workshop_registrations:event", event_id=event.pk)
    for registration in registrations:
        registration.attendance_value = _attendance_choice(registration)
    audit_record(
        user=request.user,
        action=audit.VIEW_PERSONAL_DATA,
        obj=event,
        details={"registrations": len(registrations)},
    )
    return TemplateResponse(
        request,
        "consultations/admin/event_registrations.html",
        {
            "event": event,
            "registrations": registrations,
            "attendance_choices": (
                HYBRID_ATTENDANCE_CHOICES
                if event.format == event.Format.HYBRID
                else ATTENDANCE_CHOICES
            ),
            "can_change": request.user.has_perm("consultations.change_registration"),
            "can_add_walk_in": request.user.has_perm("consultations.change_registration")
            and services.walk_in_allowed_at(event=event),
            "confirmed": sum(r.status == Registration.Status.CONFIRMED for r in registrations),
            "waitlisted": sum(r.status == Registration.Status.WAITLISTED for r in registrations),
        },
    )


@permission_required("consultations.change_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_walk_in(request, event_id):
    """Add someone who came to the event without registering."""
    event = _visible_event(request, event_id)
    form = WalkInForm(request.POST if request.method == "POST" else None, event=event)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                registration = services.registration_add_walk_in(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    capacity_type=form.cleaned_data["capacity_type"],
                    attended_as=form.cleaned_data.get("attended_as", ""),
                )
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s added as a walk-in.") % {"name": registration.name},
                )
                return redirect("workshop_registrations:event", event_id=event.pk)
    return TemplateResponse(
        request,
        "consultations/admin/event_walk_in.html",
        {"event": event, "form": form, "allowed": services.walk_in_allowed_at(event=event)},
        status=status,
    )


EXPORT_HEADER = [
    _("Name"),
    _("Email"),
    _("Taking part as"),
    _("Status"),
    _("Waiting list position"),
    _("Access needs"),
    _("Consent to contact"),
    _("Attended"),
    _("Registered at"),
    _("Walk-in"),
]


@permission_required("consultations.view_registration", raise_exception=True)
def event_export(request, event_id):
    """The event's registrations as CSV, with formula-like cells neutralised."""
    event = _visible_event(request, event_id)
    audit_record(
        user=request.user, action=audit.EXPORT_PERSONAL_DATA, obj=event, details={"format": "csv"}
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"registrations-{slugify(event.title) or event.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(label) for label in EXPORT_HEADER])
    position = 0
    for registration in selectors.event_registrations(event=event):
        waiting = ""
        if registration.status == Registration.Status.WAITLISTED:
            position += 1
            waiting = position
        attended = {True: _("Yes"), False: _("No")}.get(registration.attended, "")
        if registration.attended and registration.attended_as:
            attended = _("Yes: %(how)s") % {"how": registration.get_attended_as_display()}
        writer.writerow(
            [
                spreadsheet_cell(cell)
                for cell in [
                    registration.name,
                    registration.email,
                    registration.get_capacity_type_display(),
                    registration.get_status_display(),
                    waiting,
                    "; ".join(registration.access_need_labels),
                    _("Yes") if registration.consent_to_contact else _("No"),
                    attended,
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                    _("Yes") if registration.is_walk_in else _("No"),
                ]
            ]
        )
    return response
