"""Which language a free-text answer is written in, detected offline (no Django imports).

The model ships inside the py3langid wheel and is read from the package's own folder: nothing is
downloaded. Detection is restricted to the languages residents of the three boroughs are likely
to write in, which keeps short answers from being read as Faroese or Serbian.
"""

import unicodedata
from functools import lru_cache

ENGLISH = "en"

# The languages answers are told apart in: English, the partnership's community languages, and
# others widely spoken in west London. Names are for officers and the committee report.
LANGUAGE_NAMES = {
    "en": "English",
    "pl": "Polish",
    "pa": "Punjabi",
    "ar": "Arabic",
    "ur": "Urdu",
    "so": "Somali",
    "es": "Spanish",
    "ta": "Tamil",
    "bn": "Bengali",
    "gu": "Gujarati",
    "hi": "Hindi",
    "fa": "Persian",
    "ps": "Pashto",
    "ku": "Kurdish",
    "am": "Amharic",
    "tr": "Turkish",
    "fr": "French",
    "pt": "Portuguese",
    "it": "Italian",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "lt": "Lithuanian",
    "ru": "Russian",
    "uk": "Ukrainian",
    "sw": "Swahili",
    "zh": "Chinese",
}

# Written right to left: the translation screen sets dir="rtl" on their text.
RIGHT_TO_LEFT = frozenset({"ar", "ur", "fa", "ps", "ku"})

# Latin-script text shorter than this many words stays English: "ok", "no comment", "GP fine"
# are as likely English as anything else, and sending them to translators floods the queue.
MIN_WORDS = 4
# A Latin-script answer leaves English only when the model is this sure it is not English. The
# question that matters is "English or not?": Spanish at 0.8 with Portuguese at 0.16 is still
# surely not English, so the test is on English's share, not on the winner's.
MIN_CONFIDENCE = 0.9
# Text in another script is not English whatever its length ("جيد جدا"), once it has this many
# letters (a stray symbol or an emoji is not a language).
MIN_OTHER_SCRIPT_LETTERS = 3


@lru_cache(maxsize=1)
def _identifier():
    """The packaged model, loaded once and restricted to LANGUAGE_NAMES."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGE_NAMES))
    return identifier


def _letters(text: str) -> tuple[int, int]:
    """(Latin letters, letters in any other script) in `text`."""
    latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        if "LATIN" in unicodedata.name(char, ""):
            latin += 1
        else:
            other += 1
    return latin, other


def detect_language(text: str) -> str:
    """The language code of `text` (a key of LANGUAGE_NAMES); English when short or unsure.

    Empty text is English too: there is nothing to translate.
    """
    text = (text or "").strip()
    latin, other = _letters(text)
    if other >= MIN_OTHER_SCRIPT_LETTERS and other > latin:
        # Another script: the model only has to choose between the languages written in it.
        code, _confidence = _identifier().classify(text)
        return code
    if len(text.split()) < MIN_WORDS:
        return ENGLISH
    ranked = _identifier().rank(text)
    english = dict(ranked).get(ENGLISH, 0.0)
    if 1.0 - english < MIN_CONFIDENCE:
        return ENGLISH
    return next(code for code, _share in ranked if code != ENGLISH)


def language_name(code: str) -> str:
    """The English name of a language code ("pl" -> "Polish"); the code itself if unknown."""
    return LANGUAGE_NAMES.get(code, code or "")
