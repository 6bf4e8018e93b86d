"""Query parameters of the public listings: checked strictly, so a typo is an error, not a
silently unfiltered list."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

# Parameters every listing takes (pagination), besides its own filters.
PAGING = {"page", "page_size", "format"}


def reject_unknown(query_params, allowed):
    """400 naming any parameter the listing does not know."""
    unknown = sorted(set(query_params) - set(allowed) - PAGING)
    if unknown:
        raise ValidationError(
            {
                "detail": _("Unknown filter: %(names)s. Known filters: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(sorted(allowed))}
            },
            code="unknown_filter",
        )


def choice(query_params, name, choices):
    """The value of a parameter that must be one of `choices`, or None when not given."""
    value = query_params.get(name)
    if value in (None, ""):
        return None
    if value not in choices:
        raise ValidationError(
            {
                "detail": _("%(name)s must be one of: %(choices)s.")
                % {"name": name, "choices": ", ".join(choices)}
            },
            code="invalid_choice",
        )
    return value


def moment(query_params, name, *, end_of_day=False):
    """An ISO 8601 date or date-time parameter as an aware datetime, or None when not given.

    A bare date means the start of that day in London (or its end, for "before" filters).
    """
    value = query_params.get(name)
    if value in (None, ""):
        return None
    parsed = None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(
                    day, datetime.time.max if end_of_day else datetime.time.min
                )
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(
            {
                "detail": _(
                    "%(name)s must be a date (2026-03-31) or date and time "
                    "(2026-03-31T18:00:00Z); got “%(value)s”."
                )
                % {"name": name, "value": value[:40]}
            },
            code="invalid_date",
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def lookup(query_params, name, queryset, *, field="slug"):
    """The object a slug (or other field) parameter names, or None when not given."""
    value = query_params.get(name)
    if value in (None, ""):
        return None
    try:
        found = queryset.filter(**{field: value}).first()
    except (ValueError, TypeError):  # not a number, for an id
        found = None
    if found is None:
        raise ValidationError(
            {
                "detail": _("There is no %(name)s “%(value)s”.")
                % {"name": name, "value": value[:60]}
            },
            code="unknown_value",
        )
    return found
