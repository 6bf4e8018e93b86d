"""The public respond journey: start, one section per page, check, submit, equality, withdraw."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from consultations.models import ConsultationPage
from engage.ids import parse_id
from feedback import emails, questionnaire_translations, ratelimit, selectors, services
from feedback.analysis.suppression import THRESHOLD as SUPPRESSION_THRESHOLD
from feedback.forms import (
    AboutYouForm,
    EqualityForm,
    ReceiptForm,
    SaveForLaterForm,
    SectionForm,
    StartForm,
    WithdrawForm,
)
from feedback.models import Response
from home import languages

DRAFTS = "feedback_drafts"
DONE = "feedback_done"
EQUALITY = "feedback_equality"


# --- helpers --------------------------------------------------------------------------------


def _data(request):
    """POST data when posting (even if empty, so required fields are checked), else None."""
    return request.POST if request.method == "POST" else None


def _consultation(identifier):
    # The page in the site's own language holds the questionnaire and the responses; its
    # translations share them (home.languages), so the journey always starts from it.
    pages = languages.in_default_language(ConsultationPage.objects.live().public())
    number = parse_id(identifier)
    lookup = {"pk": number} if number is not None else {"slug": identifier[:255]}
    page = pages.filter(**lookup).first()
    if page is None:
        raise Http404
    return page


def _session_map(request, name):
    return dict(request.session.get(name) or {})


def _session_set(request, name, consultation, value):
    data = _session_map(request, name)
    if value is None:
        data.pop(str(consultation.pk), None)
    else:
        data[str(consultation.pk)] = value
    request.session[name] = data


def _draft(request, consultation):
    response_id = _session_map(request, DRAFTS).get(str(consultation.pk))
    if not response_id:
        return None
    return Response.objects.filter(
        pk=response_id, consultation=consultation, status=Response.Status.DRAFT
    ).first()


def _closed(request, consultation):
    """A clear page instead of a form when responses are not accepted."""
    return render(
        request,
        "feedback/respond_closed.html",
        {"consultation": consultation, "status": consultation.status},
    )


def _wording(consultation):
    """The questionnaire's words in the language being read (English where untranslated)."""
    return questionnaire_translations.wording_for(
        questionnaire=getattr(consultation, "questionnaire", None),
        language=languages.active_language(),
    )


def _journey(consultation, wording=None):
    """The sections in order, with their words in the reader's language when `wording` is
    given, and the number of steps."""
    sections = selectors.questionnaire_sections(consultation=consultation)
    if wording is not None:
        wording.apply(sections)
    return sections, len(sections) + 1  # the "about you" section is always last


def _section_url(consultation, number):
    return reverse("feedback:respond_section", args=[consultation.slug, number])


def _continue_url(consultation, draft):
    """Where to carry on with a draft: the furthest section saved, as the resume link does."""
    _sections, total = _journey(consultation)
    return _section_url(consultation, min(max(draft.last_section, 1), total))


def _withdraw_url(response):
    token = response.withdraw_link_token()
    return reverse("feedback:withdraw", args=[token]) if token else ""


def _with_shown_answers(groups, wording):
    """Check-your-answers rows as (question, answer, the answer in the reader's language)."""
    for group in groups:
        group["rows"] = [
            (question, answer, wording.answer(question, answer) if answer else None)
            for question, answer in group["rows"]
        ]
    return groups


def _no_draft(request, consultation):
    messages.info(request, _("Start your response here."))
    return redirect("feedback:respond", consultation.slug)


