"""How consultations, events and results read in the public API (no personal data)."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import ConsultationPage, ConsultationStatus, WorkshopEventPage


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else None


class PlaceSerializer(serializers.Serializer):
    """A borough or topic: its slug (the filter value) and name."""

    slug = serializers.CharField()
    name = serializers.CharField()


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation in a listing."""

    status = serializers.SerializerMethodField()
    lead_organisation = serializers.SerializerMethodField()
    boroughs = PlaceSerializer(many=True, read_only=True)
    topics = PlaceSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    results_url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationPage
        fields = [
            "id",
            "title",
            "slug",
            "summary",
            "kind",
            "audience",
            "status",
            "opens_at",
            "closes_at",
            "outcome_published_at",
            "lead_organisation",
            "boroughs",
            "topics",
            "url",
            "api_url",
            "results_url",
        ]

    def _now(self):
        return self.context.setdefault("now", timezone.now())

    @extend_schema_field(serializers.ChoiceField(choices=ConsultationStatus.choices))
    def get_status(self, page):
        return page.status_at(self._now())

    @extend_schema_field(OpenApiTypes.STR)
    def get_lead_organisation(self, page):
        return page.lead_organisation.name if page.lead_organisation else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page):
        return page.get_full_url(self.context["request"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, page):
        return _absolute(
            self.context["request"], reverse("api:consultation-detail", args=[page.pk])
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_results_url(self, page):
        if not page.outcome_is_published_at(self._now()):
            return None
        return _absolute(
            self.context["request"], reverse("api:consultation-results", args=[page.pk])
        )

    def to_representation(self, page):
        data = super().to_representation(page)
        if not page.outcome_is_published_at(self._now()):
            data["outcome_published_at"] = None  # a future date is an editor's plan, not news
        return data


class AlternativeFormatSerializer(serializers.Serializer):
    """Another version of a document: easy read, large print or another language."""

    format = serializers.ChoiceField(choices=["easy_read", "large_print", "other_language"])
    language = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    url = serializers.URLField()


class DocumentSerializer(serializers.Serializer):
    """A consultation document with a link to it and its alternative formats."""

    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    is_background_paper = serializers.BooleanField()
    file_type = serializers.CharField()
    url = serializers.URLField()
    alternative_formats = AlternativeFormatSerializer(many=True)


class ConsultationDetailSerializer(ConsultationSerializer):
    """A consultation with its documents, events and open data downloads."""

    documents = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    open_data = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "documents", "events", "open_data"]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, page):
        request = self.context["request"]
        documents = []
        for item in self.context.get("documents", []):
            alternatives = []
            for name in ("easy_read", "large_print", "other_language"):
                document = getattr(item, name)
                if document is not None:
                    alternatives.append(
                        {
                            "format": name,
                            "language": item.other_language_name
                            if name == "other_language"
                            else "",
                            "title": document.title,
                            "url": _absolute(request, document.url),
                        }
                    )
            documents.append(
                {
                    "title": item.document.title,
                    "description": item.description,
                    "is_background_paper": item.is_background_paper,
                    "file_type": item.document.file_extension,
                    "url": _absolute(request, item.document.url),
                    "alternative_formats": alternatives,
                }
            )
        return documents

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_events(self, page):
        request = self.context["request"]
        return [
            _absolute(request, reverse("api:event-detail", args=[event.pk]))
            for event in self.context.get("events", [])
        ]

    @extend_schema_field(serializers.DictField(child=serializers.URLField()))
    def get_open_data(self, page):
        if not page.outcome_is_published_at(self._now()):
            return {}
        request = self.context["request"]
        return {
            name: _absolute(request, reverse(f"api:open-data-{name}", args=[page.pk]))
            for name in ("csv", "json", "dictionary")
        }


class AccessibilitySerializer(serializers.Serializer):
    """How accessible the venue is."""

    step_free_access = serializers.BooleanField()
    hearing_loop = serializers.BooleanField()
    nearest_transport = serializers.CharField(allow_blank=True)
    notes = serializers.CharField(allow_blank=True)


