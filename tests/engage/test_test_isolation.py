"""The test suite writes only to temporary places, never into the project's media/."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PROJECT = Path(settings.BASE_DIR).resolve()


def test_media_root_is_outside_the_project():
    assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(PROJECT)


def test_files_saved_by_a_test_land_in_its_temporary_media_root(media_in_tmp):
    name = default_storage.save("isolation/check.txt", ContentFile(b"x"))
    stored = Path(default_storage.path(name)).resolve()
    assert stored.is_relative_to(Path(media_in_tmp).resolve())
    assert not stored.is_relative_to(PROJECT)
