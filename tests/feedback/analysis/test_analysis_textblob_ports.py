"""The fast tokenizer and sentiment ports must give exactly TextBlob's output."""

import pytest
from textblob.en import parser

from feedback.analysis.sentiment import _assess, _assess_pattern, _average
from feedback.analysis.tokens import find_tokens

TRICKY = [
    "Mr. Smith said 'hi' \"there\"... U.S. e.g. etc. (!) and left.",
    "I wasn't told; they're late, I'm cross & it's 5.30p.m. now!!",
    "a\r\n\r\nb\n\nc",
    "\u201cquoted\u201d \u2018single\u2019 it\u2019s",
    "...!!!?? (! ) : ) :-( <3 x-D 8-) o_O :'(",
    'Dr. Who? Yes!) ok." end',
    "A.B.C. Mrs. Mr. Bcd. t.",
    "",
    "   ",
    "'tis rock'n'roll",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tokenizer_port_matches_textblob(text):
    assert find_tokens(text=text) == parser.find_tokens(text)


@pytest.mark.parametrize(
    "text",
    [
        *TRICKY,
        "Not really good!!! very not good, never very helpful",
        "really not bad :) but not a good wait",
        "! good. extremely bad!",
    ],
)
def test_assessment_port_matches_pattern(text):
    words = " ".join(find_tokens(text=text)).lower().split()
    assert _average(_assess(words)) == _average(_assess_pattern(words))
