"""PO files uploaded by translators in the admin: all strings or none, with a clear message."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from tests.consultations import builders

LINKED = '<p>Read <a href="https://example.org/plan">our plan</a> first.</p>'


@pytest.fixture
def translation(site_with_home):
    index = builders.consultation_index_create(site_with_home.root_page)
    page = builders.consultation_create(
        index,
        title="Better mental health",
        summary="Tell us by {date} what matters.",
        outcome_heard=LINKED,
    )
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="pl")
    )
    translation.save_target(publish=True)
    return translation


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    return client


def po_with(translation, translations):
    po = translation.export_po()
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    return po


def upload(client, translation_id, content):
    url = reverse("wagtail_localize:upload_pofile", args=[translation_id])
    response = client.post(
        url, {"file": SimpleUploadedFile("page-pl.po", content), "next": "/admin/"}
    )
    return response, [str(message) for message in get_messages(response.wsgi_request)]


def test_po_file_translates_the_page(editor_client, translation):
    po = po_with(
        translation,
        {
            "Better mental health": "Lepsze zdrowie psychiczne",
            'Read <a id="a1">our plan</a> first.': 'Najpierw przeczytaj <a id="a1">nasz plan</a>.',
            "Tell us by {date} what matters.": "Powiedz nam do {date}, co jest ważne.",
        },
    )
    response, messages = upload(editor_client, translation.pk, str(po).encode())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert messages == ["Imported 3 translated strings from the PO file."]
    translation.save_target(publish=True)
    polish = translation.get_target_instance().specific
    assert polish.title == "Lepsze zdrowie psychiczne"
    assert "Powiedz nam do {date}" in polish.summary
    assert 'href="https://example.org/plan"' in polish.outcome_heard


def test_broken_link_or_placeholder_refuses_the_whole_file(editor_client, translation):
    po = po_with(
        translation,
        {
            "Better mental health": "Lepsze zdrowie psychiczne",
            'Read <a id="a1">our plan</a> first.': 'Przeczytaj <a id="a2">nasz plan</a>.',
            "Tell us by {date} what matters.": "Powiedz nam, co jest ważne.",
        },
    )
    before = StringTranslation.objects.count()
    _response, messages = upload(editor_client, translation.pk, str(po).encode())
    assert StringTranslation.objects.count() == before  # not even the good title
    [message] = messages
    assert message.startswith("Nothing was imported.")
    assert "its links must keep the ids a1 (found a2)" in message
    assert "its placeholders must be {date} (found -)" in message


def test_disallowed_tag_is_refused(editor_client, translation):
    po = po_with(translation, {"Better mental health": "<div>Lepsze</div>"})
    _response, messages = upload(editor_client, translation.pk, str(po).encode())
    assert "<div> tag is not allowed" in messages[0]
    assert not StringTranslation.objects.filter(data__contains="Lepsze").exists()


def test_po_for_a_deleted_page_says_so(editor_client, translation):
    po = po_with(translation, {"Better mental health": "Lepsze zdrowie psychiczne"})
    Page.objects.get(pk=translation.get_target_instance().pk).delete()
    response, messages = upload(editor_client, translation.pk, str(po).encode())
    assert response.status_code == 302
    assert messages == [
        "This translation no longer exists: the page or item it was for has been deleted. "
        "Nothing was imported."
    ]
    assert not StringTranslation.objects.exists()


def test_po_for_a_translation_that_is_gone_says_so(editor_client, translation):
    po = po_with(translation, {"Better mental health": "Lepsze zdrowie psychiczne"})
    translation_id = translation.pk
    translation.delete()
    response, messages = upload(editor_client, translation_id, str(po).encode())
    assert response.status_code == 302
    assert "no longer exists" in messages[0]


def test_po_made_for_another_translation_or_without_its_id_is_refused(editor_client, translation):
    po = po_with(translation, {"Better mental health": "Lepsze zdrowie psychiczne"})
    po.metadata["X-WagtailLocalize-TranslationID"] = "00000000-0000-0000-0000-000000000000"
    _response, messages = upload(editor_client, translation.pk, str(po).encode())
    assert "made for another translation" in messages[0]
    del po.metadata["X-WagtailLocalize-TranslationID"]
    _response, messages = upload(editor_client, translation.pk, str(po).encode())
    assert "does not say which translation it belongs to" in messages[-1]
    assert not StringTranslation.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe not utf-8", "not a PO file in UTF-8"),
        (b"/etc/passwd", "not a valid PO file"),
        (b'msgid "unterminated\nmsgstr ', "not a valid PO file"),
    ],
)
def test_files_that_are_not_po_files_are_refused(editor_client, translation, content, expected):
    _response, messages = upload(editor_client, translation.pk, content)
    assert expected in messages[0]
    assert not StringTranslation.objects.exists()


def test_only_editors_may_upload(client, make_user, translation):
    client.force_login(make_user("someone@example.org"))
    po = po_with(translation, {"Better mental health": "Lepsze zdrowie psychiczne"})
    response, _messages = upload(client, translation.pk, str(po).encode())
    assert response.status_code in {302, 403}
    assert not StringTranslation.objects.exists()
