"""The residents' engagement (with the home page, the consultations list above it and the
workshops list) in Polish, Punjabi and Arabic, translated through wagtail-localize as an editor
would. network.demo translates its "Get involved" page with `pages_translate` once it exists.

The translations are in demo_translations.json, keyed by the English text of each string, so
a translator can read and correct them side by side; a string with no entry stays in English.
"""

import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from consultations.demo import COMMUNITY_SLUG
from consultations.models import ConsultationIndexPage, ConsultationPage, EventIndexPage
from home.languages import in_default_language
from home.models import HomePage

TRANSLATIONS = Path(__file__).with_name("demo_translations.json")


def page_translate(page, *, locale, strings, user=None):
    """Translate a page into a locale from {English text: translation}; publish it."""
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = strings.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text, "translation_type": "manual", "tool_name": "demo"},
            )
    # Saved as a draft and published here and now: wagtail-localize would publish once the
    # transaction commits, from a copy of the page taken before its own translated children were
    # added, and the stale copy would leave the parent with no children to route to.
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance().specific
    target.get_latest_revision().publish(user=user)
    return target


def pages_translate(pages):
    """Translate pages into every demo language from demo_translations.json."""
    by_language = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    for code, strings in by_language.items():
        locale = Locale.objects.get(language_code=code)
        for page in pages:
            if page is not None:
                page_translate(page, locale=locale, strings=strings)


@transaction.atomic
def load():
    """Translate the home page, the consultations and workshops lists and the residents'
    engagement."""
    consultation = in_default_language(ConsultationPage.objects.filter(slug=COMMUNITY_SLUG)).first()
    if consultation is None:
        return
    pages = [
        in_default_language(HomePage.objects.all()).first(),
        in_default_language(ConsultationIndexPage.objects.all()).first(),
        consultation,
        in_default_language(EventIndexPage.objects.all()).first(),
    ]
    pages_translate(pages)
