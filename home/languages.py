"""The site's languages: which one a visitor reads, a page in each of them, and the fallback.

English pages keep their URLs (no prefix); the other languages live under /pl/, /pa/, /ar/.
A page not yet translated into the visitor's language is shown in English at the language's
URL, with a note, rather than a "not found" (see ``page_route``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

# Annotations and prefetches a listing puts on a source page, kept on its translation.
CARRIED_OVER = ("confirmed_count", "status_rank", "_prefetched_objects_cache")

# The `lang` attribute for a language code where it says more than the code: British English.
HTML_LANG = {"en": "en-GB"}


def default_language():
    """The language of the source pages and of unprefixed URLs ("en")."""
    return settings.LANGUAGE_CODE


def language_names():
    """{code: the language's name in itself}, in the order the switcher offers them."""
    return dict(settings.LANGUAGES)


def active_language():
    """The supported language code being used for this request ("en", "pl", ...)."""
    code = translation.get_language() or default_language()
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return default_language()


def html_lang(code):
    """The value for a `lang` attribute: "en-GB" for English, else the code itself."""
    return HTML_LANG.get(code, code)


def is_bidi(code):
    """True for a language written right to left (Arabic)."""
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def in_default_language(queryset):
    """Pages of a queryset in the site's own language: the source pages, which hold the
    questionnaires, responses and registrations their translations share."""
    return queryset.filter(locale__language_code=default_language())


def source_page(page):
    """A page's version in the site's own language (itself when it is that version)."""
    if page.locale.language_code == default_language():
        return page
    source = page.get_translation_or_none(Locale.get_default())
    return source.specific if source is not None else page


def localized(pages):
    """Each page as its live translation in the visitor's language, where there is one (one
    query; none at all in English)."""
    pages = list(pages)
    language = active_language()
    if language == default_language() or not pages:
        return pages
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
            alias_of__isnull=True,
        )
        .live()
        .specific()
    }
    result = []
    for page in pages:
        translation_ = translations.get(page.translation_key)
        if translation_ is None:
            result.append(page)
            continue
        # What the listing worked out for the source (places taken, prefetched boroughs) is
        # the same for its translation, which shares them.
        for name in CARRIED_OVER:
            if name in page.__dict__:
                translation_.__dict__[name] = page.__dict__[name]
        result.append(translation_)
    return result


def path_in_language(path, code, *, from_code=None):
    """The same URL in another language: ``/consultations/`` -> ``/pl/consultations/``.

    A URL that does not depend on the language (an account page) comes back unchanged.
    """
    with translation.override(from_code or active_language()):
        return translate_url(path, code)


def _untranslated(page):
    # An alias shows its source's content: in another language it is not a translation.
    return page.alias_of_id is not None


def page_versions(page):
    """{language code: the live page} for a page and its translations (one query)."""
    versions = (
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .live()
        .select_related("locale")
    )
    return {version.locale.language_code: version for version in versions}


@dataclass(frozen=True)
class LanguageLink:
    """One language in the switcher or the alternates."""

    code: str
    name: str
    url: str
    is_current: bool
    is_translated: bool

    @property
    def lang(self):
        return html_lang(self.code)

    @property
    def dir(self):
        return "rtl" if is_bidi(self.code) else "ltr"


def links_for_page(request, page):
    """The page in every language: its translation where there is one, else its English
    version at that language's URL (shown with the fallback note)."""
    current = active_language()
    versions = page_versions(page)
    source = versions.get(default_language())
    source_path = source.get_url(request=request) if source is not None else request.path
    links = []
    for code, name in language_names().items():
        version = versions.get(code)
        if version is not None:
            url = version.get_url(request=request)
        else:
            url = path_in_language(source_path, code, from_code=default_language())
        links.append(
            LanguageLink(code, name, url, is_current=code == current, is_translated=bool(version))
        )
    return links


# Staff screens keep their own language (Wagtail's per-user preference) and the API is data.
STAFF_PREFIXES = ("/admin/", "/django-admin/", "/api/")


def follows_choice(path):
    """True for a public URL that is the same in every language (account and network pages):
    it is shown in the language the visitor chose with the switcher, not by its address."""
    if path.startswith(STAFF_PREFIXES):
        return False
    other = next(code for code in language_names() if code != default_language())
    return path_in_language(path, other, from_code=default_language()) == path


def links_for_path(request):
    """Every language for a page that is not a Wagtail page: the respond journey's address
    in each language, or, for a page with one address (sign in, the network), that same
    address, shown in the language chosen (``language_choose`` remembers it)."""
    current = active_language()
    path = request.get_full_path()
    urls = {code: path_in_language(path, code) for code in language_names()}
    return [
        LanguageLink(code, name, urls[code], is_current=code == current, is_translated=True)
        for code, name in language_names().items()
    ]


@dataclass(frozen=True)
class PageRoute:
    """What to do with a page URL: serve ``route`` (with the fallback note or not) or redirect."""

    route: tuple | None = None
    redirect_url: str | None = None
    fallback: bool = False


def _default_tree_route(request, path):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    default_locale = Locale.get_default()
    if root.locale_id != default_locale.pk:
        root = root.get_translation_or_none(default_locale) or root
    components = [component for component in path.split("/") if component]
    try:
        return root.specific.route(request, components)
    except Http404:
        return None


def page_route(request, path):
    """Find the page for a URL in the visitor's language, falling back to English.

    - the page exists in the language: serve it;
    - it exists under another URL in the language (a translated slug): redirect there;
    - it exists only in English: serve the English page with the fallback note.
    """
    route = Page.route_for_request(request, path)
    language = active_language()
    if language == default_language():
        return PageRoute(route=route)
    if route is not None:
        page = route[0]
        if page.locale.language_code == language and not _untranslated(page):
            return PageRoute(route=route)
    english = _default_tree_route(request, path)
    if english is None:
        return PageRoute(route=route, fallback=route is not None)
    translated = page_versions(english[0]).get(language)
    if translated is not None and translated.pk != english[0].pk:
        url = translated.get_url(request=request)
        if url and url != request.path:
            return PageRoute(redirect_url=url)
    request._wagtail_route_for_request = english
    return PageRoute(route=english, fallback=True)
