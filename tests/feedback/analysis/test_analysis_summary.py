"""Tests for theme summaries: suppression of small groups and consented quotes."""

from feedback.analysis.pipeline import analyse
from feedback.analysis.summary import (
    SUPPRESSED,
    Unit,
    choose_quotes,
    suppress_counts,
    theme_centre_texts,
)

CODEBOOK = {
    "themes": [
        {"name": "Waiting", "description": "Waiting times", "keywords": ["wait", "waiting list"]},
        {"name": "Staff", "description": "Staff attitude", "keywords": ["staff", "nurse"]},
    ]
}


def _unit(i, text, consent=True, theme="Waiting", score=1.0, **attributes):
    return Unit(
        response_id=str(i),
        themes={theme: score},
        sentiment="negative",
        attributes=attributes,
        consent_to_quote=consent,
        quote_text=text,
    )


def test_small_cells_are_suppressed_never_shown():
    out = suppress_counts(counts={"North": 12, "South": 3, "East": 7})
    assert out["South"] == SUPPRESSED
    # With a single hidden cell the next smallest is hidden too, so it cannot be worked out.
    assert out["East"] == SUPPRESSED
    assert out["North"] == 12
    assert 3 not in out.values()


def test_cells_of_five_or_more_are_shown():
    assert suppress_counts(counts={"a": 5, "b": 9}) == {"a": 5, "b": 9}


def test_quotes_only_from_consenting_respondents():
    units = [
        _unit(1, "I waited six months on the waiting list for help", consent=False, score=9.0),
        _unit(2, "The wait for my first appointment was very long indeed"),
        _unit(3, "Waiting times for therapy need to come down a lot"),
        _unit(4, "I waited six months on the waiting list for any help", consent=False),
    ]
    quotes = choose_quotes(units=units, theme="Waiting", max_quotes=5)
    assert {q.response_id for q in quotes} == {"2", "3"}


def test_quotes_are_not_near_duplicates():
    units = [
        _unit(1, "The waiting list for therapy is far too long for people", score=3.0),
        _unit(2, "The waiting list for therapy is far too long for people!", score=2.0),
        _unit(3, "I had to wait eight weeks for a call back from the team", score=1.0),
    ]
    quotes = choose_quotes(units=units, theme="Waiting", max_quotes=3)
    assert [q.response_id for q in quotes] == ["1", "3"]


def test_quotes_do_not_repeat_a_sentence_another_quote_says():
    # The demo's MINT report printed three quotes under "Working with GP practices", each
    # opening with the same sentence; their other sentences kept them under the word overlap.
    shared = (
        "A single referral route that GPs actually understand, with someone answering the phone."
    )
    units = [
        _unit(
            1, f"{shared} A named link worker for every practice, so GPs know who to call.", score=3
        ),
        _unit(
            2, f"{shared} Keeping the specialist clinics we already run and linking them.", score=2
        ),
        _unit(3, "Training in primary care work, as some of us have never worked in a surgery."),
    ]
    quotes = choose_quotes(units=units, theme="Waiting", max_quotes=3)
    assert [q.response_id for q in quotes] == ["1", "3"]


def test_a_short_sentence_in_common_does_not_keep_a_quote_out():
    units = [
        _unit(1, "The waiting list for therapy is far too long. Thank you for listening.", score=3),
        _unit(2, "I had to wait eight weeks for a call back. Thank you for listening.", score=2),
    ]
    quotes = choose_quotes(units=units, theme="Waiting", max_quotes=3)
    assert [q.response_id for q in quotes] == ["1", "2"]


def test_pipeline_quotes_are_redacted_and_consented():
    places = [
        "clinic",
        "ward",
        "surgery",
        "hospital",
        "centre",
        "unit",
        "hub",
        "office",
        "practice",
        "annexe",
        "wing",
        "lodge",
    ]
    responses = []
    for i in range(12):
        responses.append(
            {
                "id": f"r{i}",
                "text": f"Long wait at the {places[i]} ({i} weeks), ring 07700 900{i:03d}",
                "consent_to_quote": i % 2 == 0,
                "attributes": {"borough": "North" if i < 9 else "South"},
            }
        )
    result = analyse(responses=responses, codebook=CODEBOOK)
    consented = {r["id"] for r in responses if r["consent_to_quote"]}
    for theme in result.themes:
        for quote in theme.quotes:
            assert quote.response_id in consented
            assert "07700" not in quote.text and "[phone]" in quote.text
    waiting = next(t for t in result.themes if t.name == "Waiting")
    assert waiting.count == 12 and waiting.n_of_n == "12 of 12"
    assert waiting.breakdowns["borough"] == {"North": SUPPRESSED, "South": SUPPRESSED}


def test_no_quotes_without_consent():
    responses = [
        {"id": str(i), "text": f"The waiting list is long, week {i} and counting for me"}
        for i in range(8)
    ]
    result = analyse(responses=responses, codebook=CODEBOOK)
    assert all(theme.quotes == () for theme in result.themes)


def test_quotes_typical_of_the_theme_come_before_off_topic_members():
    theme = "Change fatigue"
    units = [
        _unit(1, "Driving into town at rush hour takes me forty minutes", theme=theme),
        _unit(2, "The traffic on the ring road is terrible in the morning", theme=theme),
        _unit(3, "Staff are exhausted by one restructure after another", theme=theme),
        _unit(
            4, "Every year the service is reorganised again and people are worn out", theme=theme
        ),
    ]
    centre = ["Staff tired of constant reorganisation and change to the service"]
    quotes = choose_quotes(units=units, theme=theme, max_quotes=2, typical_of=centre)
    assert {q.response_id for q in quotes} == {"3", "4"}
    # Without a centre only theme score and length count, and an off-topic member gets in.
    plain = choose_quotes(units=units, theme=theme, max_quotes=2)
    assert {q.response_id for q in plain} & {"1", "2"}


def test_theme_centre_weighs_the_description_as_much_as_the_members():
    members = [_unit(i, f"member answer number {i}") for i in range(3)]
    texts = theme_centre_texts(members=members, description="Waiting: waiting times")
    assert texts.count("Waiting: waiting times") == 3
    assert len(texts) == 6
    assert theme_centre_texts(members=members) == [u.quote_text for u in members]
