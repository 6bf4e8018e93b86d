"""Tests for text normalisation and non-answer detection."""

import pytest

from feedback.analysis.clean import is_non_answer, normalise_text


def test_normalise_text_applies_nfkc_and_strips_controls():
    assert (
        normalise_text(text="ﬁne\u200b  service\x07\r\n\r\n\r\nthanks ") == "fine service\n\nthanks"
    )


def test_normalise_text_handles_none_and_blank():
    assert normalise_text(text=None) == ""
    assert normalise_text(text="   \t ") == ""


@pytest.mark.parametrize(
    "text",
    [
        "Nothing",
        "n/a",
        "N/A.",
        "No comment",
        "see above",
        "None",
        "no",
        "-",
        "Not applicable",
        "Nothing to add.",
        "",
        "  ",
        "xxx",
        "Don't know",
    ],
)
def test_non_answers_are_detected(text):
    assert is_non_answer(text=text)


@pytest.mark.parametrize(
    "text",
    [
        "Nothing to improve, the staff were great",
        "No parking at the clinic",
        "None of the nurses listened",
        "Waiting times",
        "ok so the food was cold",
    ],
)
def test_real_answers_are_not_non_answers(text):
    assert not is_non_answer(text=text)
