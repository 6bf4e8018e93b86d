"""The one small-number rule: primary and secondary suppression, audited by brute force."""

import itertools
import random

import pytest

from feedback.analysis import suppression
from feedback.analysis.suppression import Status, protect, protect_each


def feasible_values(table, *, total, hide_zero=False, threshold=suppression.THRESHOLD):
    """Every value each hidden cell could take, worked out independently of `bounds`.

    A reader knows the shown counts, the total and the labels ("fewer than 5": 1-4, or 0-4
    where zeros are hidden; "withheld": 5 or more). A value v is possible for a cell when the
    other hidden cells can make up the rest (a subset-sum over their possible values).
    """
    hidden = [key for key, cell in table.cells.items() if cell.hidden]
    rest = total - sum(cell.count for cell in table.cells.values() if not cell.hidden)

    def values(key):
        if table.cells[key].status is Status.SMALL:
            return range(0 if hide_zero else 1, threshold)
        return range(threshold, rest + 1)

    result = {}
    for key in hidden:
        sums = {0}
        for other in hidden:
            if other != key:
                sums = {s + v for s in sums for v in values(other) if s + v <= rest}
        result[key] = {v for v in values(key) if rest - v in sums}
    return result


def disclosed(table, *, total, hide_zero=False):
    """Hidden cells of one or more people whose count is the only one possible."""
    return {
        key
        for key, possible in feasible_values(table, total=total, hide_zero=hide_zero).items()
        if len(possible) == 1 and table.cells[key].count > 0
    }


def test_counts_of_five_or_more_are_shown_and_nothing_is_hidden():
    table = protect({"a": 5, "b": 9})
    assert {k: c.shown for k, c in table} == {"a": 5, "b": 9}
    assert not table.withheld


def test_a_lone_small_cell_is_hidden_with_another_so_it_cannot_be_taken_from_the_total():
    # The example: 304 respondents, visible rows adding up to 300, "Not given" 4.
    table = protect({"NHS staff": 250, "Council staff": 50, "Not given": 4}, total=304)
    assert table.cells["Not given"].status is Status.SMALL
    assert table.cells["Council staff"].status is Status.WITHHELD
    assert table.cells["NHS staff"].shown == 250
    assert not disclosed(table, total=304)


def test_a_withheld_cell_reads_as_five_or_more_so_one_may_not_be_enough():
    # 1 + 5 + 6 = 12: withholding the 5 alone would leave the 1 as 12 - 6 - 5.
    table = protect({"North": 6, "South": 5, "Not given": 1})
    assert all(cell.hidden for _key, cell in table)
    assert not disclosed(table, total=12)


def test_two_small_cells_that_pin_each_other_down_are_protected():
    # 1 + 1 of 20: both hidden, but the rest (2) can only be 1 + 1.
    table = protect({"a": 18, "b": 1, "c": 1})
    assert not disclosed(table, total=20)
    assert table.cells["a"].hidden


def test_a_table_that_cannot_be_protected_is_withheld_whole():
    # 4 + 4 = 8 with the total published: every cell is "fewer than 5" and still 4.
    table = protect({"a": 4, "b": 4}, total=8)
    assert table.withheld


def test_hidden_zeros_give_cover_and_a_derived_zero_identifies_nobody():
    table = protect({"female": 6, "male": 2, "other": 0, "not answered": 0}, hide_zero=True)
    assert table.cells["female"].shown == 6
    assert table.cells["male"].hidden
    assert not disclosed(table, total=8, hide_zero=True)
    everyone = protect({"no": 14, "yes": 0}, hide_zero=True)
    assert everyone.cells["no"].shown == 14


def test_labels_say_fewer_than_five_or_withheld():
    table = protect({"a": 30, "b": 7, "c": 2})
    assert table.cells["c"].label == "fewer than 5"
    assert table.cells["b"].label == "withheld"
    assert table.cells["a"].label == ""


def test_overlapping_answers_hide_only_small_cells():
    table = protect_each({"Travel": 12, "Parking": 3, "Other": 0})
    assert [k for k, c in table if c.hidden] == ["Parking"]
    assert table.cells["Other"].shown == 0


@pytest.mark.parametrize("seed", range(300))
def test_no_hidden_cell_can_be_worked_out_from_any_random_table(seed):
    rng = random.Random(seed)
    size = rng.randint(1, 7)
    counts = {f"row {i}": rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 12, 40]) for i in range(size)}
    hide_zero = rng.random() < 0.3
    total = sum(counts.values())
    table = protect(counts, hide_zero=hide_zero)
    assert all(c.count >= suppression.THRESHOLD for _k, c in table if c.status is Status.WITHHELD)
    assert all(c.hidden for _k, c in table if suppression.is_small(c.count))
    if table.withheld:
        # Only when even hiding every (non-zero) cell leaves one of them pinned down.
        assert all(c.hidden or c.count == 0 for _k, c in table)
        assert disclosed(table, total=total, hide_zero=hide_zero)
    else:
        assert not disclosed(table, total=total, hide_zero=hide_zero)


def test_secondary_suppression_withholds_the_smallest_cells_first():
    for counts in itertools.permutations([3, 50, 9, 20]):
        table = protect(dict(zip("abcd", counts, strict=True)))
        withheld = [c.count for _k, c in table if c.status is Status.WITHHELD]
        assert withheld == [9]


