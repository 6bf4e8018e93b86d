"""The language switcher, `lang`/`dir` for the page and the hreflang alternates (base.html)."""

from django import template

from home import languages

register = template.Library()


def _links(context):
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_engage_language_links", None)
    if cached is None:
        page = context.get("page")
        if page is not None and getattr(page, "translation_key", None):
            cached = languages.links_for_page(request, page)
        else:
            cached = languages.links_for_path(request)
        request._engage_language_links = cached
    return cached


@register.simple_tag
def html_lang(code):
    """`lang` for a language code: "en-GB" for English."""
    return languages.html_lang(code)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Every language, each link going to this page in it (and remembering the choice)."""
    return {"links": _links(context)}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """`<link rel="alternate" hreflang>` for each translation of a page, plus x-default."""
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None or not getattr(page, "translation_key", None):
        return {"alternates": []}
    alternates = [
        (link.lang, request.build_absolute_uri(link.url))
        for link in _links(context)
        if link.is_translated
    ]
    english = next(
        (link for link in _links(context) if link.code == languages.default_language()), None
    )
    if english is not None and english.is_translated:
        alternates.append(("x-default", request.build_absolute_uri(english.url)))
    return {"alternates": alternates}


@register.simple_tag(takes_context=True)
def language_fallback(context):
    """The visitor's language's name when the page is shown in English for want of a
    translation, else "" (base.html shows the note and marks the content as English)."""
    request = context.get("request")
    if request is None or not getattr(request, "language_fallback", False):
        return ""
    return languages.language_names().get(languages.active_language(), "")
