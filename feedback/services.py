"""Writes: starting, saving, submitting and withdrawing responses; equality; other channels."""

import functools
import logging
import random
import time
import uuid
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage import audit, tokens
from engage.audit import audit_record
from feedback import conditions, emails, safeguarding, selectors
from feedback.analysis.language import detect_language
from feedback.models import Answer, EqualityMonitoring, Response, SafeguardingAlert

logger = logging.getLogger(__name__)


class ResponseError(Exception):
    """A response cannot be changed in the way asked; the message says why."""


def retry_when_locked(function):
    """Retry a whole write a few times when SQLite reports "database is locked".

    SQLite has one writer at a time; under a burst a writer can wait past the busy timeout.
    Every wrapped write is idempotent (drafts by key, answers by question, submit by status),
    so running it again is safe. Other databases and other errors are not retried.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        attempts = 4
        for attempt in range(1, attempts + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                locked = connection.vendor == "sqlite" and "locked" in str(error)
                if not locked or attempt == attempts or connection.in_atomic_block:
                    raise
                logger.warning("SQLite busy in %s; retrying (%s)", function.__name__, attempt)
                time.sleep(random.uniform(0.2, 1.0) * attempt)  # noqa: S311 - jitter only
        return None

    return wrapper


@retry_when_locked
def signed_in_details(user):
    """Name, email and borough a signed-in person has already told us, to fill in for them.

    A network member's preferred name and borough come from their profile (looked up through
    the reverse relation: feedback does not import network).
    """
    if user is None or not user.is_authenticated:
        return {}
    details = {"respondent_name": user.get_full_name().strip(), "respondent_email": user.email}
    try:
        profile = user.network_profile
    except ObjectDoesNotExist:
        profile = None
    if profile is not None:
        details["respondent_name"] = profile.preferred_name or details["respondent_name"]
        details["borough_id"] = profile.borough_id
    return details


def response_start(
    *, consultation, submission_key, user=None, channel=Response.Channel.ONLINE, language=""
):
    """Start a draft response; the same key (a double click) returns the same draft.

    ``language`` is the one the questionnaire is read in ("pl" under /pl/respond/...); the
    answers are stored against the same questions whatever it is.

    A signed-in person's draft starts with their name, email and borough filled in; they can
    change or clear them on the "about you" page.
    """
    prefill = signed_in_details(user) if channel == Response.Channel.ONLINE else {}
    try:
        with transaction.atomic():
            response, created = Response.objects.get_or_create(
                submission_key=submission_key,
                defaults={
                    "consultation": consultation,
                    "channel": channel,
                    "language": language,
                    "user": user if user and user.is_authenticated else None,
                    **prefill,
                },
            )
    except IntegrityError:
        # Two requests with the same key raced; the other one created it.
        response, created = Response.objects.get(submission_key=submission_key), False
    if response.consultation_id != consultation.pk:
        raise ResponseError(_("This form belongs to another consultation."))
    return response, created


def answers_save(*, response, values):
    """Store answers ({question: {"text", "choices", "number"}}); empty ones are removed.

    One insert-or-update for every answer given and one delete for those emptied, however
    many questions there are; a second save of the same answers (a resubmitted form) updates
    them in place.
    """
    given, emptied = [], []
    for question, value in values.items():
        if not value["text"] and not value["choices"] and value["number"] is None:
            emptied.append(question)
        else:
            given.append(Answer(response=response, question=question, **value))
    answer_languages_detect(answers=given)
    with transaction.atomic():
        if emptied:
            Answer.objects.filter(response=response, question__in=emptied).delete()
        if given:
            Answer.objects.bulk_create(
                given,
                update_conflicts=True,
                unique_fields=["response", "question"],
                update_fields=["text", "choices", "number", "language"],
            )


def answers_drop_unasked(*, response, sections=None):
    """Delete answers to questions the response's own answers now skip (never stored).

    A person who goes back and changes an answer may skip questions they answered before:
    those answers go, so nothing hidden is ever kept, counted or exported.
    """
    sections = sections or selectors.questionnaire_sections(consultation=response.consultation)
    stored = conditions.answers_by_question(response.answers.all())
    _sections, asked = conditions.asked(sections, stored)
    unasked = set(stored) - asked
    if unasked:
        Answer.objects.filter(response=response, question_id__in=unasked).delete()
    return unasked


# --- Languages and translation ----------------------------------------------------------------


def answer_languages_detect(*, answers):
    """Set the language of each answer's text (in memory; the caller saves)."""
    for answer in answers:
        answer.language = detect_language(answer.text) if answer.text else ""


