"""Views for the site shell: the branding stylesheet, page serving by language, the switcher."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.models import Site

from home import languages
from home.models import BrandingSettings


@cache_control(max_age=300, public=True)
def brand_css(request):
    """Serve the brand colour as a CSS custom property (a file: the CSP allows no inline style)."""
    site = Site.find_for_request(request)
    colour = BrandingSettings.for_site(site).primary_colour if site else "#005eb8"
    css = f":root {{ --brand: {colour}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _remembered_language(request):
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code in languages.language_names() and code != languages.default_language():
        return code
    return None


def serve(request, path):
    """Wagtail's page view, in the visitor's language with the English fallback (see
    home.languages.page_route); the front page follows the language a visitor chose."""
    if not path and languages.active_language() == languages.default_language():
        remembered = _remembered_language(request)
        if remembered:
            return redirect(languages.path_in_language("/", remembered))
    found = languages.page_route(request, path)
    if found.redirect_url:
        return redirect(found.redirect_url)
    if found.route is None:
        raise Http404
    page, args, kwargs = found.route
    request.language_fallback = found.fallback

    # As wagtail.views.serve: the same hooks, in the same order.
    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


@require_GET
def language_choose(request, code):
    """Remember a visitor's language (the django_language cookie) and go to ``next``, the page
    in that language. Choosing English forgets the choice: English is what the site starts in."""
    if code not in languages.language_names():
        raise Http404(_("This site is not available in that language."))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = languages.path_in_language("/", code, from_code=languages.default_language())
    response = redirect(next_url)
    if code == languages.default_language():
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
        )
    else:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 60 * 60,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
