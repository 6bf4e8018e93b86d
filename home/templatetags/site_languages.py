"""The language switcher, `lang`/`dir` for the page and the hreflang alternates (base.html)."""

from dataclasses import dataclass

from django import template
from django.utils.html import json_script
from django.utils.translation import ngettext

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


# Numbers that between them fall in every plural category (CLDR) of the offered languages:
# Polish one/few/many, Arabic zero/one/two/few/many/other, Punjabi and English one/other.
PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 22, 100, 101, 102, 111)


@register.simple_tag
def character_count_messages():
    """The character counter's sentences (static/js/site.js) in the page's language.

    For each sample number, the sentence gettext gives with `%(count)s` left in; the script
    picks the sample in the same plural category as its count (Intl.PluralRules) and puts the
    count in. A JSON data block, so the content security policy has nothing to run.
    """
    messages = {
        str(n): {
            "remaining": ngettext(
                "You have %(count)s character remaining",
                "You have %(count)s characters remaining",
                n,
            ),
            "over": ngettext(
                "You have %(count)s character too many", "You have %(count)s characters too many", n
            ),
        }
        for n in PLURAL_SAMPLES
    }
    return json_script(messages, "engage-character-count")


@dataclass(frozen=True)
class ShownPage:
    """A page as the visitor's language shows it: its translation's title and URL, or the
    English title (marked `lang`) and the English page under the language's prefix."""

    title: str
    url: str
    lang: str | None


@register.filter
def in_visitor_language(page):
    """`page` as a `ShownPage` in the active language (one query, once per page object)."""
    language = languages.active_language()
    key = f"_engage_shown_{language}"
    if key not in page.__dict__:
        shown = languages.localized([page])[0]
        if shown is not page or language == languages.default_language():
            page.__dict__[key] = ShownPage(shown.title, shown.url, None)
        else:
            url = languages.path_in_language(
                page.url, language, from_code=languages.default_language()
            )
            english = languages.html_lang(languages.default_language())
            page.__dict__[key] = ShownPage(page.title, url, english)
    return page.__dict__[key]