def answer_languages_fill(*, consultation):
    """Detect the language of the consultation's free-text answers that have none yet (imports,
    demo data and answers given before detection existed); returns how many were set."""
    answers = list(selectors.free_text_answers(consultation=consultation).filter(language=""))
    answer_languages_detect(answers=answers)
    Answer.objects.bulk_update(answers, ["language"], batch_size=500)
    return len(answers)


def answer_translate(*, answer, text_in_english, user, now=None):
    """Keep an officer's English rendering of an answer beside its original text, and audit it.

    The original is never changed; the theme analysis reads the English from its next run.
    """
    text_in_english = (text_in_english or "").strip()
    if not text_in_english:
        raise ResponseError(_("Type the answer in English."))
    previous = answer.text_in_english
    answer.text_in_english = text_in_english
    answer.translated_by = user
    answer.translated_at = now or timezone.now()
    with transaction.atomic():
        answer.save(update_fields=["text_in_english", "translated_by", "translated_at"])
        audit_record(
            user=user,
            action=audit.ANSWER_TRANSLATE,
            obj=answer,
            consultation=answer.response.consultation_id,
            details={
                "language": answer.language,
                "response": answer.response.reference,
                "retranslated": bool(previous),
            },
        )
    return answer


@retry_when_locked
def response_save_section(*, response, values, section_index):
    """Save one section's answers on a draft and remember how far the person got."""
    if response.status != Response.Status.DRAFT:
        raise ResponseError(_("This response has already been sent."))
    with transaction.atomic():
        answers_save(response=response, values=values)
        answers_drop_unasked(response=response)
        if section_index > response.last_section:
            response.last_section = section_index
            response.save(update_fields=["last_section", "updated_at"])


@retry_when_locked
def response_save_about_you(*, form, section_index):
    """Save the "about you" answers on a draft."""
    response = form.instance
    if response.status != Response.Status.DRAFT:
        raise ResponseError(_("This response has already been sent."))
    response = form.save(commit=False)
    if response.is_anonymous:
        response.clear_identity()
    response.last_section = max(response.last_section, section_index)
    response.save()
    return response


@dataclass(frozen=True)
class MissingAnswer:
    """A required answer not given: what it is, and where in the journey it is asked."""

    label: str
    section_number: int  # 1-based; the "about you" section is last
    anchor: str  # the id of the field (its first option for a group), to link straight to it


def missing_required_questions(*, response, sections=None):
    """Required questions asked of this response (see conditions) and not answered, in order."""
    sections = sections or selectors.questionnaire_sections(consultation=response.consultation)
    stored = conditions.answers_by_question(response.answers.all())
    asked_sections, asked = conditions.asked(sections, stored)
    return [
        question
        for section in sections
        if section.pk in asked_sections
        for question in section.questions.all()
        if question.required and question.pk in asked and question.pk not in stored
    ]


def missing_answers(*, response, sections=None):
    """Every required answer this response lacks, whichever pages were skipped.

    The questionnaire's required questions that were asked, then the "about you" answers
    every online response must give (capacity and whether we may quote). Questions are named
    in the reader's language when `sections` carry their translated words.
    """
    if sections is None:
        sections = selectors.questionnaire_sections(consultation=response.consultation)
    numbers = {section.pk: number for number, section in enumerate(sections, start=1)}
    missing = [
        MissingAnswer(
            str(getattr(q, "plain_text", q.text)),
            numbers[q.section_id],
            f"id_q_{q.pk}" + ("" if q.is_text else "_0"),
        )
        for q in missing_required_questions(response=response, sections=sections)
    ]
    about_you = len(sections) + 1
    if not response.capacity:
        missing.append(
            MissingAnswer(
                str(_("In what capacity are you responding?")), about_you, "id_capacity_0"
            )
        )
    if response.consent_to_quote is None:
        missing.append(
            MissingAnswer(
                str(_("May we quote what you wrote, anonymously, in reports?")),
                about_you,
                "id_consent_to_quote_0",
            )
        )
    return missing


