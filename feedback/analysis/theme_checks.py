"""Checks on a set of themes that warn before a report prints misleading counts."""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

# One theme holding more than this share of respondents is probably too broad.
MAX_SHARE = 0.5
# Two themes sharing more than this share of the smaller one's members may be one theme.
MAX_OVERLAP = 0.6
# A theme under this share of respondents is too small to report on its own.
MIN_SHARE = 0.01
# More themes than this is more than a reader can take in.
MAX_THEMES = 25


@dataclass(frozen=True, slots=True)
class ThemeSetWarning:
    """One finding: a code (too_broad, overlap, too_small, too_many), the themes, a figure."""

    code: str
    themes: tuple[str, ...]
    figure: float


def check_theme_set(*, total: int, members: Mapping[str, frozenset | set]) -> list[ThemeSetWarning]:
    """Warnings for a theme set, given each theme's members (e.g. respondent ids) out of total.

    Overlap is measured against the smaller theme: when most of its members are also in the
    other theme, the two may be one theme (or one may be a sub-theme of the other).
    """
    names = sorted(members)
    return check_theme_counts(
        total=total,
        sizes={name: len(members[name]) for name in names},
        shared={
            (first, second): len(members[first] & members[second])
            for first, second in combinations(names, 2)
        },
    )


def check_theme_counts(
    *, total: int, sizes: Mapping[str, int], shared: Mapping[tuple[str, str], int]
) -> list[ThemeSetWarning]:
    """`check_theme_set` from counts: each theme's size, and the members each pair of themes
    shares (`shared[(first, second)]`, first < second; a missing pair shares none). A database
    can count these without handing over every member."""
    found: list[ThemeSetWarning] = []
    names = sorted(sizes)
    if len(names) > MAX_THEMES:
        found.append(ThemeSetWarning("too_many", (), float(len(names))))
    if not total:
        return found
    for name in names:
        share = sizes[name] / total
        if share > MAX_SHARE:
            found.append(ThemeSetWarning("too_broad", (name,), round(share, 4)))
    for first, second in combinations(names, 2):
        smaller = min(sizes[first], sizes[second])
        if not smaller:
            continue
        overlap = shared.get((first, second), 0) / smaller
        if overlap > MAX_OVERLAP:
            found.append(ThemeSetWarning("overlap", (first, second), round(overlap, 4)))
    for name in names:
        share = sizes[name] / total
        if share < MIN_SHARE:
            found.append(ThemeSetWarning("too_small", (name,), round(share, 4)))
    return found
