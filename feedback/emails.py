"""Emails about responses: receipts, resume links and safeguarding alerts (without the text)."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from engage.emails import email_send

logger = logging.getLogger(__name__)


def absolute(path):
    """A full link for an email, from the site's configured base address."""
    return settings.SITE_BASE_URL.rstrip("/") + path


# Anyone can type any address for a receipt, so a receipt never repeats what was written
# (it would carry a stranger's text to that inbox) and is never longer than this.
RECEIPT_MAX_CHARACTERS = 6000
CHOICE_MAX_CHARACTERS = 200


def _answers_for_email(response):
    """(question, what to say about its answer): chosen options and ratings, never free text;
    the question and its options in the language the email is written in, where translated."""
    from feedback import questionnaire_translations as qt
    from feedback.question_kinds import option_label
    from feedback.selectors import response_answers_in_order
    from home.languages import active_language

    wording = qt.wording_for(
        questionnaire=getattr(response.consultation, "questionnaire", None),
        language=active_language(),
    )
    rows = []
    for question, answer in response_answers_in_order(response=response):
        text = wording.plain(qt.question_context(question, "text"), question.text)
        if answer is None or not (answer.choices or answer.number is not None or answer.text):
            summary = _("(not answered)")
        else:
            parts = [
                wording.translation(qt.question_context(question, "option"), str(choice))
                or option_label(str(choice))
                for choice in answer.choices or []
            ]
            if answer.number is not None and not parts:
                parts.append(str(answer.number))
            if answer.text:
                parts.append(_("(your written answer, not repeated in this email)"))
            summary = "; ".join(parts)[:CHOICE_MAX_CHARACTERS]
        rows.append((text, summary))
    return rows


def receipt_send(*, response_id, email):
    """Send the receipt: reference, a copy of the answers and the private withdraw link.

    Failing to send must never lose the response, so errors are logged, not raised.
    """
    from feedback.models import Response

    response = Response.objects.select_related("consultation").get(pk=response_id)
    token = response.withdraw_link_token()
    context = {
        "response": response,
        "consultation": response.consultation,
        "answers": _answers_for_email(response),
        "withdraw_url": absolute(reverse("feedback:withdraw", args=[token])) if token else "",
    }
    try:
        email_send(
            subject=_("Your response to %(title)s: %(reference)s")
            % {"title": response.consultation.title, "reference": response.reference},
            template="feedback/email/receipt",
            context=context,
            to=[email],
            text_limit=RECEIPT_MAX_CHARACTERS,
        )
    except Exception:  # noqa: BLE001 - the response is stored; a failed email is only logged
        logger.exception("Could not send the receipt for response %s", response.pk)


def resume_link_send(*, response, email, token):
    """Send the private link (its token from services.response_resume_token) to a draft."""
    context = {
        "consultation": response.consultation,
        "resume_url": absolute(reverse("feedback:resume", args=[token])),
    }
    email_send(
        subject=_("Continue your response to %(title)s") % {"title": response.consultation.title},
        template="feedback/email/resume_link",
        context=context,
        to=[email],
    )


def safeguarding_alert_send(*, alert_id):
    """Tell the safeguarding leads an alert is waiting; the email never contains the text."""
    from feedback import tasks

    tasks.send_safeguarding_alert.enqueue(alert_id)


def _safeguarding_leads():
    from django.contrib.auth import get_user_model

    from engage.roles import SAFEGUARDING_LEADS

    return list(
        get_user_model()
        .objects.filter(groups__name=SAFEGUARDING_LEADS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def safeguarding_alert_email(*, alert_id):
    """Send the alert email now (called by the task), unless it is one of a burst."""
    from feedback.models import SafeguardingAlert
    from feedback.safeguarding import alert_is_coalesced

    alert = SafeguardingAlert.objects.select_related("response__consultation").get(pk=alert_id)
    if alert_is_coalesced(alert):
        logger.info("Safeguarding alert %s left for the digest (a burst of alerts)", alert_id)
        return 0
    recipients = _safeguarding_leads()
    if not recipients:
        logger.error("Safeguarding alert %s raised but no safeguarding lead has an email", alert_id)
        return 0
    context = {
        "alert": alert,
        "response": alert.response,
        "review_url": absolute(reverse("feedback_admin:safeguarding_review", args=[alert.pk])),
    }
    email_send(
        subject=_("Safeguarding alert: a response needs review (%(reference)s)")
        % {"reference": alert.response.reference},
        template="feedback/email/safeguarding_alert",
        context=context,
        to=recipients,
    )
    return 1


def safeguarding_digest_email(*, alerts, since):
    """One email for a burst of alerts: how many and their references, never the text."""
    recipients = _safeguarding_leads()
    if not alerts or not recipients:
        return 0
    context = {
        "alerts": alerts,
        "since": since,
        "queue_url": absolute(reverse("feedback_admin:safeguarding")),
    }
    email_send(
        subject=_("Safeguarding: %(count)s more responses need review") % {"count": len(alerts)},
        template="feedback/email/safeguarding_digest",
        context=context,
        to=recipients,
    )
    return 1
