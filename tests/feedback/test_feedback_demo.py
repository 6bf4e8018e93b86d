"""The feedback demo loader: idempotent, varied, marked as demo data, skips cleanly."""

import pytest

from feedback import demo
from feedback.models import Answer, EqualityMonitoring, Question, Response, SafeguardingAlert
from tests.feedback.conftest import make_consultation

pytestmark = pytest.mark.django_db


def test_demo_skips_cleanly_without_the_demo_consultations(site_with_home):
    demo.load()
    assert Response.objects.count() == 0


def test_demo_loads_varied_responses_once(site_with_home):
    home = site_with_home.root_page
    mint = make_consultation(home, slug=demo.MINT_SLUG, title="MINT", closes_in=10)
    residents = make_consultation(home, slug=demo.RESIDENTS_SLUG, title="Residents")
    demo.load()
    counts = (Response.objects.count(), EqualityMonitoring.objects.count())
    demo.load()
    assert (Response.objects.count(), EqualityMonitoring.objects.count()) == counts
    staff = Response.objects.filter(consultation=mint)
    assert staff.count() >= 300
    assert not Response.objects.filter(is_demo=False).exists()
    assert staff.filter(is_anonymous=True).exists() and staff.filter(is_anonymous=False).exists()
    assert staff.filter(is_anonymous=True, respondent_name__gt="").count() == 0
    assert staff.values("team_or_service").distinct().count() >= 5
    assert staff.filter(channel="workshop").count() >= 3
    agreement = {
        a.choices[0] for r in staff[:100] for a in r.answers.all() if a.question.kind == "agreement"
    }
    assert {"Strongly agree", "Strongly disagree"} <= agreement
    assert Response.objects.filter(consultation=residents).count() >= 100
    assert SafeguardingAlert.objects.filter(response__consultation=residents).exists()
    assert all(r.submitted_at for r in staff)


def test_demo_free_text_answers_are_varied_apart_from_one_campaign(site_with_home):
    home = site_with_home.root_page
    mint = make_consultation(home, slug=demo.MINT_SLUG, title="MINT", closes_in=10)
    residents = make_consultation(home, slug=demo.RESIDENTS_SLUG, title="Residents")
    demo.load()
    long_text = Answer.objects.filter(question__kind=Question.Kind.LONG_TEXT).exclude(text="")
    staff = list(long_text.filter(response__consultation=mint).values_list("text", flat=True))
    assert len(set(staff)) >= 0.9 * len(staff)
    people = list(long_text.filter(response__consultation=residents).values_list("text", flat=True))
    campaign = [t for t in people if t == demo.RESIDENT_CAMPAIGN]
    others = [t for t in people if t != demo.RESIDENT_CAMPAIGN]
    assert len(campaign) >= 5
    assert len(set(others)) >= 0.85 * len(others)


def test_demo_respondents_to_a_consultation_limited_to_some_boroughs_live_there(site_with_home):
    from tests.factories import BoroughFactory, LocalityFactory

    fulham, ealing = BoroughFactory(name="Hammersmith & Fulham"), BoroughFactory(name="Ealing")
    for borough in (fulham, ealing):
        LocalityFactory(borough=borough, name="North")
        LocalityFactory(borough=borough, name="South")
    home = site_with_home.root_page
    mint = make_consultation(home, slug=demo.MINT_SLUG, title="MINT", closes_in=10)
    mint.boroughs.set([fulham])
    mint.save()
    residents = make_consultation(home, slug=demo.RESIDENTS_SLUG, title="Residents")
    demo.load()
    placed = Response.objects.filter(consultation=mint, locality__isnull=False)
    assert placed.count() >= 200
    assert set(placed.values_list("locality__borough", flat=True)) == {fulham.pk}
    assert set(placed.values_list("borough", flat=True)) == {fulham.pk}
    # A consultation for everyone still hears from every borough.
    everywhere = Response.objects.filter(consultation=residents, locality__isnull=False)
    assert set(everywhere.values_list("locality__borough", flat=True)) == {fulham.pk, ealing.pk}
