"""Tests for the evidence-rich flag."""

import csv
from pathlib import Path

import pytest

from feedback.analysis.evidence import _KINDS, evidence_kinds, is_evidence_rich


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I waited 6 weeks for a call back", "number"),
        ("It takes two buses each way to get there", "number"),
        ("Opening until 8pm would help people who work", "number"),
        ("When my son was discharged nobody followed up", "lived experience"),
        ("We were told the clinic would stay open", "lived experience"),
        ("My mum waited all day in the corridor", "lived experience"),
        ("For example the letter came after the appointment", "example"),
        ("Last winter the heating broke on the ward", "example"),
    ],
)
def test_specific_evidence_is_found(text, kind):
    kinds = evidence_kinds(text=text)
    assert kind in kinds
    assert is_evidence_rich(kinds=kinds)


@pytest.mark.parametrize(
    "text",
    [
        "Staff were lovely",
        "I think it is a good idea",
        "It was a long day",
        "Better communication please",
        "My son is happy",
        "",
    ],
)
def test_opinions_without_specifics_are_not_evidence(text):
    assert evidence_kinds(text=text) == ()
    assert not is_evidence_rich(kinds=())


DATA = Path(__file__).resolve().parents[4] / "shared/data/nhs-patient-feedback/comments.csv"


@pytest.mark.skipif(not DATA.exists(), reason="shared NHS data not present")
def test_word_gates_never_hide_a_match_on_real_comments():
    with DATA.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    for text in texts:
        plain = tuple(kind for kind, pattern in _KINDS if pattern.search(text))
        assert evidence_kinds(text=text) == plain, text
