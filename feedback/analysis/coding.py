"""Coding frames: load a codebook and tag responses with every theme that fits (multi-label)."""

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from feedback.analysis._data import stopwords
from feedback.analysis.words import stem

KEYWORD_WEIGHT = 1.0
PHRASE_KEYWORD_WEIGHT = 1.5
DESCRIPTION_WEIGHT = 0.3
MATCH_THRESHOLD = 1.0
SENTIMENT_LABELS = ("positive", "neutral", "negative")
# Keyword cells of an imported CSV frame: "wait; waiting list | delay, queue".
_KEYWORD_SEPARATORS = re.compile(r"[;|,\n]")


def split_keywords(text: str) -> list[str]:
    """Keywords written in one piece of text: separated by ";", "|", "," or new lines."""
    return [k.strip() for k in _KEYWORD_SEPARATORS.split(text) if k.strip()]


def name_key(name: str) -> str:
    """What two theme names are compared by: "Staff" and "staff" are the same theme."""
    return name.strip().lower()


class CodebookError(ValueError):
    """Raised when a codebook is malformed."""


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme of a coding frame."""

    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    parent: str | None = None
    include_non_answers: bool = False


@dataclass(frozen=True, slots=True)
class Codebook:
    """A coding frame: themes plus an optional fallback theme per sentiment label."""

    themes: tuple[Theme, ...]
    fallback: Mapping[str, str] = field(default_factory=dict)

    def theme_names(self) -> tuple[str, ...]:
        """Return theme names in codebook order."""
        return tuple(t.name for t in self.themes)


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{where} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def parse_codebook(*, data: object) -> Codebook:
    """Validate a codebook dict ({"themes": [{"name", "description", "keywords"}]})."""
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        raise CodebookError('codebook must be an object with a "themes" list')
    themes: list[Theme] = []
    seen: set[str] = set()
    keys: set[str] = set()
    for i, item in enumerate(data["themes"]):
        if not isinstance(item, dict):
            raise CodebookError(f"theme {i + 1} must be an object")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CodebookError(f"theme {i + 1} needs a non-empty name")
        name = name.strip()
        if name_key(name) in keys:
            raise CodebookError(f"duplicate theme name {name!r} (names are compared ignoring case)")
        keys.add(name_key(name))
        seen.add(name)
        description = item.get("description", "")
        parent = item.get("parent")
        if not isinstance(description, str) or not (parent is None or isinstance(parent, str)):
            raise CodebookError(f"theme {name!r}: description and parent must be strings")
        keywords = _str_list(item.get("keywords"), f"theme {name!r} keywords")
        if not keywords and not description.strip():
            raise CodebookError(f"theme {name!r} needs keywords or a description")
        themes.append(
            Theme(
                name=name,
                description=description.strip(),
                keywords=keywords,
                parent=parent.strip() if parent else None,
                include_non_answers=bool(item.get("include_non_answers", False)),
            )
        )
    if not themes:
        raise CodebookError("codebook has no themes")
    for theme in themes:
        if theme.parent and theme.parent not in seen:
            raise CodebookError(f"theme {theme.name!r} has unknown parent {theme.parent!r}")
    fallback = data.get("fallback", {})
    if isinstance(fallback, str):
        fallback = dict.fromkeys(SENTIMENT_LABELS, fallback)
    if not isinstance(fallback, dict) or not all(
        k in SENTIMENT_LABELS and v in seen for k, v in fallback.items()
    ):
        raise CodebookError("fallback must name a theme, or map sentiment labels to themes")
    return Codebook(themes=tuple(themes), fallback=dict(sorted(fallback.items())))


def parse_codebook_json(*, text: str) -> Codebook:
    """Validate a codebook given as JSON text: {"themes": [...]} or a bare list of themes."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodebookError(f"not valid JSON: {exc}") from exc
    return parse_codebook(data={"themes": data} if isinstance(data, list) else data)


def parse_codebook_csv(*, text: str) -> Codebook:
    """Validate a codebook given as CSV text with columns name, description[, keywords, parent].

    Keywords in one cell are separated by ";", "|" or ",". Blank rows are skipped.
    """
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        rows = list(reader)
    except csv.Error as exc:
        raise CodebookError(f"not valid CSV: {exc}") from exc
    if "name" not in fields:
        raise CodebookError(
            "a CSV coding frame needs a 'name' column (and 'description', optionally 'keywords')"
        )
    themes = []
    for row in rows:
        cells = {
            (k or "").strip().lower(): (v or "").strip()
            for k, v in row.items()
            if isinstance(v, str) or v is None
        }
        if not any(cells.values()):
            continue
        theme: dict[str, object] = {
            "name": cells.get("name", ""),
            "description": cells.get("description", ""),
            "keywords": split_keywords(cells.get("keywords", "")),
        }
        if cells.get("parent"):
            theme["parent"] = cells["parent"]
        themes.append(theme)
    return parse_codebook(data={"themes": themes})


