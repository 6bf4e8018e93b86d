"""Writes: recording searches, and exporting or erasing what is held about a person."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage import audit
from engage.audit import audit_record
from privacy import exports, selectors
from privacy.models import DataRequest, normalise_email, subject_hash, subject_hint

logger = logging.getLogger(__name__)

# A request still "running" after this long was left by a request that died; it no longer
# blocks a new one.
STALE_AFTER = timedelta(minutes=10)


class DataRequestError(Exception):
    """A request cannot be carried out; the message says why, and nothing was changed."""


def _actor(user):
    return (user.get_username() or "")[:254] if user is not None else ""


def _audit(*, user, action, request, holdings, extra=None):
    audit_record(
        user=user,
        action=action,
        obj=request,
        details={
            "person": request.subject_hint,
            "person_key": request.subject_hash[:16],
            "reason": request.reason,
            "records": holdings.counts(),
            **(extra or {}),
        },
    )


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise DataRequestError(_("Say why: every search, export and erasure records a reason."))
    return reason


def data_request_search(*, email, user, reason, now=None):
    """Find everything held for an address, recording who looked, when and why."""
    reason = _check_reason(reason)
    email = normalise_email(email)
    now = now or timezone.now()
    holdings = selectors.holdings_for(email=email)
    with transaction.atomic():
        request = DataRequest.objects.create(
            kind=DataRequest.Kind.SEARCH,
            status=DataRequest.Status.DONE,
            subject_hash=subject_hash(email),
            subject_hint=subject_hint(email),
            reason=reason,
            counts=holdings.counts(),
            requested_by=user,
            actor=_actor(user),
            created_at=now,
            finished_at=now,
        )
        _audit(user=user, action=audit.DATA_PROTECTION_SEARCH, request=request, holdings=holdings)
    return holdings


def _start(*, kind, email, user, reason, fmt="", now):
    """Claim the one running request of this kind for this person, or refuse."""
    key = subject_hash(email)
    DataRequest.objects.filter(
        subject_hash=key,
        kind=kind,
        status=DataRequest.Status.RUNNING,
        created_at__lt=now - STALE_AFTER,
    ).update(status=DataRequest.Status.FAILED, finished_at=now)
    try:
        with transaction.atomic():
            return DataRequest.objects.create(
                kind=kind,
                subject_hash=key,
                subject_hint=subject_hint(email),
                reason=reason,
                format=fmt,
                requested_by=user,
                actor=_actor(user),
                created_at=now,
            )
    except IntegrityError:
        if kind == DataRequest.Kind.EXPORT:
            message = _(
                "An export for this address is already being prepared. Wait for it to finish, "
                "then ask again if you still need it."
            )
        else:
            message = _("An erasure for this address is already under way. Nothing was changed.")
        raise DataRequestError(message) from None


def _finish(request, *, status, holdings, now):
    DataRequest.objects.filter(pk=request.pk).update(
        status=status, counts=holdings.counts() if holdings else {}, finished_at=now
    )


def data_request_export(*, email, fmt, user, reason, now=None):
    """Everything held for an address as a file: (filename, content type, bytes).

    Only one export per person runs at a time: a second one asked while the first is being
    prepared is refused, and changes nothing.
    """
    if fmt not in exports.FORMATS:
        raise DataRequestError(_("There is no export in that format."))
    reason = _check_reason(reason)
    email = normalise_email(email)
    now = now or timezone.now()
    holdings = selectors.holdings_for(email=email)
    if holdings.is_empty:
        raise DataRequestError(
            _("Nothing is held for this address, so there is nothing to export.")
        )
    request = _start(
        kind=DataRequest.Kind.EXPORT, email=email, user=user, reason=reason, fmt=fmt, now=now
    )
    try:
        content = exports.document_bytes(
            exports.personal_data_document(holdings=holdings, now=now), fmt
        )
    except Exception:
        _finish(request, status=DataRequest.Status.FAILED, holdings=None, now=timezone.now())
        raise
    with transaction.atomic():
        _finish(request, status=DataRequest.Status.DONE, holdings=holdings, now=timezone.now())
        _audit(
            user=user,
            action=audit.DATA_PROTECTION_EXPORT,
            request=request,
            holdings=holdings,
            extra={"format": fmt},
        )
    filename = f"personal-data-{now:%Y%m%d-%H%M}-{request.pk}.{fmt}"
    return filename, exports.FORMATS[fmt], content


def _refuse_erasure(holdings, key):
    if holdings.is_empty:
        before = selectors.request_erased_before(subject_hash=key)
        if before is not None:
            raise DataRequestError(
                _(
                    "This address was already erased on %(when)s by %(who)s. Nothing is held "
                    "for it now, so nothing was changed."
                )
                % {
                    "when": timezone.localtime(before.created_at).strftime("%d %b %Y %H:%M"),
                    "who": before.actor or _("someone no longer with an account"),
                }
            )
        raise DataRequestError(_("Nothing is held for this address, so nothing was erased."))
    if holdings.staff_accounts:
        raise DataRequestError(
            _(
                "This address belongs to a staff account. Remove its staff access under Users "
                "first; nothing was changed."
            )
        )


def data_request_erase(*, email, user, reason, now=None):
    """Erase everything held for an address; return the counts of what was erased.

    Responses go to the withdrawn state (answers, identity and private links removed, so they
    leave every count, summary and quote); workshop registrations lose the person's details
    exactly as retention clears them (places still to come are cancelled and offered to the
    waiting list); an account, with its network profile, is deleted as when its owner deletes
    it. Equality answers cannot be linked to anyone and are untouched.
    """
    from consultations.services import registrations_forget
    from feedback.services import response_erase
    from network.services import member_delete

    reason = _check_reason(reason)
    email = normalise_email(email)
    now = now or timezone.now()
    key = subject_hash(email)
    holdings = selectors.holdings_for(email=email)
    _refuse_erasure(holdings, key)
    request = _start(kind=DataRequest.Kind.ERASURE, email=email, user=user, reason=reason, now=now)
    try:
        with transaction.atomic():
            for response in holdings.responses:
                response_erase(response_id=response.pk, user=user, reason=reason, now=now)
            registrations_forget(user=None, emails=[email], now=now)
            for account in holdings.accounts:
                registrations_forget(user=account, now=now)
                member_delete(user=account)
            _finish(request, status=DataRequest.Status.DONE, holdings=holdings, now=timezone.now())
            _audit(
                user=user, action=audit.DATA_PROTECTION_ERASE, request=request, holdings=holdings
            )
    except Exception:
        logger.exception("Erasure request %s failed", request.pk)
        _finish(request, status=DataRequest.Status.FAILED, holdings=None, now=timezone.now())
        raise
    left = selectors.holdings_for(email=email)
    if not left.is_empty:  # a rule above missed something: say so loudly, never quietly
        logger.error("Erasure request %s left records: %s", request.pk, left.counts())
    return holdings.counts()
