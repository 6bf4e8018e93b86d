"""Plain words for figures in the committee report: "n of N" and the most/many/some/a few bands.

The bands are defined here once; the findings, the headline figures and the method note (which
states them for the reader) all use `proportion_word` and `band_definitions`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Band:
    """A word for a share of people: used when n / N is at least `lowest` (and more than half
    for "most", which `above_half` marks)."""

    word: str
    lowest: tuple[int, int]
    definition: str
    above_half: bool = False


# Highest first. Shares are compared as fractions of whole numbers, so 1 of 4 is exactly "many".
BANDS = [
    Band(gettext_lazy("most"), (1, 2), gettext_lazy("more than half"), above_half=True),
    Band(gettext_lazy("many"), (1, 4), gettext_lazy("from a quarter up to half")),
    Band(gettext_lazy("some"), (1, 10), gettext_lazy("from one in ten up to a quarter")),
    Band(gettext_lazy("a few"), (0, 1), gettext_lazy("fewer than one in ten")),
]


def proportion_word(n, total):
    """The band word for n of total people ("most", "many", "some", "a few"), or "" for none."""
    if not n or not total:
        return ""
    for band in BANDS:
        numerator, denominator = band.lowest
        if band.above_half and n * denominator > total * numerator:
            return str(band.word)
        if not band.above_half and n * denominator >= total * numerator:
            return str(band.word)
    return str(BANDS[-1].word)


def n_of_total(n, total):
    """ "52 of 304", with thousands separated."""
    return _("%(n)s of %(total)s") % {"n": f"{n:,}", "total": f"{total:,}"}


def band_definitions():
    """One sentence stating what each band word means, for the method note."""
    parts = [
        _("“%(word)s” means %(definition)s") % {"word": band.word, "definition": band.definition}
        for band in BANDS
    ]
    return (
        _("Where the report puts a share into words, ")
        + "; ".join(parts)
        + _(" of the people counted (the “N” in “n of N”).")
    )


def people_finding(n, total, *, noun, verb_phrase):
    """A sentence such as "Most respondents (160 of 290) raised caseloads and cover"."""
    word = proportion_word(n, total)
    return _("%(word)s %(noun)s (%(n_of_total)s) %(verb_phrase)s") % {
        "word": word[:1].upper() + word[1:],
        "noun": noun,
        "n_of_total": n_of_total(n, total),
        "verb_phrase": verb_phrase,
    }


def list_in_words(items, *, separator=", "):
    """ "a, b and c" (the last two joined with "and")."""
    items = [str(item) for item in items if str(item)]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": separator.join(items[:-1]), "last": items[-1]}
