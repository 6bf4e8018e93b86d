"""Tests for campaign / near-duplicate grouping."""

from feedback.analysis.campaigns import fingerprints, group_campaigns
from feedback.analysis.pipeline import analyse

BASE = (
    "I strongly object to the closure of the Riverside ward because families will have to "
    "travel much further to visit their loved ones"
)


def test_identical_and_near_identical_texts_group_together():
    texts = [BASE, BASE.upper() + "!!", BASE.replace("strongly ", ""), "Parking is awful", BASE]
    groups = group_campaigns(prints=fingerprints(texts=texts))
    assert len(groups) == 1
    assert groups[0].member_indexes == (0, 1, 2, 4)
    assert groups[0].size == 4


def test_short_repeated_praise_is_not_a_campaign():
    groups = group_campaigns(prints=fingerprints(texts=["Very good service"] * 10))
    assert groups == []


def test_group_ids_do_not_depend_on_order():
    texts = [BASE, BASE, BASE, "Something else entirely different here"]
    first = group_campaigns(prints=fingerprints(texts=texts))[0].group_id
    second = group_campaigns(prints=fingerprints(texts=list(reversed(texts))))[0].group_id
    assert first == second and first.startswith("campaign-")


def test_campaign_counted_once_for_theming():
    responses = [{"id": f"c{i}", "text": BASE, "consent_to_quote": True} for i in range(6)]
    responses += [
        {"id": "a", "text": "The waiting list for therapy is far too long"},
        {"id": "b", "text": "Staff on the ward were kind and caring"},
    ]
    result = analyse(responses=responses, max_themes=2)
    assert result.counted_units == 3
    assert len(result.campaigns) == 1 and result.campaigns[0].size == 6
    members = [r for r in result.responses if r.id.startswith("c")]
    assert {r.campaign_group for r in members} == {result.campaigns[0].group_id}
    assert all(r.campaign_group == "" for r in result.responses if not r.id.startswith("c"))
    for theme in result.themes:
        assert all(not q.response_id.startswith("c") for q in theme.quotes)