def _screen(response):
    texts = list(response.answers.exclude(text="").values_list("text", flat=True))
    return safeguarding.screen_texts(texts)


def _flag(response, categories):
    response.safeguarding_flagged = True
    response.save(update_fields=["safeguarding_flagged", "updated_at"])
    alert = SafeguardingAlert.objects.create(response=response, categories=categories)
    transaction.on_commit(lambda: emails.safeguarding_alert_send(alert_id=alert.pk))
    return alert


@retry_when_locked
def response_submit(*, response_id, receipt_email="", now=None):
    """Submit a draft once: returns (response, newly_submitted).

    The row is locked and its status checked inside the transaction, so a double click or a
    resubmitted POST finds it already submitted and changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        response = (
            Response.objects.select_for_update().select_related("consultation").get(pk=response_id)
        )
        if response.status != Response.Status.DRAFT:
            return response, False
        if not response.consultation.status_at(now) == "open":
            raise ResponseError(_("This consultation is closed, so responses cannot be sent."))
        if missing_answers(response=response):
            raise ResponseError(_("Some required questions have not been answered."))
        answers_drop_unasked(response=response)
        if response.is_anonymous:
            response.clear_identity()
        if not response.withdraw_link_token():
            # A draft started before links were hashed: no withdraw link was ever sent for
            # it, so give it one that can be rebuilt for the receipt and the next page.
            response.withdraw_token_hash = tokens.derived_hash(
                Response.WITHDRAW_LINK, response.submission_key
            )
        response.status = Response.Status.SUBMITTED
        response.submitted_at = now
        response.save()
        categories = _screen(response)
        if categories:
            _flag(response, categories)
        email = receipt_email or response.respondent_email
        if email:
            transaction.on_commit(lambda: emails.receipt_send(response_id=response.pk, email=email))
    return response, True


@retry_when_locked
def response_withdraw(*, token, now=None):
    """Withdraw a submitted response before the consultation closes; answers are deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        response = (
            Response.by_withdraw_token(token)
            .select_for_update()
            .select_related("consultation")
            .first()
        )
        if response is None:
            raise ResponseError(_("This link is not valid."))
        if response.status == Response.Status.WITHDRAWN:
            return response
        if response.status != Response.Status.SUBMITTED:
            raise ResponseError(
                _("This response has not been sent, so there is nothing to withdraw.")
            )
        if now >= response.consultation.closes_at:
            raise ResponseError(
                _("The consultation has closed, so responses can no longer be withdrawn.")
            )
        _withdrawn_state(
            response, now=now, note=_("Response withdrawn by the respondent before review.")
        )
        audit_record(user=None, action=audit.RESPONSE_WITHDRAW, obj=response)
    return response


def _withdrawn_state(response, *, now, note):
    """Put a locked response in the withdrawn state: answers gone, identity cleared.

    Withdrawn responses are left out of every count, summary, theme and quote, and deleting
    the answers takes their theme tags and analyses (the source of quotes) with them.
    """
    response.answers.all().delete()
    response.safeguarding_alerts.filter(status=SafeguardingAlert.Status.OPEN).update(
        status=SafeguardingAlert.Status.ACTIONED, action_taken=str(note), actioned_at=now
    )
    response.clear_identity()
    response.consent_to_quote = False
    if response.status != Response.Status.WITHDRAWN:
        response.status = Response.Status.WITHDRAWN
        response.withdrawn_at = now
    response.save()


def response_erase(*, response_id, user, reason="", now=None):
    """Erase a response at its respondent's request, whatever the consultation's dates.

    The response goes to the withdrawn state (see `_withdrawn_state`), so it leaves every count
    and any quote drawn from it, and its private links stop working exactly as retention
    stops them. The row stays, with no answers and nothing about the person, so references
    quoted in earlier correspondence still resolve to "withdrawn".
    """
    from engage.retention import anonymise

    now = now or timezone.now()
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response_id)
        _withdrawn_state(response, now=now, note=_("Response erased at the respondent's request."))
        anonymise(Response.objects.filter(pk=response.pk))
        audit_record(
            user=user,
            action=audit.RESPONSE_WITHDRAW,
            obj=response,
            details={"erased": True, "reason": reason},
        )
    return response


