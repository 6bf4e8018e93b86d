"""The last places at an event go to exactly as many people as there are places, under load."""

import threading
import time

import pytest
from django.db import connection

from consultations import services
from consultations.models import Registration
from tests.consultations.builders import registration_fields

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PEOPLE = 8
PLACES = 3


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: the SQLite test database is in memory with a shared cache, where "
            "a second writer fails at once with 'table is locked' instead of waiting; on a "
            "SQLite file the project's IMMEDIATE transactions serialise writers anyway."
        )


def test_concurrent_registrations_never_exceed_capacity(postgres_only, make_event, monkeypatch):
    event = make_event(capacity=PLACES)
    original_count = services._confirmed_count

    def slow_count(locked_event):
        # Widen the gap between counting places and taking one, where an unlocked
        # implementation would let several people take the same last place.
        count = original_count(locked_event)
        time.sleep(0.05)
        return count

    monkeypatch.setattr(services, "_confirmed_count", slow_count)
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def register(number):
        try:
            barrier.wait()
            services.registration_create(
                event=event, **registration_fields(email=f"person{number}@example.org")
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == PLACES
    assert statuses.count("waitlisted") == PEOPLE - PLACES


def test_concurrent_duplicate_registrations_keep_one_place(postgres_only, make_event):
    event = make_event(capacity=5)
    barrier = threading.Barrier(4)
    errors = []

    def register():
        try:
            barrier.wait()
            services.registration_create(event=event, **registration_fields())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Registration.objects.filter(event=event).count() == 1