class EventSerializer(serializers.ModelSerializer):
    """A workshop: when, where, how accessible, and how many places are left (never who)."""

    borough = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    locality = serializers.SlugRelatedField(slug_field="name", read_only=True)
    accessibility = serializers.SerializerMethodField()
    places_left = serializers.SerializerMethodField()
    registration_state = serializers.SerializerMethodField()
    consultation = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = WorkshopEventPage
        fields = [
            "id",
            "title",
            "slug",
            "summary",
            "starts_at",
            "ends_at",
            "format",
            "venue_name",
            "venue_address",
            "borough",
            "locality",
            "accessibility",
            "capacity",
            "places_left",
            "registration_state",
            "is_cancelled",
            "consultation",
            "url",
            "ics_url",
        ]

    @extend_schema_field(AccessibilitySerializer)
    def get_accessibility(self, event):
        return {
            "step_free_access": event.step_free_access,
            "hearing_loop": event.hearing_loop,
            "nearest_transport": event.nearest_transport,
            "notes": event.accessibility_notes,
        }

    @extend_schema_field(OpenApiTypes.INT)
    def get_places_left(self, event):
        return max(event.capacity - event.confirmed_count, 0)

    @extend_schema_field(OpenApiTypes.STR)
    def get_registration_state(self, event):
        return event.registration_state_at(self.context.setdefault("now", timezone.now()))

    @extend_schema_field(OpenApiTypes.URI)
    def get_consultation(self, event):
        """The consultation's API address, only when the public may see that consultation."""
        if event.consultation_id not in self.context.get("public_consultations", set()):
            return None
        return _absolute(
            self.context["request"],
            reverse("api:consultation-detail", args=[event.consultation_id]),
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event):
        return event.get_full_url(self.context["request"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, event):
        return _absolute(
            self.context["request"], reverse("consultations:event_ics", args=[event.pk])
        )


# --- results (for the schema; the data is built by api.selectors.consultation_results) -------


class CountSerializer(serializers.Serializer):
    """A count under the small-number rule: `count` is null when hidden."""

    count = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=["shown", "small", "withheld"])
    display = serializers.CharField()


class OptionSerializer(CountSerializer):
    """One option of a closed question."""

    label = serializers.CharField()
    percentage = serializers.FloatField(allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    """A closed question's answers."""

    number = serializers.IntegerField()
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    answered = CountSerializer()
    withheld = serializers.BooleanField()
    options = OptionSerializer(many=True)


class ThemeResultSerializer(serializers.Serializer):
    """A theme: how many respondents raised it ("n of N"), what it means, approved quotes."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    n = serializers.IntegerField(allow_null=True)
    n_status = serializers.CharField()
    n_display = serializers.CharField()
    N = serializers.IntegerField(allow_null=True)
    n_of_N = serializers.CharField()
    quotes = serializers.ListField(child=serializers.CharField())


class ThemesSerializer(serializers.Serializer):
    respondents = CountSerializer()
    themes = ThemeResultSerializer(many=True)


class YouSaidWeDidSerializer(serializers.Serializer):
    what_we_heard = serializers.CharField(help_text="HTML")
    what_we_decided = serializers.CharField(help_text="HTML")


class SuppressionSerializer(serializers.Serializer):
    threshold = serializers.IntegerField()
    note = serializers.CharField()


class ResultsSerializer(serializers.Serializer):
    """The published results of a consultation."""

    consultation = serializers.DictField()
    outcome_published_at = serializers.DateTimeField()
    responses = CountSerializer()
    questions = QuestionResultSerializer(many=True)
    themes = ThemesSerializer()
    you_said_we_did = YouSaidWeDidSerializer()
    suppression = SuppressionSerializer()


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()
    attribution = serializers.CharField()


class OpenDataSerializer(ResultsSerializer):
    """The open data download: the results with their licence and data dictionary."""

    licence = LicenceSerializer()
    data_dictionary = serializers.ListField(child=serializers.DictField())
