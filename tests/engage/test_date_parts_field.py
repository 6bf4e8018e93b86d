"""The GOV.UK date input (engage.forms.DatePartsField): real dates only, and, for the date
something happened or arrived, none after today."""

from datetime import date, timedelta

import pytest
from django import forms
from django.utils import timezone

from engage.forms import DatePartsField
from network.forms import InvolvementLogForm
from tests.forms import date_parts


class WhenForm(forms.Form):
    planned = DatePartsField(label="Planned for")
    happened = DatePartsField(label="Happened on", past_only=True, required=False)


def _errors(**dates):
    data = {}
    for name, value in dates.items():
        data.update(
            date_parts(name, value)
            if isinstance(value, date)
            else {f"{name}_{n}": part for n, part in enumerate(value)}
        )
    form = WhenForm(data)
    form.is_valid()
    return form


def test_a_date_in_the_future_is_refused_only_where_it_must_be_past():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = _errors(planned=tomorrow, happened=tomorrow)
    assert "planned" not in form.errors and form.cleaned_data["planned"] == tomorrow
    assert form.errors["happened"] == ["The date must be today or in the past."]
    form = _errors(planned=tomorrow, happened=timezone.localdate())
    assert form.is_valid()


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        (("29", "2", "2027"), "Enter a real date, for example 27 3 2026"),
        (("1", "13", "2026"), "Enter a real date, for example 27 3 2026"),
        (("1", "1", "twenty"), "Enter a real date, for example 27 3 2026"),
        (("1", "1", "026"), "Enter a real date, for example 27 3 2026"),
        (("1", "", ""), "The date must include a day, month and year"),
    ],
)
def test_what_is_not_a_real_date_gets_a_message_saying_what_to_type(parts, error):
    form = _errors(planned=parts)
    assert form.errors["planned"] == [error]


def test_a_leap_day_is_a_real_date():
    assert _errors(planned=("29", " 2 ", "2028")).cleaned_data["planned"] == date(2028, 2, 29)


def test_the_involvement_log_refuses_a_future_date_with_the_same_words():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = InvolvementLogForm(
        {"activity": "workshop", "hours": "1", **date_parts("date", tomorrow)}
    )
    assert not form.is_valid()
    assert form.errors["date"] == ["The date must be today or in the past."]
