"""Views for the site shell: the branding stylesheet."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from wagtail.models import Site

from home.models import BrandingSettings


@cache_control(max_age=300, public=True)
def brand_css(request):
    """Serve the brand colour as a CSS custom property (a file: the CSP allows no inline style)."""
    site = Site.find_for_request(request)
    colour = BrandingSettings.for_site(site).primary_colour if site else "#005eb8"
    css = f":root {{ --brand: {colour}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
