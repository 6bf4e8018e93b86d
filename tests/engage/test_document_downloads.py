"""Document downloads carry the headers a browser needs, and none that would mislead it."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


def test_document_download_sends_its_type_and_no_bogus_content_encoding(client, site_with_home):
    document = get_document_model().objects.create(
        title="Plan", file=ContentFile(PDF, name="plan.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "Content-Encoding" not in response
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
