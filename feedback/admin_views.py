"""Officers' views in the Wagtail admin: overview, summary, export, other channels, safeguarding."""

import uuid
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.paginator import WagtailPaginator

from consultations.models import WorkshopEventPage
from engage import access, audit
from engage.audit import audit_record
from feedback import exports, importing, selectors, services
from feedback import questionnaire_translations as questionnaire_translations_module
from feedback.analysis.language import RIGHT_TO_LEFT, language_name
from feedback.forms import (
    AboutYouForm,
    OfflineResponseForm,
    ReceivedForm,
    SectionForm,
    WorkshopNotesForm,
)
from feedback.models import Questionnaire, Response, SafeguardingAlert
from feedback.safeguarding import CATEGORY_LABELS
from home.translation_files import TranslationFileError


def _perm(user, codename):
    return user.is_active and user.has_perm(f"feedback.{codename}")


def _require(user, *codenames):
    if not any(_perm(user, codename) for codename in codenames):
        raise PermissionDenied


def _consultation_for(user, consultation_id):
    """A consultation this user may see the responses of (404 otherwise, no hints)."""
    return get_object_or_404(
        access.consultations_visible_to(user=user).specific(), pk=consultation_id
    )


def _render(request, template, title, context, status=200):
    context = {"page_title": title, "header_icon": "form", **context}
    return render(request, template, context, status=status)


# --- overview and summary -------------------------------------------------------------------


def overview(request):
    """Consultations this user may work on, with response counts and what they can do."""
    user = request.user
    _require(user, "view_response", "enter_workshop_notes", "enter_offline_response")
    can_view = _perm(user, "view_response")
    consultations = (
        access.consultations_visible_to(user=user)
        if can_view
        else access.consultations_visible_to(user=user).none()
    )
    if not can_view and _perm(user, "enter_workshop_notes"):
        consultations = _workshop_consultations(user)
    consultations = consultations.annotate(
        submitted=Count("responses", filter=Q(responses__status="submitted"), distinct=True),
        flagged=Count(
            "responses",
            filter=Q(responses__status="submitted", responses__safeguarding_flagged=True),
            distinct=True,
        ),
        demo=Count(
            "responses",
            filter=Q(responses__status="submitted", responses__is_demo=True),
            distinct=True,
        ),
    ).order_by("-closes_at")
    return _render(
        request,
        "feedback/admin/overview.html",
        _("Consultation responses"),
        {
            "consultations": consultations,
            "can_view": can_view,
            "can_export": _perm(user, "export_responses"),
            "can_enter": _perm(user, "enter_offline_response"),
            "can_notes": _perm(user, "enter_workshop_notes"),
            "can_import": _perm(user, "import_responses"),
        },
    )


def summary(request, consultation_id):
    """Counts and percentages per closed question, breakdowns and equality totals."""
    _require(request.user, "view_response")
    consultation = _consultation_for(request.user, consultation_id)
    summaries = selectors.question_summaries(consultation=consultation)
    for question_summary in summaries:
        question_summary["options"] = selectors.protected_options(question_summary)
    total = selectors.submitted_responses(consultation=consultation).count()
    # The same rule as the committee report: each table counts everyone (total shown above).
    breakdowns = [
        (
            heading,
            selectors.protected_rows(
                selectors.response_counts_by(consultation=consultation, field=field),
                total=total,
            ),
        )
        for heading, field in (
            (_("Channel"), "channel"),
            (_("Responding as"), "capacity"),
            (_("Borough"), "borough__name"),
            (_("Locality"), "locality__name"),
        )
    ]
    return _render(
        request,
        "feedback/admin/summary.html",
        _("Summary: %(title)s") % {"title": consultation.title},
        {
            "consultation": consultation,
            "summaries": summaries,
            "breakdowns": breakdowns,
            "total": total,
            "demo_count": consultation.responses.filter(is_demo=True).count(),
            "equality": selectors.equality_summary(consultation=consultation),
            "suppression_note": selectors.suppression_note(),
            "table_withheld": selectors.table_withheld_note(),
            "can_export": _perm(request.user, "export_responses"),
        },
    )


