"""Sending the site's emails: a plain-text part and, beside it, an HTML alternative.

Every email is written twice from one context: `<template>.txt` (the text part, which every mail
program can read) and `<template>.html`, which extends `email/base.html`, the one simple layout
(language and direction set, styles inline, no images). An email without an HTML template yet
goes as text only.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def email_render(*, template, context):
    """(text, html) for `template` (its name without the extension); html is "" if it has none."""
    text = render_to_string(f"{template}.txt", context)
    try:
        html_template = get_template(f"{template}.html")
    except TemplateDoesNotExist:
        return text, ""
    return text, html_template.render(context)


def email_send(
    *,
    subject,
    template,
    context,
    to,
    attachments=(),
    headers=None,
    text_limit=None,
    on_commit=False,
):
    """Render the text and HTML parts of an email and send it; return the message.

    `attachments` are (filename, content, mimetype) triples; `text_limit` cuts the text part;
    `on_commit` sends only once the current transaction commits (nothing is sent if it rolls
    back). Sending errors are raised, for the caller to decide what a failure means.
    """
    text, html = email_render(template=template, context={**context, "subject": subject})
    message = EmailMultiAlternatives(
        subject=subject, body=text[:text_limit] if text_limit else text, to=to, headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    if on_commit:
        transaction.on_commit(message.send)
    else:
        message.send()
    return message
