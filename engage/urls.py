"""Top-level URL configuration."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.defaults import page_not_found
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from engage import account_views, views
from engage.site_history import SiteHistoryView
from home import admin_views as home_admin_views
from home import views as home_views
from home.sitemaps import SiteSitemap

handler400 = "engage.views.bad_request"
handler500 = "engage.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # One way in: allauth's login (MFA, rate limits, verified email). These come first so that
    # they shadow the admin's and Wagtail's own forms, which would accept a password alone.
    path("admin/login/", views.sign_in_redirect),
    re_path(r"^admin/password_reset/(?P<rest>.*)$", views.password_reset_redirect),
    path("django-admin/login/", views.sign_in_redirect),
    path("_util/login/", views.sign_in_redirect),
    path("django-admin/", admin.site.urls),
    # Wagtail's deliberate-error page: a 500 on demand is no use to anyone in production.
    path("admin/failwhale/", page_not_found, {"exception": Http404()}),
    # Ahead of Wagtail's own: the same report, filtered by the access policy.
    path(
        "admin/reports/site-history/",
        require_admin_access(SiteHistoryView.as_view()),
        name="site_history",
    ),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(SiteHistoryView.as_view(results_only=True)),
        name="site_history_results",
    ),
    # Ahead of wagtail-localize's own: a PO file is checked whole and imported all or nothing.
    path(
        "admin/localize/translate/<int:translation_id>/pofile/upload/",
        require_admin_access(home_admin_views.translation_po_upload),
        name="translation_po_upload",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Ahead of Wagtail's own, which sends "Content-Encoding: None" with every download.
    re_path(r"^documents/(\d+)/(.*)$", views.document_serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("api.urls")),
    # Ahead of allauth's own, which show their "invalid link" page with a 200.
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", account_views.confirm_email),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
    ),
    path("accounts/", include("allauth.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SiteSitemap}}, name="sitemap"),
    path("", include("home.urls")),
    path("", include("network.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What a resident reads, in their language: English as before, the others under /pl/, /pa/,
# /ar/ (an unknown prefix is simply a page not found). Last, as the pages catch every path.
urlpatterns += i18n_patterns(
    path("", include("consultations.urls")),
    path("", include("feedback.urls")),
    # wagtail.urls, with our page view: the visitor's language, falling back to English.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(r"^((?:[\w\-]+/)*)$", home_views.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
