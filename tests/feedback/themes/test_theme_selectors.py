"""What the committee report reads: counts n of N, suppression, consented quotes, campaigns."""

import pytest

from feedback.models import Response
from feedback.themes import runs, selectors, services
from feedback.themes.models import AnalysisRun
from tests.feedback.themes.examples import WAITING_OPPOSE, WAITING_SUPPORT

pytestmark = pytest.mark.django_db

CAMPAIGN = (
    "I object to closing the Acton day centre because people who rely on it every week "
    "would have nowhere else to go."
)


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", group="Consultation editors")


@pytest.fixture
def waiting(consultation, officer):
    return services.theme_create(
        consultation=consultation,
        name="Waiting times",
        description="How long people wait.",
        keywords=["waiting", "wait", "waited"],
        user=officer,
    )


def analyse(consultation):
    return runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)


def only_summary(consultation):
    (summary,) = selectors.theme_summaries(consultation=consultation)
    return summary


def test_counts_are_respondents_of_all_with_analysable_text(consultation, waiting, respond):
    respond("I waited months for a first appointment.", other="The wait was awful.")
    respond("The waiting room was cold and the wait long.")
    respond("Staff were lovely.")
    respond("n/a")
    respond("I waited too, but then withdrew.", status=Response.Status.WITHDRAWN)
    analyse(consultation)
    summary = only_summary(consultation)
    # One respondent with two matching answers counts once; the non-answer and the withdrawn
    # response count in neither n nor N.
    assert (summary["respondents"], summary["total"]) == (2, 3)
    assert summary["share"] == pytest.approx(0.6667)
    assert sum(summary["sentiment"].values()) == 2


def test_breakdowns_hide_groups_under_five_people(consultation, waiting, respond, place):
    for _ in range(6):
        respond("The wait was far too long.", capacity=Response.Capacity.RESIDENT)
    for _ in range(5):
        respond("I waited weeks to hear back.", capacity=Response.Capacity.NHS_STAFF)
    for _ in range(2):
        respond("Waiting for a call back took ages.", capacity=Response.Capacity.CARER)
    analyse(consultation)
    cells = {c["key"]: c for c in only_summary(consultation)["by_capacity"]}
    assert cells["carer"]["suppressed"] and cells["carer"]["count"] is None
    # With one small group hidden, the next smallest is hidden too so it cannot be worked out.
    assert cells["nhs_staff"]["suppressed"]
    assert cells["resident"]["count"] == 6
    assert all(c["count"] is None or c["count"] >= 5 for c in cells.values())


def test_locality_breakdown_uses_names_and_suppresses(consultation, waiting, respond, place):
    for _ in range(6):
        respond("The wait was far too long.", locality=place["north"])
    for _ in range(5):
        respond("I waited weeks to hear back.", locality=place["south"])
    respond("Waiting for a call back took ages.")
    analyse(consultation)
    cells = only_summary(consultation)["by_locality"]
    labels = {c["label"]: c for c in cells}
    # n = 12: Not given (1) is small. Withholding South (5) alone is not enough: a withheld
    # cell is 5 or more, so 12 - 6 - 5 would still give 1. North is withheld too.
    assert labels["Not given"]["status"] == "small"
    assert labels["South"]["status"] == "withheld"
    assert labels["North"]["status"] == "withheld" and labels["North"]["count"] is None


def test_quotes_come_only_from_consenting_respondents_redacted_and_distinct(
    consultation, waiting, respond
):
    respond("I waited four months and nobody phoned me back at all.", consent=False)
    respond("The wait for therapy was far too long, email me on sam@example.org please.")
    respond("The wait for therapy was far too long, email me on sam@example.org please!")
    respond("Waiting times at the memory clinic have doubled since last year sadly.")
    respond("After my referral I waited nearly a year for any support whatsoever.")
    analyse(consultation)
    quotes = only_summary(consultation)["quotes"]
    assert 2 <= len(quotes) <= 5
    assert not any("nobody phoned" in q for q in quotes)
    assert not any("sam@example.org" in q for q in quotes)
    assert sum("[email]" in q for q in quotes) == 1, "near-identical quotes must not repeat"


def test_campaign_answers_count_once_and_are_reported_apart(consultation, officer, respond):
    services.theme_create(
        consultation=consultation, name="Day centre", keywords=["day centre"], user=officer
    )
    for _ in range(5):
        respond(CAMPAIGN)
    respond("Keep the day centre open, my dad goes there twice a week.")
    analyse(consultation)
    (group,) = selectors.campaign_groups(consultation=consultation)
    assert group["size"] == 5 and group["respondents"] == 5
    assert "Acton day centre" in group["representative_text"]
    summary = only_summary(consultation)
    assert (summary["respondents"], summary["total"]) == (2, 2)