def load_codebook(*, path: str | Path) -> Codebook:
    """Read and validate a codebook file: JSON, or CSV when the name ends in .csv."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"cannot read codebook {path}: {exc}") from exc
    try:
        if str(path).lower().endswith(".csv"):
            return parse_codebook_csv(text=text)
        return parse_codebook_json(text=text)
    except CodebookError as exc:
        raise CodebookError(f"codebook {path}: {exc}") from exc


def parse_examples(
    *, rows: Sequence[Mapping[str, str]], codebook: Codebook
) -> tuple[tuple[str, str], ...]:
    """Validate analyst-confirmed examples (rows with "text" and "theme") against a codebook."""
    names = set(codebook.theme_names())
    examples = []
    for i, row in enumerate(rows, start=1):
        text, theme = (row.get("text") or "").strip(), (row.get("theme") or "").strip()
        if not text and not theme:
            continue
        if not text:
            raise CodebookError(f"example {i} has a theme but no text")
        if theme not in names:
            raise CodebookError(
                f"example {i} names theme {theme!r}, which is not in the coding frame "
                f"({', '.join(sorted(names))})"
            )
        examples.append((text, theme))
    return tuple(examples)


def read_examples_csv(*, text: str, codebook: Codebook) -> tuple[tuple[str, str], ...]:
    """Read confirmed answers from CSV text with the columns text and theme."""
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    except csv.Error as exc:
        raise CodebookError(f"examples are not valid CSV: {exc}") from exc
    missing = [c for c in ("text", "theme") if c not in fields]
    if missing:
        raise CodebookError(
            f"examples need the columns text and theme; missing {', '.join(missing)}"
        )
    return parse_examples(rows=rows, codebook=codebook)


class Matcher:
    """A compiled codebook that scores stem sequences against every theme."""

    def __init__(self, *, codebook: Codebook) -> None:
        self.codebook = codebook
        self._index: dict[str, list[tuple[tuple[str, ...], int, float]]] = {}
        self._description: list[frozenset[str]] = []
        stop = stopwords()
        for t_index, theme in enumerate(codebook.themes):
            keyword_stems: set[str] = set()
            for keyword in theme.keywords:
                parts = tuple(stem(word=w) for w in keyword.lower().replace("-", " ").split())
                weight = PHRASE_KEYWORD_WEIGHT if len(parts) > 1 else KEYWORD_WEIGHT
                self._index.setdefault(parts[0], []).append((parts, t_index, weight))
                keyword_stems.update(parts)
            desc = {
                stem(word=w)
                for w in theme.description.lower().replace("/", " ").split()
                if w.strip(".,;:()") not in stop and len(w) > 2
            }
            self._description.append(
                frozenset(stem(word=w.strip(".,;:()")) for w in desc) - keyword_stems
            )
        for entries in self._index.values():
            entries.sort(key=lambda e: (-len(e[0]), e[1], e[0]))

    def hits(self, *, all_stems: Sequence[str], content: Sequence[str]) -> list[tuple[str, int]]:
        """Return sorted (match key "theme-index:keyword", first position) pairs."""
        found: dict[str, int] = {}
        n = len(all_stems)
        for i, word in enumerate(all_stems):
            for parts, t_index, _weight in self._index.get(word, ()):
                end = i + len(parts)
                if end <= n and tuple(all_stems[i:end]) == parts:
                    found.setdefault(f"{t_index}:{' '.join(parts)}", i)
        content_set = set(content)
        for t_index, desc in enumerate(self._description):
            found.update((f"{t_index}:~{w}", n) for w in desc & content_set)
        return sorted(found.items())

    def score_hits(
        self, *, hits: Sequence[tuple[str, int]], idf: Mapping[str, float] | None = None
    ) -> list[tuple[str, float]]:
        """Score hits (optionally weighted by keyword rarity); best first, then earliest mention."""
        themes = self.codebook.themes
        scores = [0.0] * len(themes)
        first = [1 << 30] * len(themes)
        for key, position in hits:
            t_text, _, keyword = key.partition(":")
            if keyword.startswith("~"):
                weight = DESCRIPTION_WEIGHT
            else:
                weight = PHRASE_KEYWORD_WEIGHT if " " in keyword else KEYWORD_WEIGHT
            t_index = int(t_text)
            scores[t_index] += weight * (idf.get(key, 1.0) if idf else 1.0)
            first[t_index] = min(first[t_index], position)
        ranked = [(round(scores[t], 4), first[t], t) for t in range(len(themes))]
        ranked = [r for r in ranked if r[0] >= MATCH_THRESHOLD]
        ranked.sort(key=lambda r: (-r[0], r[1], r[2]))
        return [(themes[t].name, score) for score, _first, t in ranked]

    def keyword_scores(
        self, *, all_stems: Sequence[str], content: Sequence[str]
    ) -> tuple[float, ...]:
        """Return each theme's keyword score in codebook order (no threshold applied)."""
        scores = [0.0] * len(self.codebook.themes)
        for key, _position in self.hits(all_stems=all_stems, content=content):
            t_text, _, keyword = key.partition(":")
            if keyword.startswith("~"):
                weight = DESCRIPTION_WEIGHT
            else:
                weight = PHRASE_KEYWORD_WEIGHT if " " in keyword else KEYWORD_WEIGHT
            scores[int(t_text)] += weight
        return tuple(scores)

    def score(self, *, all_stems: Sequence[str], content: Sequence[str]) -> list[tuple[str, float]]:
        """Return (theme, score) for themes at or above the threshold, best first."""
        return self.score_hits(hits=self.hits(all_stems=all_stems, content=content))

    def fallback_for(self, *, sentiment: str) -> str:
        """Return the fallback theme for a response that matched no theme ("" if none)."""
        return self.codebook.fallback.get(sentiment, "")
