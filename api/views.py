"""The public read-only API: consultations, events, published results and open data downloads.

Views stay thin: the reads are in api.selectors (and the consultations and feedback selectors
they call), the figures in feedback's suppression rule.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, opendata, selectors, serializers
from api.models import OpenDataSettings
from consultations import selectors as consultation_selectors
from consultations.models import Borough, ConsultationPage, ConsultationStatus, Topic


class PublicView:
    """Read-only, open to anyone, no cookies or sessions looked at."""

    authentication_classes = []
    permission_classes = []
    http_method_names = ["get", "head", "options"]


def _date_parameters(*names):
    return [
        OpenApiParameter(name, OpenApiTypes.STR, description="ISO 8601 date or date-time")
        for name in names
    ]


CONSULTATION_FILTERS = {
    "status",
    "borough",
    "topic",
    "audience",
    "q",
    "opens_after",
    "opens_before",
    "closes_after",
    "closes_before",
}


@extend_schema(
    parameters=[
        OpenApiParameter("status", enum=ConsultationStatus.values),
        OpenApiParameter("borough", OpenApiTypes.STR, description="A borough's slug"),
        OpenApiParameter("topic", OpenApiTypes.STR, description="A topic's slug"),
        OpenApiParameter("audience", enum=ConsultationPage.Audience.values),
        OpenApiParameter("q", OpenApiTypes.STR, description="Search words"),
        *_date_parameters("opens_after", "opens_before", "closes_after", "closes_before"),
    ]
)
class ConsultationList(PublicView, generics.ListAPIView):
    """Published consultations: open first (closing soonest), then forthcoming, then closed."""

    serializer_class = serializers.ConsultationSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters.reject_unknown(params, CONSULTATION_FILTERS)
        queryset = consultation_selectors.consultations_listing(
            status=filters.choice(params, "status", ConsultationStatus.values),
            audience=filters.choice(params, "audience", ConsultationPage.Audience.values),
            borough=filters.lookup(params, "borough", Borough.objects.all()),
            topic=filters.lookup(params, "topic", Topic.objects.all()),
            query=(params.get("q") or "").strip() or None,
        ).select_related("lead_organisation")
        for name, lookup, end_of_day in (
            ("opens_after", "opens_at__gte", False),
            ("opens_before", "opens_at__lte", True),
            ("closes_after", "closes_at__gte", False),
            ("closes_before", "closes_at__lte", True),
        ):
            value = filters.moment(params, name, end_of_day=end_of_day)
            if value is not None:
                queryset = queryset.filter(**{lookup: value})
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class ConsultationDetail(PublicView, generics.RetrieveAPIView):
    """One published consultation with its documents, upcoming events and downloads."""

    serializer_class = serializers.ConsultationDetailSerializer

    def get_queryset(self):
        return selectors.public_consultations()

    def retrieve(self, request, *args, **kwargs):
        filters.reject_unknown(request.query_params, set())
        page = self.get_object()
        context = {
            **self.get_serializer_context(),
            "now": timezone.now(),
            "documents": consultation_selectors.consultation_documents(consultation=page),
            "events": consultation_selectors.events_for_consultation(consultation=page),
        }
        return Response(self.get_serializer_class()(page, context=context).data)


def _published(pk):
    """A public consultation whose outcome is published, or 404."""
    return get_object_or_404(selectors.published_outcome_consultations(), pk=pk)


class ConsultationResults(PublicView, APIView):
    """Published results: closed questions, themes ("n of N"), "you said, we did".

    Counts under 5 read "fewer than 5" (count null); a larger count is "withheld" where it
    would let a small one be worked out. Only quotes an officer approved appear.
    """

    @extend_schema(responses=serializers.ResultsSerializer)
    def get(self, request, pk):
        filters.reject_unknown(request.query_params, set())
        return Response(selectors.consultation_results(consultation=_published(pk)))


def _licence(request):
    return OpenDataSettings.for_request(request).as_dict()


class OpenDataJson(PublicView, APIView):
    """The results as an open data file, with the licence and the data dictionary."""

    @extend_schema(responses=serializers.OpenDataSerializer)
    def get(self, request, pk):
        filters.reject_unknown(request.query_params, set())
        page = _published(pk)
        data = {
            **selectors.consultation_results(consultation=page),
            "licence": _licence(request),
            "data_dictionary": opendata.data_dictionary(),
        }
        response = Response(data)
        response["Content-Disposition"] = f'attachment; filename="{_name(page)}.json"'
        return response


def _name(page):
    return f"results-{slugify(page.slug)}"


def _csv(request, text, filename):
    licence = _licence(request)
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{licence["url"]}>; rel="license"'
    return response


class OpenDataCsv(PublicView, APIView):
    """The results as CSV, one row per published figure (columns: see the data dictionary)."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, pk):
        filters.reject_unknown(request.query_params, set())
        page = _published(pk)
        text = opendata.results_csv(selectors.consultation_results(consultation=page))
        return _csv(request, text, f"{_name(page)}.csv")


class OpenDataDictionary(PublicView, APIView):
    """What each column of the CSV download means."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, pk):
        filters.reject_unknown(request.query_params, set())
        page = _published(pk)
        return _csv(request, opendata.data_dictionary_csv(), f"{_name(page)}-dictionary.csv")


EVENT_FILTERS = {"when", "borough", "consultation", "starts_after", "starts_before", "format"}


@extend_schema(
    parameters=[
        OpenApiParameter("when", enum=["upcoming", "past", "all"], description="Default upcoming"),
        OpenApiParameter("borough", OpenApiTypes.STR, description="A borough's slug"),
        OpenApiParameter("consultation", OpenApiTypes.INT, description="A consultation's id"),
        OpenApiParameter("format", enum=["in_person", "online", "hybrid"]),
        *_date_parameters("starts_after", "starts_before"),
    ]
)
class EventList(PublicView, generics.ListAPIView):
    """Published workshops: upcoming soonest first (or past, latest first)."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters.reject_unknown(params, EVENT_FILTERS)
        now = timezone.now()
        when = filters.choice(params, "when", ["upcoming", "past", "all"]) or "upcoming"
        queryset = selectors.public_events()
        if when == "upcoming":
            queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
        elif when == "past":
            queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        else:
            queryset = queryset.order_by("starts_at", "pk")
        borough = filters.lookup(params, "borough", Borough.objects.all())
        if borough is not None:
            queryset = queryset.filter(borough=borough)
        consultation = filters.lookup(
            params, "consultation", selectors.public_consultations(), field="pk"
        )
        if consultation is not None:
            queryset = queryset.filter(consultation=consultation)
        event_format = filters.choice(params, "format", ["in_person", "online", "hybrid"])
        if event_format:
            queryset = queryset.filter(format=event_format)
        for name, lookup, end_of_day in (
            ("starts_after", "starts_at__gte", False),
            ("starts_before", "starts_at__lte", True),
        ):
            value = filters.moment(params, name, end_of_day=end_of_day)
            if value is not None:
                queryset = queryset.filter(**{lookup: value})
        return queryset

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "now": timezone.now(),
            "public_consultations": selectors.public_consultation_ids(),
        }


class EventDetail(PublicView, generics.RetrieveAPIView):
    """One published workshop."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        filters.reject_unknown(self.request.query_params, set())
        return selectors.public_events()

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "public_consultations": selectors.public_consultation_ids(),
        }
