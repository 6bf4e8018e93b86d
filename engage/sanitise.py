"""Defence in depth for rich text: keep formatting, drop anything that could run script."""

import nh3
from django.utils.safestring import mark_safe

RICH_TEXT_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "abbr": {"title"}}


def sanitise_html(html):
    """Rich text as safe HTML: allowed tags only, no event handlers, no javascript: links.

    Wagtail's editor already limits what editors can enter; this guards content that arrives
    another way (imports, code, the API) before it is shown in the admin, emails or PDFs.
    """
    cleaned = nh3.clean(
        str(html or ""),
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 (nh3 has just removed anything unsafe)
