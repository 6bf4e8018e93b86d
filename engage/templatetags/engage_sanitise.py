"""Template filter: show rich text with only safe formatting (see engage.sanitise)."""

from django import template

from engage.sanitise import sanitise_html as _sanitise_html

register = template.Library()


@register.filter
def sanitise_html(value):
    """Rich text (a Wagtail RichText or an HTML string) with anything unsafe removed."""
    return _sanitise_html(value)
