"""The loaded demo is believable: what people wrote to a consultation for some boroughs names
places in those boroughs only."""

import re

import pytest
from django.core.management import call_command

from consultations.models import Borough, ConsultationPage, PrimaryCareNetwork, Ward
from feedback.models import Answer, Response

pytestmark = pytest.mark.django_db

# Well-known places in each partnership borough, written here independently of the demo data.
PLACES = {
    "hammersmith-fulham": [
        "Hammersmith",
        "Fulham",
        "Shepherd's Bush",
        "White City",
        "Wormholt",
        "Sands End",
        "Brook Green",
        "Ravenscourt",
    ],
    "ealing": ["Ealing", "Acton", "Southall", "Hanwell", "Greenford", "Northolt", "Perivale"],
    "hounslow": [
        "Hounslow",
        "Chiswick",
        "Feltham",
        "Brentford",
        "Isleworth",
        "Bedfont",
        "Cranford",
    ],
}


def _names_by_borough():
    """Each borough's slug with the place names that give it away: its name, the places above,
    and its wards and primary care networks as the demo has them."""
    names = {}
    for borough in Borough.objects.all():
        found = {borough.name, *PLACES.get(borough.slug, [])}
        found |= set(Ward.objects.filter(borough=borough).values_list("name", flat=True))
        found |= set(
            PrimaryCareNetwork.objects.filter(locality__borough=borough).values_list(
                "name", flat=True
            )
        )
        names[borough.pk] = found
    return names


def _pattern(names):
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(names)) + r")\b")


def test_demo_answers_to_a_consultation_for_some_boroughs_name_no_other_borough():
    call_command("load_demo", verbosity=0)
    names = _names_by_borough()
    assert len(names) == 3
    checked = 0
    wrong = []
    for consultation in ConsultationPage.objects.all():
        covered = set(consultation.boroughs.values_list("pk", flat=True))
        if not covered or covered == set(names):
            continue  # for everyone: any place may be named
        elsewhere = _pattern(
            {name for pk, places in names.items() if pk not in covered for name in places}
        )
        responses = Response.objects.filter(consultation=consultation)
        for response in responses:
            for text in (response.team_or_service, response.organisation_name):
                checked += 1
                if text and elsewhere.search(text):
                    wrong.append((consultation.slug, response.reference, text))
        for answer in Answer.objects.filter(response__consultation=consultation).exclude(text=""):
            checked += 1
            if elsewhere.search(answer.text):
                wrong.append((consultation.slug, answer.response.reference, answer.text))
    # The H&F staff consultation has hundreds of responses: the check is not vacuous.
    assert checked > 500
    assert wrong == [], f"{len(wrong)} demo answers name another borough, e.g. {wrong[:5]}"