def test_method_summary_says_what_was_automated_and_reviewed(
    consultation, waiting, respond, officer
):
    respond("I waited months for a first appointment.")
    other = respond("The building is hard to find.")
    respond("Nothing")
    analyse(consultation)
    services.answer_theme_add(answer=other.answers.get(), theme=waiting, user=officer)
    method = selectors.analysis_method_summary(consultation=consultation)
    assert method["answers_analysed"] == 3
    assert method["non_answers"] == 1
    assert method["themes_accepted"] == 1
    assert method["answers_retagged"] == method["retagged"] == 1
    assert method["last_run_at"] is not None
    assert "3 free-text answers" in str(method["automated"])
    assert only_summary(consultation)["respondents"] == 2


def test_answers_submitted_after_a_run_are_pending_until_the_next(consultation, waiting, respond):
    respond("I waited months.")
    analyse(consultation)
    assert selectors.answers_pending(consultation=consultation) == 0
    respond("I waited weeks.")
    assert selectors.answers_pending(consultation=consultation) == 1
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.INCREMENTAL)
    assert selectors.answers_pending(consultation=consultation) == 0
    assert only_summary(consultation)["respondents"] == 2


def test_theme_set_checks_count_overlaps_in_the_database_as_from_the_sets(
    consultation, officer, waiting, respond, monkeypatch
):
    services.theme_create(
        consultation=consultation,
        name="Phone calls",
        keywords=["phone", "phoned", "call"],
        user=officer,
    )
    respond("I waited weeks and nobody phoned me.")
    respond("The wait was long and the phone line was always engaged.")
    respond("Waiting for a call back took ages.", other="Nobody phoned.")
    respond("The wait was far too long.")
    respond("Staff were lovely.")
    analyse(consultation)
    names = dict(
        selectors.Theme.objects.filter(
            consultation=consultation, status=selectors.Theme.Status.ACCEPTED
        ).values_list("pk", "name")
    )
    by_bits = selectors._theme_memberships(consultation=consultation, names=names)
    # More themes than fit in the bits: the (theme, respondent) pairs are read instead.
    monkeypatch.setattr(selectors, "MASK_THEMES", 1)
    by_pairs = selectors._theme_memberships(consultation=consultation, names=names)
    assert by_bits == by_pairs
    sizes, shared = by_bits
    assert sizes == {"Phone calls": 3, "Waiting times": 4}
    assert shared == {("Phone calls", "Waiting times"): 3}
    # 3 of the smaller theme's 3 respondents are in both: over 60%, so they may be one theme.
    checks = selectors.theme_set_checks(consultation=consultation)
    assert [(c["code"], c["themes"]) for c in checks] == [
        ("too_broad", ["Phone calls"]),
        ("too_broad", ["Waiting times"]),
        ("overlap", ["Phone calls", "Waiting times"]),
    ]


def test_themes_split_by_stance_when_a_question_is_about_a_proposal(
    consultation, waiting, respond, about_a_proposal
):
    for text in WAITING_SUPPORT + WAITING_OPPOSE:
        respond(text)
    # Support in one answer and opposition in another make one respondent mixed, counted once.
    respond("I support the plan, the wait is long.", other="I oppose closing it, the wait grows.")
    respond("I agree in principle but worry the wait will grow.")
    respond("The wait was long.")  # no stance: in n, not in the split
    analyse(consultation)
    summary = only_summary(consultation)
    assert summary["respondents"] == 14
    assert summary["stance"] == {"support": 6, "oppose": 5, "mixed": 2}
    # The split counted in the same aggregate query as the other figures.
    figures = selectors.theme_figures(consultation=consultation)
    assert figures.stance[waiting.pk] == summary["stance"]
    # For staff: the rest stated no stance; groups under 5 are hidden by the one rule.
    cells = {cell["key"]: cell for cell in summary["stance_cells"]}
    assert cells["support"]["count"] == 6
    assert cells["mixed"]["status"] == "small" and cells["mixed"]["count"] is None
    assert cells["none"]["status"] == "small"
    assert all(cell["count"] is None or cell["count"] >= 5 for cell in cells.values())
    assert sum(c["count"] or 0 for c in cells.values()) < 14
    assert selectors.theme_stance(theme=waiting) == summary["stance_cells"]


def test_no_stance_split_without_a_question_about_a_proposal(consultation, waiting, respond):
    respond("I support the plan because the wait is far too long now.")
    analyse(consultation)
    summary = only_summary(consultation)
    assert "stance" not in summary and "stance_cells" not in summary
    assert selectors.theme_stance(theme=waiting) is None