def response_resume_token(*, response):
    """The token for a draft's private resume link (the database keeps only its hash).

    A draft saved before links were hashed cannot have its old link rebuilt, so it gets a new
    one; its old link then stops working.
    """
    token = response.resume_link_token()
    if not token:
        response.resume_token_hash = tokens.derived_hash(
            Response.RESUME_LINK, response.submission_key
        )
        response.save(update_fields=["resume_token_hash", "updated_at"])
        token = response.resume_link_token()
    return token


@retry_when_locked
def equality_monitoring_submit(*, consultation, submission_key, data, now=None, is_demo=False):
    """Store equality answers apart from any response; the same key stores them once.

    Only the month is kept, so the time cannot be matched against a response.
    """
    now = now or timezone.now()
    fields = {
        name: data.get(name) or ""
        for name in (
            "age_band",
            "sex",
            "gender_identity_same",
            "ethnicity",
            "ethnicity_other",
            "disability",
            "religion",
            "sexual_orientation",
            "caring",
        )
    }
    if not any(fields.values()):
        return None
    try:
        with transaction.atomic():
            return EqualityMonitoring.objects.create(
                consultation=consultation,
                submission_key=submission_key,
                submitted_month=timezone.localdate(now).replace(day=1),
                is_demo=is_demo,
                **fields,
            )
    except IntegrityError:
        return EqualityMonitoring.objects.get(submission_key=submission_key)


def response_create_offline(
    *,
    consultation,
    channel,
    entered_by,
    values,
    about,
    received_on=None,
    is_demo=False,
    submission_key=None,
    audited=True,
):
    """A response typed in by staff from paper, email, phone, workshop or an import.

    `submission_key` comes from the staff form: the same key again (a double click, a
    resubmitted page) returns the response already stored instead of storing it twice.
    Each is recorded in the audit log as a change by the member of staff, unless `audited` is
    False (an import records one event for the whole file).
    """
    if submission_key is not None:
        existing = _offline_response_with_key(consultation, submission_key)
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            response = Response(
                consultation=consultation,
                channel=channel,
                entered_by=entered_by,
                received_on=received_on,
                status=Response.Status.SUBMITTED,
                submitted_at=about.pop("submitted_at", None) or timezone.now(),
                is_demo=is_demo,
                submission_key=submission_key or uuid.uuid4(),
                **about,
            )
            if response.is_anonymous:
                response.clear_identity()
            response.save()
            answers_save(response=response, values=values)
            categories = _screen(response)
            if categories:
                _flag(response, categories)
            if audited and not is_demo:
                audit_record(
                    user=entered_by,
                    action=audit.RESPONSE_CHANGE,
                    obj=response,
                    details={"change": "entered", "channel": channel},
                    mirror=False,
                )
    except IntegrityError:
        # Two requests with the same key raced; the other one stored the response.
        existing = _offline_response_with_key(consultation, submission_key)
        if submission_key is None or existing is None:
            raise
        return existing
    return response


def _offline_response_with_key(consultation, submission_key):
    response = Response.objects.filter(submission_key=submission_key).first()
    if response is not None and response.consultation_id != consultation.pk:
        raise ResponseError(_("This form belongs to another consultation."))
    return response


def workshop_notes_create(
    *, consultation, event, question, table_or_topic, notes, entered_by, submission_key=None
):
    """Store a workshop table's notes as a response with channel "workshop" (once per key)."""
    return response_create_offline(
        submission_key=submission_key,
        consultation=consultation,
        channel=Response.Channel.WORKSHOP,
        entered_by=entered_by,
        values={question: {"text": notes.strip(), "choices": [], "number": None}},
        about={
            "event": event,
            "table_or_topic": table_or_topic,
            "is_anonymous": True,
            "capacity": "",
        },
        received_on=timezone.localdate(event.starts_at) if event else None,
    )


