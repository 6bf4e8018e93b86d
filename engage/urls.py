"""Top-level URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.defaults import page_not_found
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from engage import account_views, views
from engage.site_history import SiteHistoryView

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
    path("", include("home.urls")),
    path("", include("consultations.urls")),
    path("", include("feedback.urls")),
    path("", include("network.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
