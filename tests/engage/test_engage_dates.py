"""Dates as each language writes them (engage/templatetags/engage_dates.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from engage.templatetags.engage_dates import local_date

LONDON = ZoneInfo("Europe/London")
SUNDAY_MORNING = datetime(2026, 12, 13, 10, 0, tzinfo=LONDON)


def test_english_keeps_the_sites_british_forms():
    with translation.override("en"):
        assert local_date(SUNDAY_MORNING, "date") == "13 December 2026"
        assert local_date(SUNDAY_MORNING, "day_time") == "Sunday 13 December 2026, 10:00 a.m."
        assert local_date(SUNDAY_MORNING, "time") == "10:00 a.m."


def test_polish_uses_the_genitive_month_and_the_24_hour_clock():
    evening = datetime(2026, 12, 10, 23, 59, tzinfo=LONDON)
    with translation.override("pl"):
        assert local_date(evening, "datetime") == "10 grudnia 2026, 23:59"
        assert local_date(SUNDAY_MORNING, "day_time") == "Niedziela, 13 grudnia 2026, 10:00"
        assert "Grudzień" not in local_date(SUNDAY_MORNING, "day")


def test_arabic_uses_arabic_names_and_comma():
    with translation.override("ar"):
        assert local_date(SUNDAY_MORNING, "day_time") == "الأحد 13 ديسمبر 2026، 10:00 ص"


def test_template_filter_converts_to_local_time_and_refuses_unknown_styles(settings):
    settings.TIME_ZONE = "Europe/London"
    summer_utc = datetime(2026, 7, 1, 8, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("pl"):
        html = Template('{% load engage_dates %}{{ when|local_date:"time" }}').render(
            Context({"when": summer_utc})
        )
    assert html == "09:30"  # British Summer Time
    assert Template("{% load engage_dates %}{{ when|local_date }}").render(Context({})) == ""
    with pytest.raises(TemplateSyntaxError):
        Template('{% load engage_dates %}{{ when|local_date:"fortnight" }}').render(
            Context({"when": summer_utc})
        )