def grid_disclosed(grid, *, threshold=suppression.THRESHOLD, hide_zero=False):
    """Hidden figures of a cross-table (cells, row and column totals, grand total) of one or
    more people whose value is the only one possible, by linear programming (scipy),
    independently of `grid_pinned`.

    A reader knows every shown figure, the labels' ranges and that each row adds up to its
    row total, each column to its column total, and the totals to the grand total. These sums
    form a network matrix (totally unimodular), so the smallest and largest values the linear
    programme allows are whole numbers and are the cell's true range.
    """
    import numpy as np
    from scipy.optimize import linprog

    rows = list(grid.row_totals)
    columns = list(grid.column_totals)
    figures = {("cell", key): cell for key, cell in grid.cells.items()}
    figures |= {("row", row): cell for row, cell in grid.row_totals.items()}
    figures |= {("column", column): cell for column, cell in grid.column_totals.items()}
    figures[("total", None)] = grid.total
    keys = list(figures)
    index = {key: i for i, key in enumerate(keys)}
    equations = []
    for row in rows:
        line = {("cell", (row, column)): 1 for column in columns} | {("row", row): -1}
        equations.append(line)
    equations.append({("row", row): 1 for row in rows} | {("total", None): -1})
    if grid.column_totals_printed:
        for column in columns:
            line = {("cell", (row, column)): 1 for row in rows} | {("column", column): -1}
            equations.append(line)
        equations.append({("column", column): 1 for column in columns} | {("total", None): -1})
    a_eq = np.zeros((len(equations), len(keys)))
    for i, line in enumerate(equations):
        for key, coefficient in line.items():
            a_eq[i, index[key]] = coefficient
    bounds = []
    for key in keys:
        cell = figures[key]
        if key[0] in ("column", "total") and not grid.column_totals_printed:
            bounds.append((0, None))  # not printed: unknown (and in no equation)
        elif key[0] == "cell" and key[1][0] in grid.left_out:
            bounds.append((0, None))  # a row left out of the table
        elif not cell.hidden:
            bounds.append((cell.count, cell.count))
        elif cell.status is Status.SMALL:
            bounds.append((0 if hide_zero else 1, threshold - 1))
        else:
            bounds.append((threshold, None))
    b_eq = np.zeros(len(equations))
    found = set()
    for key in keys:
        cell = figures[key]
        not_printed = (key[0] in ("column", "total") and not grid.column_totals_printed) or (
            key[0] == "cell" and key[1][0] in grid.left_out
        )
        if not cell.hidden or cell.count == 0 or not_printed:
            continue
        objective = np.zeros(len(keys))
        objective[index[key]] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, "the true table is always a solution"
        top = None if high.status == 3 else -high.fun
        if top is not None and round(top) - round(low.fun) == 0:
            found.add(key)
    return found


def random_grid(rng):
    """Counts, rows, columns and row totals of a random cross-table."""
    rows = [f"theme {i}" for i in range(rng.randint(1, 6))]
    columns = [f"group {j}" for j in range(rng.randint(1, 7))]
    choices = [0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 15, 40]
    counts = {(row, column): rng.choice(choices) for row in rows for column in columns}
    totals = {row: sum(counts[row, column] for column in columns) for row in rows}
    return counts, rows, columns, totals


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_figure_of_a_random_cross_table_can_be_worked_out(seed):
    rng = random.Random(seed)
    counts, rows, columns, totals = random_grid(rng)
    printed = seed % 2 == 0  # with and without the column totals printed
    grid = suppression.protect_grid(
        counts, rows=rows, columns=columns, row_totals=totals, column_totals=printed
    )
    figures = [*grid.cells.values(), *grid.row_totals.values()]
    figures += list(grid.column_totals.values()) if printed else []
    assert all(c.hidden for c in figures if suppression.is_small(c.count))
    assert all(c.count >= suppression.THRESHOLD for c in figures if c.status is Status.WITHHELD)
    # Row totals are printed elsewhere as they are (a theme's "n"): never withheld here.
    assert all(c.status is not Status.WITHHELD for c in grid.row_totals.values())
    if not grid.withheld:
        assert not grid_disclosed(grid)
    # The search agrees with the linear programme on what a reader can work out.
    pinned = suppression.grid_pinned(
        grid.cells,
        grid.row_totals,
        grid.column_totals,
        grid.total,
        column_totals_printed=printed,
        left_out=grid.left_out,
    )
    assert pinned == grid_disclosed(grid)


def test_without_column_totals_each_row_is_protected_as_a_table_of_its_own():
    rng = random.Random(7)
    for _ in range(50):
        counts, rows, columns, totals = random_grid(rng)
        grid = suppression.protect_grid(
            counts, rows=rows, columns=columns, row_totals=totals, column_totals=False
        )
        for row in rows:
            if suppression.is_small(totals[row]):
                continue  # a hidden "n": the row adds up to nothing printed
            if row in grid.left_out:
                # A row no suppression can protect is left out, as its own table would be.
                assert protect({column: counts[row, column] for column in columns}).withheld
                continue
            line = protect({column: counts[row, column] for column in columns})
            statuses = [grid.cells[row, column].status for column in columns]
            assert statuses == [line.cells[column].status for column in columns]


def test_a_cross_table_withholds_across_rows_and_columns():
    # Theme A: 40 in North, 3 in South (hidden); its row total 43 would give the 3 away, so a
    # North cell is withheld, and then the North column total would give that away in turn.
    counts = {("A", "North"): 40, ("A", "South"): 3, ("B", "North"): 20, ("B", "South"): 30}
    grid = suppression.protect_grid(
        counts, rows=["A", "B"], columns=["North", "South"], row_totals={"A": 43, "B": 50}
    )
    assert grid.cells["A", "South"].status is Status.SMALL
    assert grid.cells["A", "North"].status is Status.WITHHELD
    assert grid.cells["B", "North"].hidden and grid.cells["B", "South"].hidden
    assert not grid_disclosed(grid)
    assert not grid.withheld
