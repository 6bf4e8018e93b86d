"""Theme-set checks: too broad, overlapping, too small and too many themes."""

from feedback.analysis.theme_checks import check_theme_set


def codes(found):
    return [(w.code, w.themes) for w in found]


def test_a_theme_holding_more_than_half_of_respondents_is_too_broad():
    found = check_theme_set(total=100, members={"Staff": set(range(51)), "Parking": {1, 2, 3}})
    assert ("too_broad", ("Staff",)) in codes(found)
    assert check_theme_set(total=100, members={"Staff": set(range(50))}) == []


def test_two_themes_sharing_most_of_the_smaller_ones_members_overlap():
    found = check_theme_set(
        total=100, members={"A": set(range(20)), "B": set(range(7, 17)), "C": {50, 51, 52}}
    )
    overlap = [w for w in found if w.code == "overlap"]
    assert [(w.themes, w.figure) for w in overlap] == [(("A", "B"), 1.0)]
    # 6 of 10 shared is 60%: not more than 60%, so no warning.
    assert not check_theme_set(total=100, members={"A": set(range(10)), "B": set(range(4, 20))})


def test_themes_under_one_percent_and_more_than_25_themes_are_flagged():
    members = {f"Theme {i:02}": set(range(i * 3, i * 3 + 3)) for i in range(26)}
    members["Tiny"] = set()
    found = check_theme_set(total=1000, members=members)
    assert ("too_many", ()) in codes(found)
    assert ("too_small", ("Tiny",)) in codes(found)
    assert len([w for w in found if w.code == "too_small"]) == 27