def export(request, consultation_id, fmt):
    """Download every submitted response as CSV or XLSX."""
    _require(request.user, "export_responses")
    consultation = _consultation_for(request.user, consultation_id)
    if fmt not in ("csv", "xlsx"):
        # The user may export; it is the format that does not exist.
        raise Http404(_("There is no export in that format."))
    name = f"responses-{slugify(consultation.slug)}"
    audit_record(
        user=request.user,
        action=audit.EXPORT_PERSONAL_DATA,
        obj=consultation,
        details={"format": fmt, "what": "responses"},
    )
    if fmt == "csv":
        response = HttpResponse(
            exports.export_csv(consultation=consultation), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        exports.export_xlsx(consultation=consultation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- other channels -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def enter_response(request, consultation_id):
    """Start typing in a response received on paper, by email or by phone: how and when."""
    _require(request.user, "enter_offline_response")
    consultation = _consultation_for(request.user, consultation_id)
    try:
        services.staff_entry_check_opened(consultation)
    except services.ResponseError as error:
        # Nothing to type in yet: say when it can be, and offer no form.
        return _render(
            request,
            "feedback/admin/enter_response.html",
            _("Enter a paper, email or phone response"),
            {"consultation": consultation, "not_open": str(error)},
            status=400 if request.method == "POST" else 200,
        )
    channel_form = OfflineResponseForm(
        request.POST if request.method == "POST" else None, prefix="channel"
    )
    if request.method == "POST" and channel_form.is_valid():
        try:
            response = services.entered_response_start(
                consultation=consultation,
                channel=channel_form.cleaned_data["channel"],
                received_on=channel_form.cleaned_data["received_on"],
                entered_by=request.user,
                submission_key=channel_form.cleaned_data["submission_key"],
            )
        except services.ResponseError as error:
            messages.error(request, str(error))
        else:
            if response.status != Response.Status.DRAFT:
                # The same form sent twice after the response was saved.
                messages.success(
                    request, _("Response %(reference)s saved.") % {"reference": response.reference}
                )
                return redirect("feedback_admin:enter", consultation.pk)
            return redirect(_entry_url(response, 1))
    return _render(
        request,
        "feedback/admin/enter_response.html",
        _("Enter a paper, email or phone response"),
        {
            "consultation": consultation,
            "channel_form": channel_form,
            "has_errors": request.method == "POST",
            "sections": selectors.questionnaire_sections(consultation=consultation),
        },
        status=400 if request.method == "POST" else 200,
    )


def _entry_url(response, number):
    return reverse(
        "feedback_admin:enter_section", args=[response.consultation_id, response.pk, number]
    )


def _correction_saved(request, response):
    messages.success(
        request,
        _("Correction to %(reference)s saved and logged.") % {"reference": response.reference},
    )


def _entered_response(request, consultation_id, response_id):
    """A paper, email or phone response this user may go on typing in, or correct."""
    _require(request.user, "enter_offline_response", "change_response")
    consultation = _consultation_for(request.user, consultation_id)
    response = get_object_or_404(
        Response.objects.filter(
            consultation=consultation,
            channel__in=services.STAFF_ENTRY_CHANNELS,
            status__in=[Response.Status.DRAFT, Response.Status.SUBMITTED],
        ),
        pk=response_id,
    )
    if response.status == Response.Status.DRAFT:
        # A draft is its typist's until saved; nobody else adds to it half way.
        if response.entered_by_id != request.user.pk or not _perm(
            request.user, "enter_offline_response"
        ):
            raise Http404
    elif not _perm(request.user, "change_response"):
        raise PermissionDenied
    return consultation, response


@require_http_methods(["GET", "POST"])
def enter_section(request, consultation_id, response_id, number):
    """One section of a paper, email or phone response a page, as the public journey has it.

    The same pages correct a saved response; each correction is logged.
    """
    consultation, response = _entered_response(request, consultation_id, response_id)
    sections = selectors.questionnaire_sections(consultation=consultation)
    total = len(sections) + 1
    if not 1 <= number <= total:
        raise Http404
    steps, asked_questions = selectors.response_steps(response=response, sections=sections)
    if number not in steps:
        return redirect(_entry_url(response, min(n for n in steps if n > number)))
    data = request.POST if request.method == "POST" else None
    is_about = number == total
    if is_about:
        form = AboutYouForm(data, instance=response)
        # A paper form may not say: staff type what the person gave, and only that.
        form.fields["consent_to_quote"].required = False
        section = None
    else:
        section = sections[number - 1]
        questions = [q for q in section.questions.all() if q.pk in asked_questions]
        form = SectionForm(
            data,
            section=section,
            questions=questions,
            enforce_required=False,
            initial=SectionForm.initial_from_answers(
                questions, {answer.question_id: answer for answer in response.answers.all()}
            ),
        )
    if request.method == "POST" and form.is_valid():
        try:
            response, changed = services.entered_response_save_section(
                response=response,
                user=request.user,
                values=None if is_about else form.answer_values(),
                about_form=form if is_about else None,
                number=number,
            )
        except services.ResponseError as error:
            messages.error(request, str(error))
        else:
            if changed:
                _correction_saved(request, response)
            steps, _questions = selectors.response_steps(response=response, sections=sections)
            if request.POST.get("action") == "back":
                earlier = [n for n in steps if n < number]
                if earlier:
                    return redirect(_entry_url(response, earlier[-1]))
                return redirect(_entry_url(response, number))
            if number == total:
                return redirect("feedback_admin:enter_check", consultation.pk, response.pk)
            return redirect(_entry_url(response, min(n for n in steps if n > number)))
    title = str(_("About the respondent")) if is_about else section.title
    return _render(
        request,
        "feedback/admin/enter_section.html",
        title,
        {
            "consultation": consultation,
            "response": response,
            "form": form,
            "section": section,
            "step": steps.index(number) + 1,
            "steps": len(steps),
            "number": number,
            "is_about": is_about,
            "correcting": response.status == Response.Status.SUBMITTED,
            "has_errors": request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def enter_received(request, consultation_id, response_id):
    """Change how and when a typed-in response was received; on a saved one, a logged correction."""
    consultation, response = _entered_response(request, consultation_id, response_id)
    form = ReceivedForm(
        request.POST if request.method == "POST" else None, instance=response, prefix="channel"
    )
    if request.method == "POST" and form.is_valid():
        try:
            response, changed = services.entered_response_save_section(
                response=response, user=request.user, about_form=form
            )
        except services.ResponseError as error:
            messages.error(request, str(error))
        else:
            if changed:
                _correction_saved(request, response)
            return redirect("feedback_admin:enter_check", consultation.pk, response.pk)
    return _render(
        request,
        "feedback/admin/enter_received.html",
        _("How and when %(reference)s was received") % {"reference": response.reference},
        {
            "consultation": consultation,
            "response": response,
            "form": form,
            "correcting": response.status == Response.Status.SUBMITTED,
            "has_errors": request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def enter_check(request, consultation_id, response_id):
    """Check a typed-in response against the paper, then save it as received."""
    consultation, response = _entered_response(request, consultation_id, response_id)
    sections = selectors.questionnaire_sections(consultation=consultation)
    if request.method == "POST" and response.status == Response.Status.DRAFT:
        try:
            response, _new = services.entered_response_submit(
                response_id=response.pk, user=request.user
            )
        except services.ResponseError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Response %(reference)s saved.") % {"reference": response.reference}
            )
            return redirect("feedback_admin:enter", consultation.pk)
    return _render(
        request,
        "feedback/admin/enter_check.html",
        _("Check the response %(reference)s") % {"reference": response.reference},
        {
            "consultation": consultation,
            "response": response,
            "sections": selectors.response_answers_by_section(response=response, sections=sections),
            "about_number": len(sections) + 1,
            "correcting": response.status == Response.Status.SUBMITTED,
        },
    )


def _workshop_consultations(user):
    from consultations.models import ConsultationPage

    return ConsultationPage.objects.filter(events__facilitators=user).distinct()


def _workshop_scope(request, consultation_id):
    """The consultation and the workshops whose notes this user may type: every workshop of it
    for Consultation editors, the ones they facilitate for anyone else (403 for none)."""
    user = request.user
    _require(user, "enter_workshop_notes")
    from consultations.models import ConsultationPage

    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    events = WorkshopEventPage.objects.filter(consultation=consultation)
    if not access.is_consultation_editor(user):
        events = events.filter(facilitators=user)
        if not events.exists():
            raise PermissionDenied
    return consultation, events.order_by("starts_at")


def _chosen_pk(raw):
    """A query-string id kept from the last save, or None when it is not a plain id."""
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


@require_http_methods(["GET", "POST"])
def workshop_notes(request, consultation_id):
    """A facilitator types the notes from one table or topic; stored as a workshop response.

    After a save the form comes back with the same workshop and question chosen, ready for the
    next table; below it are the notes this person typed, to correct or delete.
    """
    user = request.user
    consultation, events = _workshop_scope(request, consultation_id)
    initial = {
        "event": _chosen_pk(request.GET.get("event")),
        "question": _chosen_pk(request.GET.get("question")),
    }
    form = WorkshopNotesForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        events=events,
        initial={name: value for name, value in initial.items() if value is not None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = services.workshop_notes_create(
                consultation=consultation,
                event=form.cleaned_data["event"],
                question=form.cleaned_data["question"],
                table_or_topic=form.cleaned_data["table_or_topic"],
                notes=form.cleaned_data["notes"],
                entered_by=user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.ResponseError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Notes for %(table)s saved as %(reference)s.")
                % {"table": response.table_or_topic, "reference": response.reference},
            )
            kept = urlencode(
                {
                    "event": form.cleaned_data["event"].pk,
                    "question": form.cleaned_data["question"].pk,
                }
            )
            url = reverse("feedback_admin:workshop_notes", args=[consultation.pk])
            return redirect(f"{url}?{kept}")
    return _render(
        request,
        "feedback/admin/workshop_notes.html",
        _("Workshop table notes"),
        {
            "consultation": consultation,
            "form": form,
            "notes": _notes_rows(user, consultation),
            "can_view": _perm(user, "view_response"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _notes_rows(user, consultation):
    """The notes this user may correct, each with its one answer (no query per row)."""
    rows = []
    for response in selectors.workshop_notes_for(user=user, consultation=consultation):
        answers = list(response.answers.all())
        rows.append({"response": response, "answer": answers[0] if answers else None})
    return rows


def _notes_to_change(request, consultation_id, response_id):
    consultation, events = _workshop_scope(request, consultation_id)
    response = get_object_or_404(
        selectors.workshop_notes_for(user=request.user, consultation=consultation),
        pk=response_id,
    )
    return consultation, events, response


@require_http_methods(["GET", "POST"])
def workshop_notes_edit(request, consultation_id, response_id):
    """Correct one table's notes: the person who typed them, or a Consultation editor."""
    consultation, events, response = _notes_to_change(request, consultation_id, response_id)
    answer = response.answers.first()
    form = WorkshopNotesForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        events=events,
        initial={
            "event": response.event_id,
            "table_or_topic": response.table_or_topic,
            "question": answer.question_id if answer else None,
            "notes": answer.text if answer else "",
            "submission_key": response.submission_key,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.workshop_notes_update(
            response=response,
            event=form.cleaned_data["event"],
            question=form.cleaned_data["question"],
            table_or_topic=form.cleaned_data["table_or_topic"],
            notes=form.cleaned_data["notes"],
            user=request.user,
        )
        messages.success(
            request, _("Notes %(reference)s corrected.") % {"reference": response.reference}
        )
        return redirect("feedback_admin:workshop_notes", consultation.pk)
    return _render(
        request,
        "feedback/admin/workshop_notes_edit.html",
        _("Correct notes %(reference)s") % {"reference": response.reference},
        {"consultation": consultation, "form": form, "response": response},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def workshop_notes_delete(request, consultation_id, response_id):
    """Confirm, then delete one table's notes typed in error."""
    consultation, _events, response = _notes_to_change(request, consultation_id, response_id)
    if request.method == "POST":
        try:
            services.workshop_notes_delete(response=response, user=request.user)
        except services.ResponseError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Notes %(reference)s deleted.") % {"reference": response.reference}
            )
        return redirect("feedback_admin:workshop_notes", consultation.pk)
    return _render(
        request,
        "feedback/admin/workshop_notes_delete.html",
        _("Delete notes %(reference)s") % {"reference": response.reference},
        {"consultation": consultation, "response": response, "answer": response.answers.first()},
    )


class MappingForm(forms.Form):
    """Which question or field each column of an uploaded file goes to."""

    token = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, header, choices, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        for index, column in enumerate(header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column or _("(column %(n)s has no name)") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=initial_mapping.get(column, ""),
            )

    def mapping(self):
        """{column name: target}."""
        return {
            column: self.cleaned_data.get(f"col_{i}", "") for i, column in enumerate(self.header)
        }


def _import_path(token):
    from feedback.tasks import IMPORT_UPLOADS

    return f"{IMPORT_UPLOADS}/{token}"


@require_http_methods(["GET", "POST"])
def import_responses(request, consultation_id):
    """Upload a file, map its columns, validate every row, then import all or nothing."""
    from feedback.forms import ImportForm

    _require(request.user, "import_responses")
    consultation = _consultation_for(request.user, consultation_id)
    context = {"consultation": consultation}
    choices = importing.target_choices(consultation)
    if request.method == "POST" and "token" in request.POST:
        token = request.POST.get("token", "")
        filename = request.POST.get("filename", "upload.csv")
        try:
            uuid.UUID(token)
            with default_storage.open(_import_path(token), "rb") as handle:
                header, rows = importing.read_table(handle.read(), filename)
        except (ValueError, OSError, importing.ImportFileError):
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect("feedback_admin:import", consultation.pk)
        mapping_form = MappingForm(request.POST, header=header, choices=choices, initial_mapping={})
        if mapping_form.is_valid():
            try:
                result = importing.import_responses(
                    consultation=consultation,
                    header=header,
                    rows=rows,
                    mapping=mapping_form.mapping(),
                    entered_by=request.user,
                )
            except importing.ImportFileError as error:
                messages.error(request, str(error))
                result = None
            if result and result.ok:
                default_storage.delete(_import_path(token))
                messages.success(
                    request,
                    _("Imported %(n)s responses.") % {"n": len(result.created)},
                )
                return redirect("feedback_admin:index")
            context["result"] = result
        context.update({"mapping_form": mapping_form, "rows": len(rows)})
        return _render(
            request, "feedback/admin/import_map.html", _("Import responses"), context, status=400
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            header, rows = importing.read_table(content, upload.name)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = str(uuid.uuid4())
            default_storage.save(_import_path(token), ContentFile(content))
            mapping_form = MappingForm(
                header=header,
                choices=choices,
                initial_mapping=importing.guess_mapping(header, consultation),
                initial={"token": token, "filename": upload.name},
            )
            context.update({"mapping_form": mapping_form, "rows": len(rows)})
            return _render(
                request, "feedback/admin/import_map.html", _("Import responses"), context
            )
    context["form"] = form
    return _render(request, "feedback/admin/import_upload.html", _("Import responses"), context)


# --- safeguarding ---------------------------------------------------------------------------

ALERTS_PER_PAGE = 50


def safeguarding_queue(request):
    """Alerts waiting for review first, then those already actioned."""
    _require(request.user, "view_safeguardingalert")
    paginator = WagtailPaginator(selectors.safeguarding_alerts_for_review(), ALERTS_PER_PAGE)
    alerts = paginator.get_page(request.GET.get("p"))
    return _render(
        request,
        "feedback/admin/safeguarding_queue.html",
        _("Safeguarding alerts"),
        {
            "alerts": alerts,
            "elided_page_range": paginator.get_elided_page_range(alerts.number),
            "labels": CATEGORY_LABELS,
        },
    )


class ActionForm(forms.Form):
    """What the safeguarding lead did."""

    action_taken = forms.CharField(
        label=_("Action taken"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("For example: referred to the crisis team; contacted the respondent."),
    )
    # When the alert was last actioned as this lead saw it, so a save never overwrites an
    # action another lead recorded in the meantime.
    seen_actioned_at = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def seen(alert):
        """The hidden value for an alert as it is now (exact to the microsecond)."""
        return alert.actioned_at.isoformat() if alert.actioned_at else ""

    def clean_seen_actioned_at(self):
        value = self.cleaned_data["seen_actioned_at"]
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(_("Open the alert again and save.")) from None


@require_http_methods(["GET", "POST"])
def safeguarding_review(request, pk):
    """Read the flagged response and record the action taken."""
    _require(request.user, "view_safeguardingalert")
    alert = get_object_or_404(
        SafeguardingAlert.objects.select_related("response__consultation"), pk=pk
    )
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial={"action_taken": alert.action_taken, "seen_actioned_at": ActionForm.seen(alert)},
    )
    status = 200
    if request.method == "POST":
        _require(request.user, "change_safeguardingalert")
        status = 400
        if form.is_valid():
            try:
                services.safeguarding_alert_action(
                    alert=alert,
                    action_taken=form.cleaned_data["action_taken"],
                    user=request.user,
                    seen_actioned_at=form.cleaned_data["seen_actioned_at"],
                )
            except services.AlertChangedError as error:
                messages.error(request, str(error))
                alert.refresh_from_db()
                # Keep what this lead typed; the page now shows the other lead's action.
                form = ActionForm(
                    initial={
                        "action_taken": form.cleaned_data["action_taken"],
                        "seen_actioned_at": ActionForm.seen(alert),
                    }
                )
                status = 409
            else:
                messages.success(request, _("Action recorded."))
                return redirect("feedback_admin:safeguarding")
    response = alert.response
    audit_record(user=request.user, action=audit.VIEW_PERSONAL_DATA, obj=response)
    return _render(
        request,
        "feedback/admin/safeguarding_review.html",
        _("Safeguarding alert %(reference)s") % {"reference": response.reference},
        {
            "alert": alert,
            "response": response,
            "answers": selectors.response_answers_in_order(response=response),
            "categories": [CATEGORY_LABELS.get(c, c) for c in alert.categories],
            "form": form,
        },
        status=status,
    )


# --- the "needs translation" queue -------------------------------------------------------------

TRANSLATIONS_PER_PAGE = 50


class TranslationForm(forms.Form):
    """An officer's English rendering of an answer written in another language."""

    text_in_english = forms.CharField(
        label=_("In English"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("Say what the respondent said, in plain English. The original is kept."),
    )


def translation_queue(request):
    """Answers in another language waiting for an English rendering (or all, translated too)."""
    _require(request.user, "translate_answer")
    show_all = request.GET.get("show") == "all"
    answers = selectors.translation_queue(user=request.user, include_translated=show_all)
    paginator = WagtailPaginator(answers, TRANSLATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return _render(
        request,
        "feedback/admin/translation_queue.html",
        _("Needs translation"),
        {
            "answers": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "show_all": show_all,
            "waiting": selectors.translation_queue(user=request.user).count(),
        },
    )


def translation_edit(request, pk):
    """Read one answer in its own language and type (or correct) its English rendering."""
    _require(request.user, "translate_answer")
    # The queue is the access policy's list for this user: another consultation's answer, a
    # draft or an English answer is "not found" here.
    answer = get_object_or_404(
        selectors.translation_queue(user=request.user, include_translated=True), pk=pk
    )
    form = TranslationForm(
        request.POST if request.method == "POST" else None,
        initial={"text_in_english": answer.text_in_english},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            services.answer_translate(
                answer=answer,
                text_in_english=form.cleaned_data["text_in_english"],
                user=request.user,
            )
            messages.success(
                request,
                _("Translation of %(reference)s saved: the next analysis run themes it.")
                % {"reference": answer.response.reference},
            )
            return redirect("feedback_translations:index")
    audit_record(user=request.user, action=audit.VIEW_PERSONAL_DATA, obj=answer.response)
    return _render(
        request,
        "feedback/admin/translation_edit.html",
        _("Translate answer %(reference)s") % {"reference": answer.response.reference},
        {
            "answer": answer,
            "form": form,
            "language": language_name(answer.language),
            "direction": "rtl" if answer.language in RIGHT_TO_LEFT else "auto",
        },
        status=status,
    )


# --- questionnaire translations -------------------------------------------------------------


def _questionnaire_for_translation(user, questionnaire_id):
    _require(user, "change_questionnaire")
    return get_object_or_404(
        Questionnaire.objects.select_related("consultation"), pk=questionnaire_id
    )


@require_http_methods(["GET", "POST"])
def questionnaire_translations(request, questionnaire_id):
    """How much of a questionnaire is translated into each language; PO download and upload."""
    from feedback.forms import QuestionnaireTranslationUploadForm

    questionnaire = _questionnaire_for_translation(request.user, questionnaire_id)
    languages = questionnaire_translations_module.other_languages()
    posted = request.method == "POST"
    form = QuestionnaireTranslationUploadForm(
        request.POST if posted else None, request.FILES if posted else None, languages=languages
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            language = form.cleaned_data["language"]
            try:
                result = questionnaire_translations_module.po_file_import(
                    questionnaire=questionnaire,
                    language=language,
                    content=form.cleaned_data["file"].read(),
                )
            except TranslationFileError as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _("Imported %(done)s of %(total)s strings in %(language)s.")
                    % {
                        "done": result.translated,
                        "total": result.total,
                        "language": languages[language],
                    },
                )
                return redirect("questionnaires:translations", questionnaire.pk)
    return _render(
        request,
        "feedback/admin/questionnaire_translations.html",
        _("Translations: %(questionnaire)s") % {"questionnaire": questionnaire},
        {
            "questionnaire": questionnaire,
            "progress": questionnaire_translations_module.translation_progress(
                questionnaire=questionnaire
            ),
            "form": form,
        },
        status=status,
    )


def questionnaire_translation_download(request, questionnaire_id, language):
    """The PO file of a questionnaire for one language, with the translations so far."""
    questionnaire = _questionnaire_for_translation(request.user, questionnaire_id)
    if language not in questionnaire_translations_module.other_languages():
        raise Http404
    content = questionnaire_translations_module.po_file_build(
        questionnaire=questionnaire, language=language
    )
    response = HttpResponse(content, content_type="text/x-gettext-translation; charset=utf-8")
    name = f"questionnaire-{questionnaire.pk}-{language}.po"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
