"""Media go through Django's storage API, so an S3-compatible store needs settings only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.mark.django_db
def test_uploaded_documents_are_stored_and_served_through_the_configured_storage(
    client, make_user, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    client.force_login(make_user("admin@example.org", superuser=True))
    response = client.post(
        "/admin/documents/add/",
        {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", PDF), "collection": 1},
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    storage = storages["default"]
    assert isinstance(storage, InMemoryStorage)
    assert storage.exists(document.file.name)
    assert not (Path(settings.MEDIA_ROOT) / document.file.name).exists()
    with storage.open(document.file.name) as stored:
        assert stored.read() == PDF


def test_s3_storage_is_configured_from_environment_variables():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
        "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
        "AWS_STORAGE_BUCKET_NAME": "engage-media",
        "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
        "AWS_S3_REGION_NAME": "eu-west-2",
    }
    # Settings only: django-storages itself is not installed here, and need not be to check.
    code = "from django.conf import settings; print(settings.STORAGES['default'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "'BACKEND': 'storages.backends.s3.S3Storage'" in result.stdout
    assert "'bucket_name': 'engage-media'" in result.stdout
    assert "'endpoint_url': 'https://objects.example.org'" in result.stdout
    assert "'querystring_auth': True" in result.stdout
    assert "'file_overwrite': False" in result.stdout
