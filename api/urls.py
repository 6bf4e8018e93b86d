"""URLs of the API, under /api/v1/: public reads, open data, staff exports, schema and docs."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, re_path
from django.utils.decorators import decorator_from_middleware
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import errors, staff, views

app_name = "api"

# ETag on every public answer, and 304 Not Modified when If-None-Match matches it.
conditional = decorator_from_middleware(ConditionalGetMiddleware)

urlpatterns = [
    path("consultations/", conditional(views.ConsultationList.as_view()), name="consultation-list"),
    path(
        "consultations/<int:pk>/",
        conditional(views.ConsultationDetail.as_view()),
        name="consultation-detail",
    ),
    path(
        "consultations/<int:pk>/results/",
        conditional(views.ConsultationResults.as_view()),
        name="consultation-results",
    ),
    path(
        "consultations/<int:pk>/open-data/results.csv",
        conditional(views.OpenDataCsv.as_view()),
        name="open-data-csv",
    ),
    path(
        "consultations/<int:pk>/open-data/results.json",
        conditional(views.OpenDataJson.as_view()),
        name="open-data-json",
    ),
    path(
        "consultations/<int:pk>/open-data/data-dictionary.csv",
        conditional(views.OpenDataDictionary.as_view()),
        name="open-data-dictionary",
    ),
    path("events/", conditional(views.EventList.as_view()), name="event-list"),
    path("events/<int:pk>/", conditional(views.EventDetail.as_view()), name="event-detail"),
    path(
        "staff/consultations/",
        staff.StaffConsultations.as_view(),
        name="staff-consultations",
    ),
    path(
        "staff/consultations/<int:pk>/<str:kind>.<str:fmt>",
        staff.StaffExport.as_view(),
        name="staff-export",
    ),
    path("schema/", conditional(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", errors.not_found, name="not-found"),
]