def _workshop_notes_only(response):
    if response.channel != Response.Channel.WORKSHOP:
        raise ResponseError(_("Only workshop notes can be changed here."))


def workshop_notes_update(*, response, event, question, table_or_topic, notes, user):
    """Correct a table's notes: workshop, table or topic, question and text. Logged as a change.

    The notes are screened again, so a correction that adds a safeguarding concern raises an
    alert as typing it the first time would have.
    """
    _workshop_notes_only(response)
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        response.event = event
        response.table_or_topic = table_or_topic
        if event is not None:
            response.received_on = timezone.localdate(event.starts_at)
        response.save(update_fields=["event", "table_or_topic", "received_on", "updated_at"])
        # The notes answer one question: moved to another, the old answer goes.
        response.answers.exclude(question=question).delete()
        answers_save(
            response=response,
            values={question: {"text": notes.strip(), "choices": [], "number": None}},
        )
        if not response.safeguarding_flagged:
            categories = _screen(response)
            if categories:
                _flag(response, categories)
        audit_record(
            user=user,
            action=audit.RESPONSE_CHANGE,
            obj=response,
            details={"change": "workshop notes corrected"},
            mirror=False,
        )
    return response


def workshop_notes_delete(*, response, user):
    """Delete a table's notes typed in error. Notes that raised a safeguarding alert are kept:
    the alert, and what the lead did about it, must not disappear with them."""
    _workshop_notes_only(response)
    if SafeguardingAlert.objects.filter(response=response).exists():
        raise ResponseError(
            _(
                "These notes raised a safeguarding alert, so they are kept for the safeguarding "
                "lead. You can still correct them."
            )
        )
    with transaction.atomic():
        audit_record(
            user=user,
            action=audit.RESPONSE_CHANGE,
            obj=response,
            details={"change": "workshop notes deleted"},
            mirror=False,
        )
        response.delete()


def responses_forget(*, user, emails=()):
    """Remove a person's identity from their responses (when their account goes).

    Responses are theirs when linked to the account or given with one of ``emails`` (pass
    verified addresses only). The answers stay, anonymised, exactly as the retention task
    leaves them: no name, email, account, outcome-email consent or private links.
    Returns how many responses were changed.
    """
    from django.db.models import Q

    from engage.retention import anonymise

    mine = Q(user=user) if user is not None and user.pk else Q(pk__in=[])
    for email in {address.strip().lower() for address in emails if address.strip()}:
        mine |= Q(respondent_email__iexact=email)
    changed = anonymise(Response.objects.filter(mine))
    if changed:
        audit_record(
            user=user,
            action=audit.RESPONSE_CHANGE,
            details={"change": "identity removed: account deleted", "responses": changed},
        )
    return changed


class AlertChangedError(ResponseError):
    """Someone else recorded an action on the alert after this lead opened it."""


@transaction.atomic
def safeguarding_alert_action(*, alert, action_taken, user, seen_actioned_at, now=None):
    """Record what a safeguarding lead did about an alert.

    `seen_actioned_at` is the alert's `actioned_at` when the lead opened it (None if it had no
    action yet): if another lead has recorded one since, nothing is overwritten.
    """
    if not action_taken.strip():
        raise ResponseError(_("Say what action was taken."))
    alert = SafeguardingAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.actioned_at != seen_actioned_at:
        raise AlertChangedError(
            _(
                "Someone else recorded an action on this alert while you had it open. "
                "Read what they recorded, then save again if you need to change it."
            )
        )
    alert.action_taken = action_taken.strip()
    alert.actioned_by = user
    alert.actioned_at = now or timezone.now()
    alert.status = SafeguardingAlert.Status.ACTIONED
    alert.save()
    return alert


# --- Staff entry of paper, email and phone responses, one section a page -----------------------

STAFF_ENTRY_CHANNELS = (Response.Channel.PAPER, Response.Channel.EMAIL, Response.Channel.PHONE)


