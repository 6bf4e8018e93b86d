"""How a response reference is shown: whole, never broken at its hyphens in a narrow cell."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def reference(value, where="page"):
    """A response reference that does not wrap (class ``reference-number``, styled in site.css
    and admin.css). ``reference:"email"`` styles it inline: email clients load no stylesheet."""
    if where == "email":
        return format_html('<span style="white-space: nowrap">{}</span>', value)
    return format_html('<span class="reference-number">{}</span>', value)
