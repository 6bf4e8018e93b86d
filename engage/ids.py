"""What counts as a record id in a URL or a form field; anything else is "not found"."""

from django import forms
from django.apps import apps
from django.http import Http404

# Ids are 64-bit signed integers in every database we run on (SQLite, PostgreSQL bigint).
MAX_ID = 2**63 - 1
_ID_KWARG_SUFFIXES = ("_id", "_pk")


def parse_id(value):
    """The id as an int, or None for anything that cannot be one of our ids.

    ``str.isdigit()`` accepts "²" and Arabic-Indic digits, which ``int()`` refuses or reads as
    another number; only ASCII digits are ids, and only within the database's range.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def is_id_kwarg(name):
    """URL parameters named like an id: ``pk``, ``id``, ``event_id``, ``version_pk``..."""
    return name in ("pk", "id") or name.endswith(_ID_KWARG_SUFFIXES)


# How Wagtail's admin URLs name a model: its app label and its model name.
_APP_LABEL_KWARGS = ("app_label", "app_name", "content_type_app_name")
_MODEL_NAME_KWARGS = ("model_name", "content_type_model_name")


def names_no_model(kwargs):
    """True when the URL parameters name a model (app label, model name) that is not installed."""
    app_label = next((kwargs[name] for name in _APP_LABEL_KWARGS if name in kwargs), None)
    model_name = next((kwargs[name] for name in _MODEL_NAME_KWARGS if name in kwargs), None)
    if app_label is None or model_name is None:
        return False
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return True
    return False


class MalformedIdMiddleware:
    """Answer 404 when a URL's id parameter cannot be an id, or its model name names no model,
    before any view looks it up or asks who is asking.

    Ours and Wagtail's views alike would otherwise pass "99999999999999999999999" or "²" to
    the database, which raises (OverflowError on SQLite, ValueError in choosers): a 500. The
    admin's views that take a model (``/admin/settings/<app>/<model>/``...) would send someone
    without admin access to sign in first, for a page that does not exist.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for name, value in view_kwargs.items():
            if is_id_kwarg(name) and parse_id(value) is None:
                raise Http404
        if names_no_model(view_kwargs):
            raise Http404
        return None


def _is_id_key(field, value):
    """True when the value can be a key of the field's queryset (always, for other keys)."""
    if field.to_field_name and field.to_field_name != "pk":
        return True
    return parse_id(value) is not None


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses values that cannot be ids, without asking the database
    (Django passes them on, and a huge one raises OverflowError there: a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id_key(self, value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values that cannot be ids."""

    def _check_values(self, value):
        for key in value:
            if not _is_id_key(self, key):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)
