"""Tests for the pipeline: batching, determinism, discovery and non-answers."""

import gc
import json

import pytest

from feedback.analysis.pipeline import (
    ResponseAnalysis,
    analyse,
    merge_batches,
    process_batch,
    split_batches,
)

TEXTS = [
    "The waiting list for therapy was far too long",
    "I waited months for my first appointment",
    "Appointments are always cancelled at short notice",
    "Staff on the ward were kind and caring",
    "The nurses were friendly and listened to me",
    "Lovely staff, very kind nurses",
    "Parking at the hospital is a nightmare",
    "The car park is too small and expensive",
    "No parking spaces near the clinic",
    "The food on the ward was cold",
    "Food was lovely and hot",
    "n/a",
    "Nothing",
]
RESPONSES = [
    {"id": f"r{i:02d}", "text": t, "consent_to_quote": True, "attributes": {"area": "x"}}
    for i, t in enumerate(TEXTS * 3)
]


def test_discovery_is_deterministic_byte_identical():
    first = analyse(responses=RESPONSES, max_themes=4).to_json()
    second = analyse(responses=RESPONSES, max_themes=4).to_json()
    assert first == second
    data = json.loads(first)
    assert data["mode"] == "discovery"
    assert 1 <= len(data["discovered"]) <= 4
    assert all(theme["name"] and theme["size"] > 0 for theme in data["discovered"])


def test_batches_and_merge_match_single_run():
    whole = analyse(responses=RESPONSES, max_themes=3, workers=1)
    analyses = []
    for batch in split_batches(responses=RESPONSES, batch_size=5):
        part = process_batch(responses=batch)
        # Batches may be stored as JSON between task steps.
        analyses.extend(
            ResponseAnalysis.from_dict(data=json.loads(json.dumps(a.to_dict()))) for a in part
        )
    merged = merge_batches(responses=RESPONSES, analyses=analyses, max_themes=3)
    assert merged.to_json() == whole.to_json()


def test_parallel_run_matches_serial_run():
    serial = analyse(responses=RESPONSES, max_themes=3, workers=1, batch_size=7)
    parallel = analyse(responses=RESPONSES, max_themes=3, workers=2, batch_size=7)
    assert parallel.to_json() == serial.to_json()


def test_identical_answers_are_analysed_once_but_each_keeps_its_own_id():
    result = analyse(responses=RESPONSES, max_themes=3, workers=2, batch_size=4)
    assert [r.id for r in result.responses] == [r["id"] for r in RESPONSES]
    first, copy = result.responses[0], result.responses[len(TEXTS)]  # same text, other id
    assert (first.id, copy.id) == ("r00", f"r{len(TEXTS):02d}")
    assert first._replace(id=copy.id) == copy


def test_the_garbage_collector_is_paused_during_a_run_and_restored_after():
    seen = []

    class Spy(dict):
        """A response that notes whether the collector runs while the analysis reads it."""

        def get(self, key, default=None):
            seen.append(gc.isenabled())
            return super().get(key, default)

    assert gc.isenabled()
    analyse(responses=[Spy(r) for r in RESPONSES[:4]], workers=1)
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        analyse(responses=RESPONSES[:4], workers=1)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    with pytest.raises(ValueError):
        merge_batches(responses=RESPONSES[:2], analyses=[])
    assert gc.isenabled()  # restored after an error too


def test_non_answers_are_counted_but_not_themed():
    result = analyse(responses=RESPONSES, max_themes=3)
    non_answers = [r for r in result.responses if r.non_answer]
    assert len(non_answers) == 6 and result.non_answers == 6
    assert all(r.primary_theme == "" and r.themes == () for r in non_answers)
    assert result.counted_units == len(RESPONSES) - 6


def test_codebook_fallback_and_include_non_answers():
    book = {
        "themes": [
            {"name": "Nothing to improve", "keywords": ["nothing"], "include_non_answers": True},
            {"name": "Parking", "keywords": ["parking", "car park"]},
            {"name": "Other", "description": "Anything else"},
        ],
        "fallback": "Other",
    }
    result = analyse(responses=RESPONSES[:13], codebook=book)
    by_text = dict(zip(TEXTS, result.responses, strict=True))
    assert by_text["Nothing"].primary_theme == "Nothing to improve"
    assert by_text["n/a"].primary_theme == ""
    assert by_text["Parking at the hospital is a nightmare"].primary_theme == "Parking"
    assert by_text["Food was lovely and hot"].primary_theme == "Other"
    assert by_text["Food was lovely and hot"].themes == (("Other", 0.0),)


def test_result_fields_per_response():
    result = analyse(responses=[{"id": "1", "text": "Dr Smith at NG7 2UH was rude."}])
    [r] = result.responses
    assert r.redacted_text == "Dr [name] at [postcode] was rude."
    assert r.sentiment == "negative" and r.polarity < 0
    assert r.non_answer is False and r.campaign_group == ""


def test_runs_without_nltk_data_or_downloads(monkeypatch):
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("NLTK data must never be downloaded")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "path", [])
    result = analyse(responses=RESPONSES[:13], max_themes=3)
    assert result.responses[0].key_phrases == ("waiting list", "therapy")
    assert result.responses[0].sentiment == "negative"


def test_stance_and_evidence_reach_results_and_theme_summaries():
    question = "Do you support the proposal to close the Riverside clinic?"
    texts = [
        "I support the proposal, the new clinic parking is better",
        "I oppose the proposal, parking at Northgate is awful",
        "I agree in principle but parking will be a problem",
        "When my son was discharged we waited 6 weeks for parking permits",
    ]
    responses = [{"id": f"s{i:02d}", "text": t, "question": question} for i, t in enumerate(texts)]
    result = analyse(
        responses=responses, codebook={"themes": [{"name": "Parking", "keywords": ["parking"]}]}
    )
    by_id = {r.id: r for r in result.responses}
    assert [by_id[f"s0{i}"].stance for i in range(4)] == ["support", "oppose", "mixed", "none"]
    assert by_id["s03"].evidence_rich and "lived experience" in by_id["s03"].evidence
    assert not by_id["s00"].evidence_rich
    parking = next(t for t in result.themes if t.name == "Parking")
    assert parking.stance == {"support": 1, "oppose": 1, "mixed": 1, "none": 1}


def test_stored_analyses_without_the_new_fields_still_load():
    data = process_batch(responses=[{"id": "a", "text": "I waited 6 weeks"}])[0].to_dict()
    assert data["evidence"] == ("number", "lived experience")
    del data["evidence"], data["stance"]
    restored = ResponseAnalysis.from_dict(data=data)
    assert restored.evidence == () and restored.stance == "none"
