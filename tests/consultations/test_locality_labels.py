"""Localities are named so that same-named ones in different boroughs can be told apart."""

import pytest

from consultations.models import Borough, Locality
from consultations.selectors import locality_label, locality_labels

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    brent = Borough.objects.create(name="Brent", slug="brent")
    return {
        "ealing_north": Locality.objects.create(borough=ealing, name="North"),
        "brent_north": Locality.objects.create(borough=brent, name="north"),
        "acton": Locality.objects.create(borough=ealing, name="Acton"),
    }


def test_same_named_localities_get_their_borough_and_unique_ones_do_not(
    places, django_assert_num_queries
):
    ids = [place.pk for place in places.values()]
    with django_assert_num_queries(1):
        labels = locality_labels(ids=[*ids, None])
    assert labels == {
        places["ealing_north"].pk: "North (Ealing)",
        places["brent_north"].pk: "north (Brent)",
        places["acton"].pk: "Acton",
    }


def test_a_locality_not_read_through_the_selector_is_always_given_its_borough(places):
    assert locality_label(places["acton"]) == "Acton (Ealing)"
    assert locality_labels(ids=[]) == {}