def staff_entry_check_opened(consultation):
    """Refuse a typed-in response before the consultation opens; after it closes, late paper,
    email and phone responses are still accepted (see ConsultationPage.has_opened)."""
    if not consultation.has_opened:
        opens = timezone.localtime(consultation.opens_at)
        raise ResponseError(
            _(
                "This consultation opens on %(date)s. Responses received on paper, by email or "
                "by phone can be entered from then."
            )
            % {"date": date_filter(opens, "j F Y")}
        )


def entered_response_start(*, consultation, channel, received_on, entered_by, submission_key):
    """Start typing in a paper, email or phone response: a draft only its typist continues.

    The key comes from the first page's form, so a double click starts one draft.
    """
    if channel not in STAFF_ENTRY_CHANNELS:
        raise ResponseError(_("Choose paper, email or phone."))
    staff_entry_check_opened(consultation)
    response, _created = response_start(
        consultation=consultation, submission_key=submission_key, channel=channel
    )
    if response.entered_by_id is None and response.status == Response.Status.DRAFT:
        response.entered_by = entered_by
        response.received_on = received_on
        response.save(update_fields=["entered_by", "received_on", "updated_at"])
    return response


def _about_changes(form):
    """The names of the "about you" fields a form changes (never their values: see audit)."""
    return sorted(name for name in form.changed_data if name in form.Meta.fields)


@retry_when_locked
def entered_response_save_section(*, response, user, values=None, about_form=None, number=0):
    """Save one page of a staff-entered response: its answers, or a form of its own fields
    (`about_form`: the "about you" form, or how and when it was received).

    On a draft this is typing it in. On a response already saved it is a correction: only a
    member of staff with permission to change responses may make one, and the audit log says
    who changed which questions or fields, and when (not what the answers say).
    """
    correcting = response.status == Response.Status.SUBMITTED
    if response.channel not in STAFF_ENTRY_CHANNELS or response.status not in (
        Response.Status.DRAFT,
        Response.Status.SUBMITTED,
    ):
        raise ResponseError(_("Only paper, email and phone responses can be changed here."))
    if correcting and not user.has_perm("feedback.change_response"):
        raise ResponseError(_("You do not have permission to correct a saved response."))
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        if about_form is not None:
            changed = _about_changes(about_form)
            for name in about_form.Meta.fields:
                if name in about_form.cleaned_data:
                    setattr(response, name, about_form.cleaned_data[name])
            if response.is_anonymous:
                response.clear_identity()
        else:
            before = {a.question_id: (a.text, a.choices, a.number) for a in response.answers.all()}
            answers_save(response=response, values=values or {})
            dropped = answers_drop_unasked(response=response)
            after = {a.question_id: (a.text, a.choices, a.number) for a in response.answers.all()}
            changed = sorted(
                {q for q in set(before) | set(after) if before.get(q) != after.get(q)} | dropped
            )
        response.last_section = max(response.last_section, number)
        response.save()
        if correcting and changed:
            if about_form is None:
                categories = _screen(response)
                if categories and not response.safeguarding_flagged:
                    _flag(response, categories)
            audit_record(
                user=user,
                action=audit.RESPONSE_CHANGE,
                obj=response,
                details={
                    "change": "corrected",
                    "channel": response.channel,
                    ("fields" if about_form is not None else "questions"): changed,
                },
                mirror=False,
            )
    return response, (changed if correcting else [])


@retry_when_locked
def entered_response_submit(*, response_id, user, now=None):
    """Save a typed-in response as received: it counts from now on, and the entry is logged.

    Paper forms often leave questions out, so nothing is required here; answers to questions
    the response's own answers skip are dropped, as online.
    """
    now = now or timezone.now()
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response_id)
        if response.status != Response.Status.DRAFT:
            return response, False
        # The opening date may have moved later since the draft was started.
        staff_entry_check_opened(response.consultation)
        answers_drop_unasked(response=response)
        if response.is_anonymous:
            response.clear_identity()
        response.status = Response.Status.SUBMITTED
        response.submitted_at = now
        response.save()
        categories = _screen(response)
        if categories:
            _flag(response, categories)
        audit_record(
            user=user,
            action=audit.RESPONSE_CHANGE,
            obj=response,
            details={"change": "entered", "channel": response.channel},
            mirror=False,
        )
    return response, True
