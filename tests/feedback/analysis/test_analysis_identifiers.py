"""Quasi-identifiers flagged in quotes, and edits to a redaction that may only hide more."""

import pytest

from feedback.analysis.identifiers import flag_identifiers, reveals_more


def kinds(text, **kwargs):
    return {flag.kind for flag in flag_identifiers(text=text, **kwargs)}


def test_the_issue_quote_is_flagged_for_job_with_tenure_and_team_size():
    text = (
        "I am a community psychiatric nurse and have worked here for 20 years. With only 6 "
        "staff in a team, we cannot cover leave."
    )
    flags = flag_identifiers(text=text)
    found = {flag.kind: flag.text for flag in flags}
    assert found["job_with_tenure"].startswith("I am a community psychiatric nurse")
    assert found["tenure"] == "worked here for 20 years"
    assert found["team_size"] == "only 6 staff"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I've been in post since 2004 and seen it all.", "tenure"),
        ("After 15 years' service I am leaving.", "tenure"),
        ("We are a team of 4 covering the whole borough.", "team_size"),
        ("The staff on Cedar Ward were kind.", "named_place"),
        ("The Riverside Recovery Team never called back.", "named_place"),
        ("My son is 17 years old and waited months.", "age"),
        ("I'm in my late seventies and cannot travel.", "age"),
        ("My wife has Huntington's disease.", "rare_condition"),
        ("I have a rare condition that few doctors know.", "rare_condition"),
        ("I am the only psychologist in the service.", "few_staff"),
        ("We are one of three OTs for the locality.", "few_staff"),
    ],
)
def test_each_kind_of_quasi_identifier_is_flagged(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # The demo's MINT report printed this one as a draft candidate flagged only for tenure.
        "I have been a social worker in recovery since 2001.",
        "I've been a community psychiatric nurse since 2010.",
        "I work as an occupational therapist and have worked here for 12 years.",
    ],
)
def test_a_job_title_stated_as_i_have_been_or_i_work_as_is_flagged_with_tenure(text):
    assert {"job_title", "job_with_tenure"} <= kinds(text)


def test_places_the_platform_knows_are_flagged():
    assert "known_place" in kinds("The Fulham Reach base is too far.", places=["Fulham Reach"])


def test_an_ordinary_quote_raises_no_flag():
    assert kinds("The waiting list is far too long and nobody explains why.") == set()


def test_flags_come_in_text_order_with_a_hint():
    flags = flag_identifiers(text="I am 54. I am a nurse.")
    assert [flag.kind for flag in flags] == ["age", "job_title"]
    assert all(flag.hint for flag in flags)


@pytest.mark.parametrize(
    ("original", "edited"),
    [
        ("I waited at Cedar Ward for hours", "I waited at [ward] for hours"),
        ("I waited at Cedar Ward for hours", "I waited ... for hours"),
        ("I am a nurse and worked here for 20 years", "I am a nurse"),
        ("[name] said we would be seen", "[name] said we would be seen"),
    ],
)
def test_an_edit_that_only_hides_words_is_allowed(original, edited):
    assert not reveals_more(original=original, edited=edited)


@pytest.mark.parametrize(
    ("original", "edited"),
    [
        ("[name] said we would be seen", "Dr Patel said we would be seen"),
        ("I waited at [ward] for hours", "I waited at Cedar Ward for hours"),
        ("I waited for hours", "I waited for hours at Cedar Ward"),
        ("nobody called us back", "back called us nobody"),
    ],
)
def test_an_edit_that_reveals_more_than_the_redaction_is_refused(original, edited):
    assert reveals_more(original=original, edited=edited)
