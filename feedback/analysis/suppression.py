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


@dataclass(frozen=True, slots=True)
class Grid:
    """A protected cross-table: rows (e.g. themes) by columns (e.g. localities).

    Each row adds up to its row total and each column to its column total, and the column
    totals (or the row totals) add up to the grand total; all of them are printed (or hidden)
    with the cells, so the rule looks at rows and columns together.
    """

    cells: dict[tuple[Hashable, Hashable], Cell]
    row_totals: dict[Hashable, Cell]
    column_totals: dict[Hashable, Cell]
    total: Cell
    # The whole table cannot be shown without identifying someone.
    withheld: bool = False
    # False when the column totals (and the grand total) are not printed.
    column_totals_printed: bool = True
    # Rows whose cells are not printed at all (their total is): see `protect_grid`.
    left_out: frozenset = frozenset()


def _cell_range(cell: Cell, *, threshold: int, hide_zero: bool) -> tuple[int, int | None]:
    """What a reader knows of a hidden cell from its label alone: (lowest, highest)."""
    if cell.status is Status.SMALL:
        return (0 if hide_zero else 1), threshold - 1
    return threshold, None


def grid_pinned(
    cells: Mapping[tuple[Hashable, Hashable], Cell],
    row_totals: Mapping[Hashable, Cell],
    column_totals: Mapping[Hashable, Cell],
    total: Cell,
    *,
    threshold: int = THRESHOLD,
    hide_zero: bool = False,
    column_totals_printed: bool = True,
    left_out: frozenset | set = frozenset(),
) -> set:
    """The hidden figures of a cross-table (cells and totals) of one or more people whose
    exact value a reader could work out from everything printed.

    Keys are ("cell", (row, column)), ("row", row), ("column", column) and ("total", None).
    The printed figures and the labels' ranges ("fewer than 5" is 1-4, "withheld" 5 or more)
    make a network of sums (each row, each column, the totals), so a hidden figure has another
    possible value exactly when it can move by one along a cycle of hidden figures that stay
    within their ranges: one search per hidden figure, exact and in pure Python. Column totals
    and a grand total that are not printed (`column_totals_printed` False) are free, and so
    are the cells of rows `left_out`.
    """
    ranges = {}
    arcs = []  # (key, from node, to node, direction)

    def add(key, cell, increase_from, increase_to):
        if not cell.hidden:
            return
        low, high = _cell_range(cell, threshold=threshold, hide_zero=hide_zero)
        ranges[key] = cell
        if high is None or cell.count < high:
            arcs.append((key, increase_from, increase_to))
        if cell.count > low:
            arcs.append((key, increase_to, increase_from))

    # A cell up by one raises its row and its column: leave the row node, enter the column.
    for (row, column), cell in cells.items():
        if row in left_out:
            continue  # not printed: its row total is all a reader has
        add(("cell", (row, column)), cell, ("row", row), ("column", column))
    # A row total up by one needs one more in the row (enter the row from the total node); a
    # column total up by one needs one more in the column (leave the column to the total).
    for row, cell in row_totals.items():
        if row not in left_out:  # a left-out row's total is known by its label alone
            add(("row", row), cell, "rows", ("row", row))
    for column, cell in column_totals.items():
        if column_totals_printed:
            add(("column", column), cell, ("column", column), "columns")
        else:
            arcs.append((("free", column), ("column", column), "columns"))
            arcs.append((("free", column), "columns", ("column", column)))
    # The grand total is the sum of the row totals and of the column totals (printed with the
    # column totals, in the total row).
    if column_totals_printed:
        add(("total", None), total, "columns", "rows")
    else:
        arcs.append((("free", None), "columns", "rows"))
        arcs.append((("free", None), "rows", "columns"))

    leaving = {}
    for key, source, target in arcs:
        leaving.setdefault(source, []).append((key, target))

    def reachable(start, goal, without):
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            for key, target in leaving.get(node, ()):
                if key != without and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return False

    pinned = set()
    for key, cell in ranges.items():
        if cell.count <= 0:
            continue  # a zero worked out identifies nobody
        movable = any(
            reachable(target, source, key) for arc_key, source, target in arcs if arc_key == key
        )
        if not movable:
            pinned.add(key)
    return pinned


def protect_grid(
    counts: Mapping[tuple[Hashable, Hashable], int],
    *,
    rows: list[Hashable],
    columns: list[Hashable],
    row_totals: Mapping[Hashable, int],
    column_totals: bool = True,
    threshold: int = THRESHOLD,
    hide_zero: bool = False,
) -> Grid:
    """Protect a cross-table whose rows add up to `row_totals` (printed here and elsewhere)
    and whose column totals are printed: primary suppression of every figure (cells and
    totals), then the smallest shown cells in the row or column of a figure that could be
    worked out are withheld, until none can (`grid_pinned`). With `column_totals` False the
    column totals are not printed, so only the rows constrain the cells.
    """
    full = {(row, column): counts.get((row, column), 0) for row in rows for column in columns}
    column_sums = {column: sum(full[row, column] for row in rows) for column in columns}
    grand = sum(row_totals[row] for row in rows)
    if grand != sum(column_sums.values()):
        raise ValueError("the rows of a cross-table must add up to their row totals")

    def primary(count):
        hidden = is_small(count, threshold=threshold) or (hide_zero and count == 0)
        return Cell(count, Status.SMALL if hidden else Status.SHOWN)

    cells = {key: primary(count) for key, count in full.items()}
    row_cells = {row: primary(row_totals[row]) for row in rows}
    column_cells = {column: primary(count) for column, count in column_sums.items()}
    total = primary(grand)
    if not column_totals:
        column_cells = {column: Cell(count) for column, count in column_sums.items()}
    left_out = set()
    while pinned := grid_pinned(
        cells,
        row_cells,
        column_cells,
        total,
        threshold=threshold,
        hide_zero=hide_zero,
        column_totals_printed=column_totals,
        left_out=left_out,
    ):
        kind, where = min(pinned, key=str)
        if kind == "cell":
            lines = {where}
        elif kind == "row":
            lines = {(where, column) for column in columns}
        elif kind == "column":
            lines = {(row, where) for row in rows}
        else:
            lines = set(cells)
        row_keys = {row for row, _column in lines}
        # Columns add up to something printed only when their totals are.
        column_keys = {column for _row, column in lines} if column_totals else set()
        candidates = sorted(
            (
                key
                for key, cell in cells.items()
                if not cell.hidden
                and cell.count > 0
                and (key[0] in row_keys or key[1] in column_keys)
            ),
            key=lambda key: (cells[key].count, str(key)),
        )
        if candidates:
            key = candidates[0]
            cells[key] = Cell(cells[key].count, Status.WITHHELD)
            continue
        shown_columns = sorted(
            (c for c, cell in column_cells.items() if not cell.hidden and cell.count > 0),
            key=lambda c: (column_cells[c].count, str(c)),
        )
        if not column_totals and kind == "cell":
            # The columns add up to nothing printed, so the rows are independent: a row that
            # cannot be protected (5 + 1 of 6, with every cell hidden) is left out of the table.
            left_out.add(where[0])
            continue
        if not shown_columns or not column_totals:
            return Grid(cells, row_cells, column_cells, total, True, column_totals)
        column = shown_columns[0]
        column_cells[column] = Cell(column_cells[column].count, Status.WITHHELD)
    return Grid(cells, row_cells, column_cells, total, False, column_totals, frozenset(left_out))
