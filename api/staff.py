"""The staff export API: responses and theme tags of the consultations a token may see,
streamed as CSV or JSON so that no export is ever held in memory whole.

Every request needs a personal token (``Authorization: Bearer <token>``) whose owner may export
responses (``feedback.export_responses``) of the consultation, under the access policy
(``engage.access``) asked on every use. Every use is written to the audit log, each export also
as an export of personal data.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors, services
from api.authentication import PersonalTokenAuthentication
from api.filters import reject_unknown
from engage import audit
from engage.spreadsheets import spreadsheet_row

# Rows written to the response at a time: one "page" of the stream.
ROWS_PER_CHUNK = 500

EXPORTS = {
    "responses": (
        selectors.export_answer_rows,
        [
            "response",
            "channel",
            "submitted_at",
            "capacity",
            "borough",
            "locality",
            "consent_to_quote",
            "question",
            "choices",
            "number",
            "text",
        ],
    ),
    "theme-tags": (
        selectors.export_theme_tag_rows,
        ["response", "answer", "question", "theme", "theme_name", "source", "score"],
    ),
}


class StaffView(APIView):
    """Token only: a browser session is not enough (no cookies, so no cross-site requests)."""

    authentication_classes = [PersonalTokenAuthentication]
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        reject_unknown(request.query_params, set())


class StaffConsultations(StaffView):
    """The consultations this token may export, with the addresses of their exports."""

    @extend_schema(
        responses=inline_serializer(
            "StaffConsultation",
            {
                "id": serializers.IntegerField(),
                "title": serializers.CharField(),
                "exports": serializers.DictField(child=serializers.URLField()),
            },
            many=True,
        )
    )
    def get(self, request):
        services.token_use_record(token=request.auth, path=request.path)
        consultations = selectors.export_consultations_for(user=request.user).only("pk", "title")
        return Response(
            [
                {
                    "id": page.pk,
                    "title": page.title,
                    "exports": {
                        f"{kind}.{fmt}": request.build_absolute_uri(
                            reverse("api:staff-export", args=[page.pk, kind, fmt])
                        )
                        for kind in EXPORTS
                        for fmt in ("csv", "json")
                    },
                }
                for page in consultations
            ]
        )


def _csv_stream(rows, columns):
    """CSV text in chunks of ROWS_PER_CHUNK rows, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        values = [
            "; ".join(map(str, row[name])) if isinstance(row[name], list) else row[name]
            for name in columns
        ]
        writer.writerow(spreadsheet_row(values))
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_stream(rows, *, consultation, kind):
    """A JSON document {"consultation", "export", "rows": [...]} in chunks of rows."""
    head = json.dumps({"consultation": consultation.pk, "export": kind})
    yield head[:-1] + ', "rows": ['
    chunk = []
    first = True
    for row in rows:
        chunk.append(json.dumps(row, cls=DjangoJSONEncoder))
        if len(chunk) == ROWS_PER_CHUNK:
            yield ("" if first else ",") + ",".join(chunk)
            first = False
            chunk = []
    if chunk:
        yield ("" if first else ",") + ",".join(chunk)
    yield "]}"


class StaffExport(StaffView):
    """Every response's answers, or every theme tag, of one consultation, as CSV or JSON."""

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/json"): OpenApiTypes.OBJECT,
        }
    )
    def get(self, request, pk, kind, fmt):
        if kind not in EXPORTS or fmt not in ("csv", "json"):
            raise Http404
        consultation = selectors.export_consultations_for(user=request.user).filter(pk=pk).first()
        services.token_use_record(
            token=request.auth,
            path=request.path,
            consultation=consultation,
            details={"allowed": consultation is not None},
        )
        if consultation is None:
            raise Http404  # not there, or not this token's: no hint which
        audit.audit_record(
            user=request.user,
            action=audit.EXPORT_PERSONAL_DATA,
            obj=consultation,
            details={"what": kind, "format": fmt, "via": "api token", "token": request.auth.prefix},
            mirror=False,
        )
        builder, columns = EXPORTS[kind]
        rows = builder(consultation=consultation)
        if fmt == "csv":
            response = StreamingHttpResponse(
                _csv_stream(rows, columns), content_type="text/csv; charset=utf-8"
            )
        else:
            response = StreamingHttpResponse(
                _json_stream(rows, consultation=consultation, kind=kind),
                content_type="application/json",
            )
        response["Content-Disposition"] = f'attachment; filename="{kind}-{consultation.slug}.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response
