"""Template context shared by every public page: the main navigation."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from engage import pagecache


def _menu(request, site):
    """(title, url) of the home page and its live children marked "show in menus"."""
    root = site.root_page
    items = [(root.title, "/")]
    # Plain Page rows (no .specific, no deferred fields): Page.get_url needs nothing more, and
    # deferring fields made Wagtail load each one with a query of its own.
    for page in root.get_children().live().in_menu():
        items.append((page.title, page.get_url(request=request)))
    return items


def _navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    # The menu only changes when pages are published, moved or unpublished, which start a new
    # page-cache generation; until then every request shares one copy.
    menu = pagecache.cached_for_generation(f"navigation:{site.pk}", lambda: _menu(request, site))
    return [
        {
            "title": title,
            "url": url,
            "current": request.path == "/"
            if url == "/"
            else bool(url) and request.path.startswith(url),
        }
        for title, url in menu
    ]


def navigation(request):
    """The main navigation, with the current item flagged; worked out only if a page shows it."""
    return {"site_navigation": SimpleLazyObject(lambda: _navigation(request))}