# --- views ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def respond_start(request, consultation):
    """What the questionnaire is about, and a button to start (or carry on)."""
    consultation = _consultation(consultation)
    if not consultation.is_open:
        return _closed(request, consultation)
    questionnaire = getattr(consultation, "questionnaire", None)
    if questionnaire is None:
        return render(request, "feedback/respond_unavailable.html", {"consultation": consultation})
    wording = _wording(consultation)
    sections, total = _journey(consultation)
    draft = _draft(request, consultation)
    form = StartForm(_data(request))
    if request.method == "POST":
        if form.is_spam():
            return render(request, "feedback/respond_spam.html", {"consultation": consultation})
        if form.is_valid():
            if not ratelimit.allow(request, "start"):
                return render(
                    request,
                    "feedback/respond_rate_limited.html",
                    {"consultation": consultation},
                    status=429,
                )
            try:
                draft, _created = services.response_start(
                    consultation=consultation,
                    submission_key=form.cleaned_data["start_key"],
                    user=request.user,
                    language=languages.active_language(),
                )
            except services.ResponseError as error:
                messages.error(request, str(error))
                return redirect("feedback:respond", consultation.slug)
            if draft.status != Response.Status.DRAFT:
                return redirect("feedback:respond_done", consultation.slug)
            _session_set(request, DRAFTS, consultation, draft.pk)
            return redirect(_section_url(consultation, 1))
    return render(
        request,
        "feedback/respond_start.html",
        {
            "consultation": consultation,
            "questionnaire": questionnaire,
            "intro": wording.shown(questionnaire_translations.intro_context(), questionnaire.intro),
            "sections": sections,
            "total": total,
            "draft": draft,
            "continue_url": _continue_url(consultation, draft) if draft else None,
            "form": form,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond_section(request, consultation, number):
    """One section of questions ("Section 2 of 4"), with back, next and save for later."""
    consultation = _consultation(consultation)
    if not consultation.is_open:
        return _closed(request, consultation)
    sections, total = _journey(consultation, _wording(consultation))
    if not 1 <= number <= total:
        raise Http404  # there is no such section, with or without a draft
    draft = _draft(request, consultation)
    if draft is None:
        return _no_draft(request, consultation)
    asked_numbers, asked_questions = selectors.response_steps(response=draft, sections=sections)
    if number not in asked_numbers:
        # Skipped by an earlier answer: carry on with the next section that is asked.
        return redirect(_section_url(consultation, min(n for n in asked_numbers if n > number)))
    action = request.POST.get("action", "next")
    lenient = action in ("back", "save")
    is_about_you = number == total
    if is_about_you:
        form = AboutYouForm(_data(request), instance=draft, enforce_required=not lenient)
        section = None
    else:
        section = sections[number - 1]
        questions = [q for q in section.questions.all() if q.pk in asked_questions]
        initial = SectionForm.initial_from_answers(
            questions, {answer.question_id: answer for answer in draft.answers.all()}
        )
        form = SectionForm(
            _data(request),
            section=section,
            questions=questions,
            initial=initial,
            enforce_required=not lenient,
        )
    if request.method == "POST" and form.is_valid():
        if is_about_you:
            services.response_save_about_you(form=form, section_index=number)
        else:
            services.response_save_section(
                response=draft, values=form.answer_values(), section_index=number
            )
        # The answers just saved may change which sections come next.
        asked_numbers, _questions = selectors.response_steps(response=draft, sections=sections)
        if action == "back":
            earlier = [n for n in asked_numbers if n < number]
            if not earlier:
                return redirect("feedback:respond", consultation.slug)
            return redirect(_section_url(consultation, earlier[-1]))
        if action == "save":
            return redirect("feedback:respond_save", consultation.slug)
        if number == total:
            return redirect("feedback:respond_check", consultation.slug)
        return redirect(_section_url(consultation, min(n for n in asked_numbers if n > number)))
    template = (
        "feedback/respond_about_you.html" if is_about_you else "feedback/respond_section.html"
    )
    return render(
        request,
        template,
        {
            "consultation": consultation,
            "section": section,
            "form": form,
            "number": number,
            # "Section 2 of 4" counts the sections this person is asked.
            "step": asked_numbers.index(number) + 1,
            "steps": len(asked_numbers),
            "total": total,
            "question_fields": None if is_about_you else list(form.question_fields()),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond_check(request, consultation):
    """Check your answers, then send them; a second POST finds the response already sent."""
    consultation = _consultation(consultation)
    draft_id = _session_map(request, DRAFTS).get(str(consultation.pk))
    sent = Response.objects.filter(
        pk=draft_id, consultation=consultation, status=Response.Status.SUBMITTED
    ).first()
    if sent is not None or (
        _session_map(request, DONE).get(str(consultation.pk)) and not _draft(request, consultation)
    ):
        # A second click, resubmitted POST or the back button after sending: whichever request
        # finishes last, the person sees the receipt page, never the form again.
        if sent is not None:
            _session_set(request, DRAFTS, consultation, None)
            _session_set(request, DONE, consultation, sent.pk)
        return redirect("feedback:respond_done", consultation.slug)
    if not consultation.is_open:
        return _closed(request, consultation)
    draft = _draft(request, consultation)
    if draft is None:
        return _no_draft(request, consultation)
    wording = _wording(consultation)
    sections, total = _journey(consultation, wording)
    form = ReceiptForm(
        _data(request),
        initial={"receipt_email": "" if draft.is_anonymous else draft.respondent_email},
    )
    missing = services.missing_answers(response=draft, sections=sections)
    if request.method == "POST" and form.is_valid():
        if missing:
            messages.error(request, _("Please answer the questions marked as required."))
        else:
            try:
                response, _new = services.response_submit(
                    response_id=draft.pk, receipt_email=form.cleaned_data["receipt_email"]
                )
            except services.ResponseError as error:
                messages.error(request, str(error))
                return redirect("feedback:respond_check", consultation.slug)
            _session_set(request, DRAFTS, consultation, None)
            _session_set(request, DONE, consultation, response.pk)
            return redirect("feedback:respond_done", consultation.slug)
    return render(
        request,
        "feedback/respond_check.html",
        {
            "consultation": consultation,
            "response": draft,
            "asked_sections": _with_shown_answers(
                selectors.response_answers_by_section(response=draft, sections=sections), wording
            ),
            "missing": [
                (item, _section_url(consultation, item.section_number) + f"#{item.anchor}")
                for item in missing
            ],
            "total": total,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def respond_done(request, consultation):
    """The reference number, where to get help if needed, and the optional equality questions."""
    consultation = _consultation(consultation)
    response_id = _session_map(request, DONE).get(str(consultation.pk))
    response = Response.objects.filter(pk=response_id, consultation=consultation).first()
    if response is None:
        return redirect("feedback:respond", consultation.slug)
    questionnaire = getattr(consultation, "questionnaire", None)
    offer_equality = bool(
        questionnaire
        and questionnaire.equality_monitoring
        and str(consultation.pk) not in _session_map(request, EQUALITY)
    )
    return render(
        request,
        "feedback/respond_done.html",
        {
            "consultation": consultation,
            "response": response,
            "offer_equality": offer_equality,
            "withdraw_url": _withdraw_url(response),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond_equality(request, consultation):
    """Optional equality questions, stored apart from the response in their own request."""
    consultation = _consultation(consultation)
    questionnaire = getattr(consultation, "questionnaire", None)
    if not (questionnaire and questionnaire.equality_monitoring):
        raise Http404
    done = str(consultation.pk) in _session_map(request, EQUALITY)
    if done:
        return render(request, "feedback/equality_done.html", {"consultation": consultation})
    if not _session_map(request, DONE).get(str(consultation.pk)):
        return redirect("feedback:respond", consultation.slug)
    form = EqualityForm(_data(request))
    if request.method == "POST" and form.is_valid():
        services.equality_monitoring_submit(
            consultation=consultation,
            submission_key=form.cleaned_data["submission_key"],
            data=form.cleaned_data,
        )
        # Forget which response this browser sent, so nothing ties the two together.
        _session_set(request, DONE, consultation, None)
        _session_set(request, EQUALITY, consultation, True)
        return render(request, "feedback/equality_done.html", {"consultation": consultation})
    return render(
        request,
        "feedback/equality_form.html",
        {"consultation": consultation, "form": form, "small_count": SUPPRESSION_THRESHOLD},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond_save(request, consultation):
    """Email a private link that resumes the draft until the consultation closes."""
    consultation = _consultation(consultation)
    if not consultation.is_open:
        return _closed(request, consultation)
    draft = _draft(request, consultation)
    if draft is None:
        return _no_draft(request, consultation)
    form = SaveForLaterForm(
        _data(request),
        initial={"email": "" if draft.is_anonymous else draft.respondent_email},
    )
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "save_link"):
            return render(
                request,
                "feedback/respond_rate_limited.html",
                {"consultation": consultation},
                status=429,
            )
        emails.resume_link_send(
            response=draft,
            email=form.cleaned_data["email"],
            token=services.response_resume_token(response=draft),
        )
        return render(
            request,
            "feedback/respond_saved.html",
            {
                "consultation": consultation,
                "email": form.cleaned_data["email"],
                "continue_url": _continue_url(consultation, draft),
            },
        )
    return render(
        request,
        "feedback/respond_save.html",
        {
            "consultation": consultation,
            "form": form,
            "response": draft,
            "continue_url": _continue_url(consultation, draft),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def respond_resume(request, token):
    """Open a saved draft from the emailed link, at the furthest section reached."""
    response = (
        Response.by_resume_token(token)
        .select_related("consultation")
        .filter(status=Response.Status.DRAFT)
        .first()
    )
    if response is None:
        return render(request, "feedback/link_invalid.html", status=404)
    consultation = response.consultation
    if not consultation.live or not consultation.is_open:
        return _closed(request, consultation)
    _session_set(request, DRAFTS, consultation, response.pk)
    messages.success(request, _("Welcome back. Your answers so far are saved."))
    return redirect(_continue_url(consultation, response))


@never_cache
@require_http_methods(["GET", "POST"])
def respond_withdraw(request, token):
    """Withdraw a sent response with the private link, until the consultation closes."""
    response = Response.by_withdraw_token(token).select_related("consultation").first()
    if response is None or response.status == Response.Status.DRAFT:
        return render(request, "feedback/link_invalid.html", status=404)
    consultation = response.consultation
    context = {"consultation": consultation, "response": response, "form": WithdrawForm()}
    if response.status == Response.Status.WITHDRAWN:
        return render(request, "feedback/withdrawn.html", context)
    if timezone.now() >= consultation.closes_at:
        return render(request, "feedback/withdraw_closed.html", context)
    if request.method == "POST":
        try:
            services.response_withdraw(token=token)
        except services.ResponseError as error:
            messages.error(request, str(error))
            return redirect("feedback:withdraw", token)
        return render(request, "feedback/withdrawn.html", context)
    return render(request, "feedback/withdraw.html", context)
