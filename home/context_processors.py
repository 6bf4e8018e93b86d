"""Template context shared by every public page: the main navigation."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from engage import pagecache
from home import languages


def _menu(request, site, language):
    """(title, url, lang) of the home page and its live children marked "show in menus", in
    the visitor's language: a page's translation where there is one, otherwise the English page
    under the language's prefix (served with the "not yet translated" note), its English title
    marked with `lang` so a screen reader reads it as English."""
    root = site.root_page
    # Plain Page rows (no .specific, no deferred fields): Page.get_url needs nothing more, and
    # deferring fields made Wagtail load each one with a query of its own.
    pages = [root, *root.get_children().live().in_menu()]
    if language == languages.default_language():
        return [
            (page.title, "/" if page is root else page.get_url(request=request), None)
            for page in pages
        ]
    items = []
    for source, page in zip(pages, languages.localized(pages), strict=True):
        if page is not source:
            items.append((page.title, page.get_url(request=request), None))
            continue
        url = "/" if source is root else source.get_url(request=request)
        english = languages.html_lang(languages.default_language())
        url = languages.path_in_language(url, language, from_code=languages.default_language())
        items.append((source.title, url, english))
    return items


def _navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = languages.active_language()
    # The menu only changes when pages are published, moved or unpublished, which start a new
    # page-cache generation; until then every request in one language shares one copy.
    menu = pagecache.cached_for_generation(
        f"navigation:{site.pk}:{language}", lambda: _menu(request, site, language)
    )
    home_url = menu[0][1] if menu else "/"
    return [
        {
            "title": title,
            "url": url,
            "lang": lang,
            "current": request.path == url
            if url == home_url
            else bool(url) and request.path.startswith(url),
        }
        for title, url, lang in menu
    ]


def navigation(request):
    """The main navigation, with the current item flagged; worked out only if a page shows it."""
    return {"site_navigation": SimpleLazyObject(lambda: _navigation(request))}
