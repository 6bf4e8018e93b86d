"""The safeguarding screen, measured on invented examples (figures in docs/feedback.md)."""

from feedback.safeguarding import screen_text, screen_texts
from tests.feedback.safeguarding_examples import SHOULD_FLAG, SHOULD_NOT_FLAG


def measure():
    """(caught, total positives, false alarms, total negatives, misses)."""
    positives = [(text, expected) for text, expected in SHOULD_FLAG if expected]
    misses = [text for text, expected in positives if not set(screen_text(text)) & expected]
    false_alarms = [text for text in SHOULD_NOT_FLAG if screen_text(text)]
    return (
        len(positives) - len(misses),
        len(positives),
        len(false_alarms),
        len(SHOULD_NOT_FLAG),
        misses,
    )


def test_screen_catches_at_least_nine_in_ten_disclosures_and_few_false_alarms():
    caught, positives, false_alarms, negatives, misses = measure()
    print(f"\nsafeguarding recall {caught}/{positives}, false alarms {false_alarms}/{negatives}")
    print("misses:", misses)
    assert caught / positives >= 0.9
    assert false_alarms / negatives <= 0.1


def test_professional_mentions_of_suicide_prevention_are_not_flagged():
    assert screen_text("The suicide prevention pathway needs more investment.") == []


def test_curly_apostrophes_and_line_breaks_do_not_hide_a_disclosure():
    assert screen_text("I don\u2019t want to\nbe alive") == ["suicide"]


def test_several_texts_give_the_union_of_categories():
    assert screen_texts(["I want to die", "my partner hits me"]) == ["abuse", "suicide"]
