"""Reads of published consultations and events."""

import re

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from consultations.models import (
    Borough,
    ConsultationDocument,
    ConsultationPage,
    ConsultationStatus,
    Locality,
    PrimaryCareNetwork,
    Registration,
    WorkshopEventPage,
)
from home.languages import in_default_language

# Listings read the pages in the site's own language, once each; the page views swap in the
# visitor's translations (home.languages.localized).


def consultations_open_now(*, limit=None):
    """Live consultations accepting responses now, closing soonest first."""
    now = timezone.now()
    queryset = (
        in_default_language(ConsultationPage.objects.live().public())
        .filter(opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "pk")
    )
    return list(queryset[:limit] if limit else queryset)


def events_upcoming(*, limit=None):
    """Live, not cancelled events that have not ended, soonest first."""
    queryset = (
        in_default_language(WorkshopEventPage.objects.live().public())
        .filter(ends_at__gt=timezone.now(), is_cancelled=False)
        .order_by("starts_at", "pk")
    )
    return list(queryset[:limit] if limit else queryset)


def status_q(status, *, now):
    """A filter matching consultations with a derived status at a moment."""
    outcome_out = Q(outcome_published_at__isnull=False, outcome_published_at__lte=now)
    return {
        ConsultationStatus.FORTHCOMING: Q(opens_at__gt=now),
        ConsultationStatus.OPEN: Q(opens_at__lte=now, closes_at__gt=now),
        ConsultationStatus.CLOSED: Q(closes_at__lte=now) & ~outcome_out,
        ConsultationStatus.OUTCOME_PUBLISHED: Q(closes_at__lte=now) & outcome_out,
    }[ConsultationStatus(status)]


def search_words(query):
    """The words of a search, without the quotes, colons and operators people type.

    Wagtail's SQLite backend hands the text to FTS5, which reads `"`, `:` (a column filter, so
    "http://x" asks for a column named "http"), `*`, `^` and NEAR as syntax, and raises.
    """
    return " ".join(re.findall(r"\w+", query or "")[:32])


def consultation_search_ids(query):
    """Ids of live consultations matching a search, using Wagtail search."""
    words = search_words(query)
    if not words:
        return []
    results = ConsultationPage.objects.live().search(words, order_by_relevance=False)
    return [page.pk for page in results]


