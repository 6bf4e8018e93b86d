"""The themes demo loader: skips cleanly without data, and running it twice changes nothing."""

import pytest
from wagtail.models import ModelLogEntry

from consultations.models import ConsultationPage
from feedback.themes import demo
from feedback.themes.models import AnalysisRun, AnswerAnalysis, AnswerTheme, Theme

pytestmark = pytest.mark.django_db

TEXTS = [
    "Waiting lists are far too long; I waited months for a first appointment.",
    "The building is hard to reach without a car, and buses are rare.",
    "The peer support group helped me feel less alone on bad weeks.",
    "Evening appointments would help because I cannot take time off work.",
    "Leaflets only in English; information in other languages would help my mum.",
    "An interpreter who knows mental health words made my appointment work.",
    "Please translate the letters, information in Polish and Somali is needed.",
    "My care coordinator rang back when she said she would.",
    "The crisis line answered quickly and the crisis team came the same night.",
    "Texting to change an appointment is so much easier than phoning.",
]


def test_demo_skips_cleanly_when_the_consultations_do_not_exist(db):
    assert demo.load() == []
    assert Theme.objects.count() == 0


def test_demo_loads_themes_once_and_a_second_run_changes_nothing(consultation, respond, make_user):
    make_user(demo.OFFICER_EMAIL, group="Consultation editors")
    ConsultationPage.objects.filter(pk=consultation.pk).update(slug=demo.RESIDENTS_SLUG)
    for _round in range(2):
        for text in TEXTS:
            respond(text)
    assert demo.load() == [demo.RESIDENTS_SLUG]
    accepted = Theme.objects.filter(status=Theme.Status.ACCEPTED)
    assert {name for name, _d, _k in demo.RESIDENT_FRAME} <= set(
        accepted.values_list("name", flat=True)
    )
    assert accepted.filter(origin=Theme.Origin.DISCOVERED).exists()
    assert AnswerTheme.objects.filter(source=AnswerTheme.Source.MANUAL).count() == 1
    assert AnalysisRun.objects.get().status == AnalysisRun.Status.SUCCEEDED
    before = (
        Theme.objects.count(),
        AnswerTheme.objects.count(),
        AnswerAnalysis.objects.count(),
        AnalysisRun.objects.count(),
        ModelLogEntry.objects.count(),
    )
    assert demo.load() == []
    after = (
        Theme.objects.count(),
        AnswerTheme.objects.count(),
        AnswerAnalysis.objects.count(),
        AnalysisRun.objects.count(),
        ModelLogEntry.objects.count(),
    )
    assert after == before


def test_demo_officer_never_gives_a_mix_of_topics_one_topics_name():
    # Discovery calls a theme holding a mix of topics "General comments (...)"; naming it after
    # one of its key phrases ("crisis team") made the demo report say that most respondents
    # raised quick help in a crisis, when 16 of its 109 answers mentioned a crisis.
    proposal = Theme(
        name="General comments (appointment / talking therapy session)",
        key_phrases=["appointment", "home", "talking therapy session", "crisis team"],
    )
    assert demo._better_name(proposal) is None
