"""Tests for coding-frame confidences: meaning, keywords and analysts' examples."""

import pytest

from feedback.analysis import pipeline, semantic
from feedback.analysis.coding import parse_codebook
from feedback.analysis.pipeline import analyse, process_batch
from feedback.analysis.semantic import ThemeScorer

# An officer's frame with no keywords at all: names and one-line descriptions only.
NO_KEYWORDS = {
    "themes": [
        {"name": "Getting there", "description": "Travel, transport, parking and distance."},
        {"name": "Staff", "description": "How kind, polite and helpful the staff were."},
        {"name": "Food", "description": "Meals, drinks and snacks on the ward."},
        {"name": "Waiting", "description": "Waiting times, delays and waiting lists."},
    ]
}


def _primary(text, codebook=NO_KEYWORDS, examples=()):
    [result] = process_batch(
        responses=[{"id": "1", "text": text}], codebook=codebook, examples=examples
    )
    return result.coded_themes[0][0] if result.coded_themes else ""


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("There was nowhere to leave the car and the bus takes an hour", "Getting there"),
        ("The nurses were lovely, so polite and helpful", "Staff"),
        ("The sandwiches at lunch were stale and the tea was cold", "Food"),
        ("I waited five months for my first appointment", "Waiting"),
    ],
)
def test_a_frame_without_keywords_tags_by_meaning(text, theme):
    assert _primary(text) == theme


def test_confidences_lie_in_zero_to_one_and_leave_room_for_none():
    scorer = ThemeScorer(codebook=parse_codebook(data=NO_KEYWORDS))
    texts = ["The food was cold", "Lovely staff", "purple elephant astronomy", ""]
    confidences = scorer.confidences(texts=texts, keyword_scores=[(0.0,) * 4] * 4)
    assert confidences.shape == (4, 4)
    assert (confidences >= 0).all() and (confidences <= 1).all()
    assert (confidences.sum(axis=1) <= 1.0 + 1e-9).all()
    assert not confidences[3].any()  # an empty answer has no theme


def test_unrelated_text_gets_no_theme():
    book = {"themes": [{"name": "Staff", "keywords": ["staff", "nurse"]}]}
    assert _primary("The sandwiches were tasty", codebook=book) == ""
    assert _primary("The nurse was lovely", codebook=book) == "Staff"


def test_examples_teach_a_theme_its_description_does_not_say():
    book = {
        "themes": [
            {"name": "Staff", "description": "How kind and helpful the staff were."},
            {"name": "Food", "description": "Meals and drinks on the ward."},
            {"name": "Other", "description": "Anything else people raised."},
        ]
    }
    text = "The number 12 bus no longer stops near the clinic"
    examples = [
        ("The bus service to the hospital is poor", "Other"),
        ("No buses run after six so I cannot get home", "Other"),
        ("The bus stop moved too far from the entrance", "Other"),
        ("Nurses were kind", "Staff"),
        ("Staff were patient and helpful", "Staff"),
        ("The receptionist was rude", "Staff"),
        ("Lunch was cold", "Food"),
        ("Good choice of meals", "Food"),
        ("The tea trolley never came", "Food"),
    ]
    scorer = ThemeScorer(codebook=parse_codebook(data=book))
    taught = ThemeScorer(codebook=parse_codebook(data=book), examples=examples)
    keywords = [(0.0, 0.0, 0.0)]
    before = scorer.confidences(texts=[text], keyword_scores=keywords)[0][2]
    after = taught.confidences(texts=[text], keyword_scores=keywords)[0][2]
    assert after > before
    assert _primary(text, codebook=book, examples=examples) == "Other"


def test_a_theme_needs_enough_examples_before_they_count():
    book = parse_codebook(data=NO_KEYWORDS)
    few = [("Buses are rare", "Getting there")] * semantic.MIN_EXAMPLES
    few = [(f"{text} {i}", theme) for i, (text, theme) in enumerate(few)]
    assert ThemeScorer(codebook=book, examples=few[:-1])._examples.columns == []
    assert ThemeScorer(codebook=book, examples=few)._examples.columns == [0]


def test_the_order_of_examples_does_not_matter():
    book = parse_codebook(data=NO_KEYWORDS)
    examples = [
        (f"{text} number {i}", theme)
        for i in range(4)
        for text, theme in [("bus", "Getting there"), ("nurse", "Staff"), ("soup", "Food")]
    ]
    texts = ["The buses are late", "Soup was cold", "Nice nurse"]
    keywords = [(0.0,) * 4] * 3
    a = ThemeScorer(codebook=book, examples=examples).confidences(
        texts=texts, keyword_scores=keywords
    )
    b = ThemeScorer(codebook=book, examples=examples[::-1]).confidences(
        texts=texts, keyword_scores=keywords
    )
    assert a.tobytes() == b.tobytes()


def test_an_answer_scores_the_same_alone_or_in_any_batch():
    scorer = ThemeScorer(codebook=parse_codebook(data=NO_KEYWORDS))
    texts = [f"Answer {i}: the bus and the car park and the food" for i in range(40)]
    keywords = [(0.0,) * 4] * 40
    together = scorer.confidences(texts=texts, keyword_scores=keywords)
    alone = scorer.confidences(texts=texts[17:18], keyword_scores=keywords[:1])
    assert together[17].tobytes() == alone[0].tobytes()