def consultations_listing(*, status=None, audience=None, borough=None, topic=None, query=None):
    """Live, public consultations for the listing: open first (closing soonest), then
    forthcoming, then closed (most recent first); filters optional. Runs a fixed number of
    queries however many there are, since boroughs and topics are prefetched.
    """
    now = timezone.now()
    queryset = in_default_language(ConsultationPage.objects.live().public())
    if status:
        queryset = queryset.filter(status_q(status, now=now))
    if audience:
        queryset = queryset.filter(audience__in=[audience, ConsultationPage.Audience.BOTH])
    if borough:
        queryset = queryset.filter(boroughs=borough)
    if topic:
        queryset = queryset.filter(topics=topic)
    if query:
        queryset = queryset.filter(pk__in=consultation_search_ids(query))
    rank = Case(
        When(opens_at__lte=now, closes_at__gt=now, then=Value(0)),
        When(opens_at__gt=now, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        queryset.annotate(status_rank=rank)
        .annotate(
            upcoming_close=Case(When(status_rank__lt=2, then=F("closes_at"))),
            past_close=Case(When(status_rank=2, then=F("closes_at"))),
        )
        .order_by(
            "status_rank",
            F("upcoming_close").asc(nulls_last=True),
            F("past_close").desc(nulls_last=True),
            "pk",
        )
        .prefetch_related("boroughs", "topics")
    )


def consultation_documents(*, consultation):
    """The consultation's documents with their alternative formats, in editor order."""
    return list(
        ConsultationDocument.objects.filter(page=consultation)
        .select_related("document", "easy_read", "large_print", "other_language")
        .order_by("sort_order", "pk")
    )


def localities_labelled(localities=None):
    """Localities (default: every one) with what `locality_label` needs, in the same query.

    Each carries ``name_shared``: whether another locality, in any borough, has the same name
    (compared without case), so a table can tell "North" in one borough from "North" in
    another.
    """
    if localities is None:
        localities = Locality.objects.all()
    others = Locality.objects.filter(name__iexact=OuterRef("name")).exclude(pk=OuterRef("pk"))
    return localities.select_related("borough").annotate(name_shared=Exists(others))


def locality_label(locality):
    """How every table, chart and list of places names a locality: "North (Ealing)" when
    another borough has a locality of that name too, otherwise just "Acton".

    Committee members read long tables of places; the borough is added only where the name
    alone would be ambiguous, and then in every table of the report alike (the rule looks at
    all localities, not at the ones a table happens to list). A locality not read through
    `localities_labelled` is always given its borough.
    """
    if getattr(locality, "name_shared", True):
        return f"{locality.name} ({locality.borough.name})"
    return locality.name


def locality_labels(*, ids):
    """{locality id: `locality_label`} for the given ids, in one query."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return {}
    return {
        locality.pk: locality_label(locality)
        for locality in localities_labelled(Locality.objects.filter(pk__in=ids))
    }


def consultation_places(*, consultation=None):
    """(boroughs, localities, PCNs) a respondent may say they are from: those of the
    consultation's boroughs when it is limited to some, otherwise every one."""
    boroughs = Borough.objects.order_by("name")
    localities = Locality.objects.select_related("borough")
    pcns = PrimaryCareNetwork.objects.order_by("name")
    if consultation is not None and consultation.pk and consultation.boroughs.exists():
        chosen = consultation.boroughs.values("pk")
        boroughs = boroughs.filter(pk__in=chosen)
        localities = localities.filter(borough__in=chosen)
        pcns = pcns.filter(locality__borough__in=chosen)
    return boroughs, localities, pcns


def _with_places(queryset):
    return queryset.annotate(
        confirmed_count=Count(
            "registrations", filter=Registration.takes_a_place_q("registrations__")
        )
    ).select_related("borough", "locality")


def events_listing(*, past=False):
    """Live, public events for the listing (upcoming soonest first, or past latest first),
    each annotated with ``confirmed_count`` so places left need no query per event.
    """
    now = timezone.now()
    queryset = in_default_language(WorkshopEventPage.objects.live().public())
    if past:
        queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
    return _with_places(queryset)


def events_for_consultation(*, consultation):
    """Upcoming live events linked to a consultation (or placed under it)."""
    now = timezone.now()
    queryset = (
        in_default_language(WorkshopEventPage.objects.live().public())
        .filter(Q(consultation=consultation) | Q(path__startswith=consultation.path))
        .filter(ends_at__gt=now)
        .order_by("starts_at", "pk")
    )
    return list(_with_places(queryset))


def event_confirmed_count(*, event):
    """How many of an event's limited places are taken (people online at a hybrid event take
    none)."""
    return Registration.objects.filter(Registration.takes_a_place_q(), event=event).count()


def waitlist_position(*, registration):
    """Where a waiting-list registration stands in the queue (1 is next), or None if it is not
    waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk),
        event_id=registration.event_id,
        status=Registration.Status.WAITLISTED,
    ).count()
    return ahead + 1


def event_registrations(*, event):
    """Every registration for an event, confirmed first, then the waiting list in order."""
    order = Case(
        When(status=Registration.Status.CONFIRMED, then=Value(0)),
        When(status=Registration.Status.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Registration.objects.filter(event=event).order_by(order, "created_at", "pk")


def events_for_facilitator(*, user):
    """Events a staff member may see registrations for: all of them for editors and
    superusers, otherwise those they facilitate; newest first, with registration counts.
    """
    queryset = WorkshopEventPage.objects.all()
    if not user.has_perm("consultations.view_all_registrations"):
        queryset = queryset.filter(facilitators=user)
    return queryset.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    ).order_by("-starts_at", "-pk")
