"""Tests for stance towards a proposal."""

import pytest

from feedback.analysis.stance import asks_about_proposal, stance_of

PROPOSAL = "Do you agree with the proposal to move the clinic to Northgate?"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("I fully support this, it makes sense", "support"),
        ("Yes, good idea", "support"),
        ("I do not agree with closing the clinic", "oppose"),
        ("We don't support the plan", "oppose"),
        ("We are against the move", "oppose"),
        ("Not a good idea at all", "oppose"),
        ("No, it will be too far for me", "oppose"),
        ("Please keep Riverside open", "oppose"),
        ("Please do not move the clinic out of town", "oppose"),
        ("I agree in principle but worry about transport", "mixed"),
        ("I support it as long as the buses run", "mixed"),
        ("The staff are lovely", "none"),
        # The people someone supports are the people they look after, not backing for a plan.
        ("Some people I support have had the same worker for years", "none"),
        ("The clients we support will lose their worker, I oppose this", "oppose"),
        ("I support the plan, it helps the families we support", "support"),
    ],
)
def test_stance_towards_a_proposal(text, stance):
    assert stance_of(text=text, question=PROPOSAL) == stance


@pytest.mark.parametrize(
    "text",
    [
        # "people I support" are the people a worker cares for, not backing for the plan: every
        # "support" stance in the demo's MINT answers came from sentences like these.
        "Some people I support have had the same worker for years; losing that could set them "
        "back.",
        "The people we support say peer workers help most, so build them into every team.",
        "Clients we support would have further to travel.",
    ],
)
def test_the_people_someone_supports_are_not_support_for_the_proposal(text):
    assert stance_of(text=text, question="Do you have any concerns about the proposals?") == "none"


def test_a_question_not_about_a_proposal_has_no_stance():
    question = "What did you like about the service?"
    assert not asks_about_proposal(question=question)
    assert asks_about_proposal(question=PROPOSAL)
    assert stance_of(text="I support it", question=question) == "none"


def test_without_a_question_only_explicit_cues_count():
    assert stance_of(text="I support it") == "support"
    # A bare "No," answers some unknown question; it is not opposition to anything.
    assert stance_of(text="No, nothing to add") == "none"
