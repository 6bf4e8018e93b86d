"""The character counter's sentences in each language (site_languages.character_count_messages)."""

import json
import re

from django.utils import translation

from home.templatetags.site_languages import PLURAL_SAMPLES, character_count_messages


def _messages(language):
    with translation.override(language):
        html = str(character_count_messages())
    match = re.fullmatch(
        r'<script id="engage-character-count" type="application/json">(.*)</script>', html
    )
    assert match is not None, html
    return json.loads(match.group(1))


def test_english_sentences_have_singular_and_plural():
    messages = _messages("en")
    assert set(messages) == {str(n) for n in PLURAL_SAMPLES}
    assert messages["1"]["remaining"] == "You have %(count)s character remaining"
    assert messages["5"]["over"] == "You have %(count)s characters too many"


def test_polish_has_its_three_plural_forms():
    messages = _messages("pl")
    assert messages["1"]["remaining"] == "Został Ci %(count)s znak"
    assert messages["22"]["remaining"] == "Zostały Ci %(count)s znaki"
    assert messages["5"]["remaining"] == "Zostało Ci %(count)s znaków"
    assert messages["111"]["over"] == "Masz o %(count)s znaków za dużo"


def test_arabic_has_a_form_for_two_and_keeps_the_count():
    messages = _messages("ar")
    assert messages["2"]["remaining"] == "يتبقى لديك حرفان (%(count)s)"
    assert all("%(count)s" in sentence for m in messages.values() for sentence in m.values())
