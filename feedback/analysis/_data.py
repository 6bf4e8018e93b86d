"""Loaders for the small data files shipped inside the package."""

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_lines(name: str) -> tuple[str, ...]:
    """Return the non-blank, non-comment lines of a packaged data file, stripped."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def word_set(name: str) -> frozenset[str]:
    """Return every whitespace-separated lowercase word in a packaged data file."""
    return frozenset(word.lower() for line in read_lines(name) for word in line.split())


@cache
def stopwords() -> frozenset[str]:
    """Return the packaged stopword list."""
    return word_set("stopwords.txt")