def test_keywords_outweigh_a_vague_meaning():
    book = {
        "themes": [
            {"name": "Access", "description": "Getting an appointment."},
            {"name": "Environment", "description": "The building.", "keywords": ["lift"]},
            {"name": "Staff", "description": "The people."},
        ]
    }
    assert _primary("The lift was broken again", codebook=book) == "Environment"


def test_analyse_with_decisions_is_identical_in_one_process_and_across_workers(monkeypatch):
    # Confirmed answers and removals both shape the scores; the answers are all different and
    # split into many small batches, so the pool really runs and each worker scores its own.
    examples = [
        (f"{text} {i}", theme)
        for i in range(3)
        for text, theme in [("bus late", "Getting there"), ("kind nurse", "Staff")]
    ]
    rejected = [("I waited on the phone for an hour and the line kept cutting off", "Waiting")]
    topics = ["the bus", "the nurse", "the food", "a long wait", "the phone line", "parking"]
    responses = [
        {"id": str(i), "text": f"Reply {i}: {topics[i % 6]} and {topics[(i * 7) % 5]}, {i % 13}"}
        for i in range(600)
    ]
    pools = []
    real_pool = pipeline.ProcessPoolExecutor

    def counting_pool(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", counting_pool)
    decisions = {"codebook": NO_KEYWORDS, "examples": examples, "rejected": rejected}
    one = analyse(responses=responses, workers=1, batch_size=50, **decisions)
    assert pools == []
    two = analyse(responses=responses, workers=2, batch_size=50, **decisions)
    assert 2 in pools  # the batches were scored in worker processes
    assert len({r.themes for r in one.responses}) > 20  # confidences differ between answers
    assert one.to_json() == two.to_json()


# Removals: an analyst took "Waiting" off an answer that talks about waiting but is a complaint
# about the phone line; answers very like it should lose "Waiting" too, others keep it.
REMOVED = "I waited on the phone for an hour and the line kept cutting off"
NEAR_DUPLICATE = "I waited on the phone for an hour and the line kept cutting me off"
UNLIKE = "I waited five months for my first appointment"


def _tags(texts, **decisions):
    return {
        r.id: [name for name, _c in r.coded_themes]
        for r in process_batch(
            responses=[{"id": t, "text": t} for t in texts], codebook=NO_KEYWORDS, **decisions
        )
    }


def test_a_removal_stops_a_near_duplicate_getting_the_theme_while_others_keep_it():
    before = _tags([NEAR_DUPLICATE, UNLIKE])
    assert "Waiting" in before[NEAR_DUPLICATE] and "Waiting" in before[UNLIKE]
    after = _tags([NEAR_DUPLICATE, UNLIKE], rejected=[(REMOVED, "Waiting")])
    assert "Waiting" not in after[NEAR_DUPLICATE]
    assert "Waiting" in after[UNLIKE]
    # Removing another theme from the same answer leaves "Waiting" alone.
    assert "Waiting" in _tags([NEAR_DUPLICATE], rejected=[(REMOVED, "Food")])[NEAR_DUPLICATE]


def test_a_removal_outweighs_a_matched_keyword_only_for_answers_much_like_it():
    book = {"themes": [{"name": "Waiting", "keywords": ["waited"]}, *NO_KEYWORDS["themes"][:3]]}

    def tagged(text, rejected=()):
        [result] = process_batch(
            responses=[{"id": "1", "text": text}], codebook=book, rejected=rejected
        )
        return [name for name, _c in result.coded_themes]

    removal = [(REMOVED, "Waiting")]
    assert "Waiting" in tagged(NEAR_DUPLICATE)
    assert "Waiting" not in tagged(NEAR_DUPLICATE, removal)
    assert "Waiting" in tagged(UNLIKE, removal)


def test_a_confirmation_closer_than_the_removal_keeps_the_theme():
    scorer = ThemeScorer(
        codebook=parse_codebook(data=NO_KEYWORDS),
        rejected=[(REMOVED, "Waiting")],
        examples=[(NEAR_DUPLICATE, "Waiting")],
    )
    [row] = scorer.tags(texts=[NEAR_DUPLICATE], keyword_scores=[(0.0,) * 4])
    assert "Waiting" in [name for name, _c in row]


def test_removals_lower_the_confidence_in_any_order_and_are_part_of_the_scorer_cache_key():
    from feedback.analysis.pipeline import theme_scorer

    book = parse_codebook(data=NO_KEYWORDS)
    removals = [(REMOVED, "Waiting"), ("The soup was cold", "Staff")]
    plain = theme_scorer(codebook=book)
    learnt = theme_scorer(codebook=book, rejected=removals)
    assert learnt is not plain
    assert theme_scorer(codebook=book, rejected=removals[::-1]) is learnt
    waiting = book.theme_names().index("Waiting")
    before = plain.confidences(texts=[NEAR_DUPLICATE], keyword_scores=[(0.0,) * 4])[0, waiting]
    after = learnt.confidences(texts=[NEAR_DUPLICATE], keyword_scores=[(0.0,) * 4])[0, waiting]
    assert after < before / 2
