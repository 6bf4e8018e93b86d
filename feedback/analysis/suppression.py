"""The one small-number rule: which counts are hidden, which are withheld to protect them, how."""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum


def gettext_noop(text: str) -> str:
    """Mark a string for translation without translating it (no Django import here)."""
    return text


# Groups of fewer than this many people are never shown (product rule, NHS and council).
THRESHOLD = 5
# What a hidden small group reads as, and what a cell hidden to protect it reads as.
LABEL = gettext_noop("fewer than 5")
WITHHELD_LABEL = gettext_noop("withheld")
NOTE = gettext_noop(
    "Groups of fewer than 5 people are shown as “fewer than 5”. Where a small group could "
    "otherwise be worked out from a total or from the other figures, a larger figure is "
    "also “withheld” (it is 5 or more)."
)
TABLE_WITHHELD = gettext_noop("Too few people to show this breakdown without identifying someone.")


class Status(StrEnum):
    """How a cell is printed."""

    SHOWN = "shown"
    SMALL = "small"  # primary: fewer than THRESHOLD people
    WITHHELD = "withheld"  # secondary: hidden so that a small cell cannot be worked out


@dataclass(frozen=True, slots=True)
class Cell:
    """One count in a table and whether it may be printed."""

    count: int
    status: Status = Status.SHOWN

    @property
    def hidden(self) -> bool:
        """True when the count must not be printed."""
        return self.status is not Status.SHOWN

    @property
    def shown(self) -> int | None:
        """The count when it may be printed, else None."""
        return None if self.hidden else self.count

    @property
    def label(self) -> str:
        """The words printed instead of a hidden count ("" when the count is shown)."""
        return {Status.SMALL: LABEL, Status.WITHHELD: WITHHELD_LABEL}.get(self.status, "")


@dataclass(frozen=True, slots=True)
class Table:
    """A protected table: its cells in the order given, and whether it must not be printed."""

    cells: dict[Hashable, Cell]
    # Every cell hidden and one could still be worked out from the total: print no rows.
    withheld: bool = False

    def __iter__(self):
        return iter(self.cells.items())


def is_small(count: int | None, *, threshold: int = THRESHOLD) -> bool:
    """True for a count of 1 to threshold - 1 (a group too small to show on its own)."""
    return count is not None and 0 < count < threshold


def bounds(
    cells: Mapping[Hashable, Cell],
    *,
    total: int | None,
    threshold: int = THRESHOLD,
    hide_zero: bool = False,
) -> dict[Hashable, tuple[int, int | None]]:
    """What a reader can work out about each hidden cell: its (lowest, highest) possible value.

    The reader sees every shown count, the total (when it is published, here or in another
    table that counts the same people), and the labels: "fewer than 5" is 1-4 (0-4 where zero
    counts are hidden too), "withheld" is 5 or more. One linear equation with box bounds, so
    each cell's range is exact: [max(lo, rest - sum of others' highs), min(hi, rest - sum of
    others' lows)]. With no total, a hidden cell is known only from its label.
    """
    hidden = {key: cell for key, cell in cells.items() if cell.hidden}
    lows = {
        key: (0 if hide_zero else 1) if cell.status is Status.SMALL else threshold
        for key, cell in hidden.items()
    }
    highs: dict[Hashable, int | None] = {
        key: threshold - 1 if cell.status is Status.SMALL else None for key, cell in hidden.items()
    }
    if total is None:
        return {key: (lows[key], highs[key]) for key in hidden}
    rest = total - sum(cell.count for cell in cells.values() if not cell.hidden)
    result = {}
    for key in hidden:
        other_lows = sum(lows[k] for k in hidden if k != key)
        other_highs = [highs[k] for k in hidden if k != key]
        high = rest - other_lows
        if highs[key] is not None:
            high = min(high, highs[key])
        low = lows[key]
        if all(h is not None for h in other_highs):
            low = max(low, rest - sum(other_highs))
        result[key] = (low, high)
    return result


def derivable(
    cells: Mapping[Hashable, Cell],
    *,
    total: int | None,
    threshold: int = THRESHOLD,
    hide_zero: bool = False,
) -> set[Hashable]:
    """The hidden cells of one or more people whose exact count a reader could work out (see
    `bounds`). A hidden zero that can be worked out identifies nobody."""
    return {
        key
        for key, (low, high) in bounds(
            cells, total=total, threshold=threshold, hide_zero=hide_zero
        ).items()
        if high is not None and low >= high and cells[key].count > 0
    }


def protect(
    counts: Mapping[Hashable, int],
    *,
    total: int | None = None,
    threshold: int = THRESHOLD,
    hide_zero: bool = False,
) -> Table:
    """Hide small counts (primary), then the smallest others until none can be worked out.

    `total` is the number of people the table counts when it is published anywhere (the
    table's own total row, "n of N", or a total shared with other tables such as the number of
    respondents); by default it is the sum of the counts, since a reader can always add up a
    table that covers everyone. Zero counts are shown unless `hide_zero`.
    """
    if total is None:
        total = sum(counts.values())
    cells = dict(protect_each(counts, threshold=threshold, hide_zero=hide_zero).cells)
    if not any(cell.hidden for cell in cells.values()):
        return Table(cells)
    # Secondary suppression: a hidden cell that the total and the shown cells pin down is not
    # hidden at all, so withhold the smallest shown cells (the least information lost) until
    # no hidden cell can be worked out.
    candidates = sorted(
        (key for key, cell in cells.items() if not cell.hidden and cell.count > 0),
        key=lambda key: (cells[key].count, str(key)),
    )
    while derivable(cells, total=total, threshold=threshold, hide_zero=hide_zero):
        if not candidates:
            return Table(cells, withheld=True)
        key = candidates.pop(0)
        cells[key] = Cell(cells[key].count, Status.WITHHELD)
    return Table(cells)


def protect_each(
    counts: Mapping[Hashable, int], *, threshold: int = THRESHOLD, hide_zero: bool = False
) -> Table:
    """Hide small counts only, for a table whose rows do not add up to any published figure
    (answers to a multiple-choice question, where one person counts in several rows)."""
    return Table(
        {
            key: Cell(
                count,
                Status.SMALL
                if is_small(count, threshold=threshold) or (hide_zero and count == 0)
                else Status.SHOWN,
            )
            for key, count in counts.items()
        }
    )
