"""Dates as each language writes them: `{{ value|local_date:"day_time" }}`.

English keeps the site's British forms ("Sunday 13 December 2026, 10:00 a.m."). Polish needs
the genitive month after a day number ("13 grudnia", which Django's `E` gives) and the 24-hour
clock; Arabic takes the Arabic comma; Punjabi takes the English patterns. Month and day names
are Django's, in each language. Every public template and email writes dates through this one table.
"""

from django import template
from django.template.defaultfilters import date as date_filter

from home.languages import active_language

register = template.Library()

STYLES = {
    "en": {
        "date": "j F Y",
        "day": "l j F Y",
        "datetime": "j F Y, g:i a",
        "day_time": "l j F Y, g:i a",
        "time": "g:i a",
    },
    "pl": {
        "date": "j E Y",
        "day": "l, j E Y",
        "datetime": "j E Y, H:i",
        "day_time": "l, j E Y, H:i",
        "time": "H:i",
    },
    "ar": {
        "date": "j F Y",
        "day": "l j F Y",
        "datetime": "j F Y، g:i a",
        "day_time": "l j F Y، g:i a",
        "time": "g:i a",
    },
}


def date_format(style, language=None):
    """The format string for a style ("date", "day", "datetime", "day_time", "time")."""
    formats = STYLES.get(language or active_language(), STYLES["en"])
    return formats[style]


@register.filter(expects_localtime=True)
def local_date(value, style="date"):
    """`value` written in the active language's form of `style`; "" for no value."""
    if style not in STYLES["en"]:
        raise template.TemplateSyntaxError(f"local_date: unknown style {style!r}")
    return date_filter(value, date_format(style))
