"""The public API: what it shows and hides, its filters, errors, caching headers, CORS, limits."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from consultations.models import (
    ConsultationDocument,
    ConsultationPage,
    Registration,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_drafts_unpublished_and_private_consultations_are_never_listed_or_shown(
    client, index, published
):
    never_published = index.add_child(
        instance=ConsultationPage(
            title="Draft only",
            slug="draft-only",
            summary="Not yet.",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=5),
            live=False,
        )
    )
    unpublished = factories.ConsultationPageFactory(parent=index, title="Taken down")
    unpublished.unpublish()
    private = factories.ConsultationPageFactory(parent=index, title="Private one")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    # A live page with unsaved edits: the API shows what is published, never the draft.
    published.title = "Draft title nobody approved"
    published.save_revision()

    listing = client.get("/api/v1/consultations/")
    assert _ids(listing) == {published.pk}
    assert "Draft title nobody approved" not in listing.content.decode()
    for page in (never_published, unpublished, private):
        detail = client.get(f"/api/v1/consultations/{page.pk}/")
        assert detail.status_code == 404
        assert detail.json()["code"] == "not_found"
    assert client.get(f"/api/v1/consultations/{published.pk}/").json()["title"] == (
        "Published outcome"
    )


def test_consultations_filter_by_status_borough_topic_audience_dates_and_search(
    client, published, open_consultation
):
    get = client.get
    assert _ids(get("/api/v1/consultations/?status=open")) == {open_consultation.pk}
    assert _ids(get("/api/v1/consultations/?status=outcome")) == {published.pk}
    assert _ids(get("/api/v1/consultations/?borough=brent")) == {open_consultation.pk}
    assert _ids(get("/api/v1/consultations/?topic=crisis-care")) == {published.pk}
    assert _ids(get("/api/v1/consultations/?audience=staff")) == {
        published.pk,
        open_consultation.pk,
    }  # both are for staff and residents
    today = timezone.localdate()
    assert _ids(get(f"/api/v1/consultations/?closes_before={today}")) == {published.pk}
    assert _ids(get(f"/api/v1/consultations/?closes_after={today}")) == {open_consultation.pk}
    assert _ids(get("/api/v1/consultations/?q=outcome")) == {published.pk}
    body = get(f"/api/v1/consultations/?status=outcome&borough=ealing&opens_before={today}")
    assert _ids(body) == {published.pk}


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/consultations/?colour=red", 400, "unknown_filter"),
        ("/api/v1/consultations/?opens_after=31/12/2026", 400, "invalid_date"),
        ("/api/v1/consultations/?closes_before=2026-02-30", 400, "invalid_date"),
        ("/api/v1/consultations/?status=maybe", 400, "invalid_choice"),
        ("/api/v1/consultations/?borough=atlantis", 400, "unknown_value"),
        ("/api/v1/consultations/?page=99", 404, "not_found"),
        ("/api/v1/consultations/?page=abc", 404, "not_found"),
        ("/api/v1/events/?starts_after=tomorrow", 400, "invalid_date"),
        ("/api/v1/events/?consultation=abc", 400, "unknown_value"),
        ("/api/v1/events/?venue=hall", 400, "unknown_filter"),
        ("/api/v1/no-such-thing/", 404, "not_found"),
        ("/api/v1/staff/consultations/", 401, "not_authenticated"),
    ],
)
def test_bad_input_gets_a_clear_json_error_with_the_right_status(
    client, published, url, status, code
):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]


def test_writes_are_refused_with_405_in_json(client, published):
    response = client.post("/api/v1/consultations/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unknown_filter_error_names_the_filter_and_the_known_ones(client, published):
    detail = client.get("/api/v1/consultations/?colour=red").json()["detail"]
    assert "colour" in detail
    assert "borough" in detail


def test_etag_answers_304_until_the_content_changes(client, published):
    url = f"/api/v1/consultations/{published.pk}/"
    first = client.get(url)
    etag = first["ETag"]
    assert etag
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    published.title = "A new title"
    published.save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["title"] == "A new title"


def test_cors_allows_any_site_to_get_public_data_but_never_to_write_or_read_staff_data(
    client, published
):
    origin = "https://partner.example"
    public = client.get("/api/v1/consultations/", HTTP_ORIGIN=origin)
    assert public["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in public
    preflight = client.options(
        "/api/v1/consultations/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    allowed = {method.strip() for method in preflight["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    staff = client.get("/api/v1/staff/consultations/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in staff
    page = client.get("/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in page


def test_rate_limit_counts_each_client_address_separately(client, published, settings):
    settings.ENGAGE_RATE_LIMITS = {"api.v1": (3, 60)}
    for _attempt in range(3):
        assert client.get("/api/v1/consultations/", REMOTE_ADDR="10.0.0.1").status_code == 200
    refused = client.get("/api/v1/consultations/", REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # A forged X-Forwarded-For buys nothing without a declared proxy.
    forged = client.get(
        "/api/v1/consultations/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9"
    )
    assert forged.status_code == 429
    assert client.get("/api/v1/consultations/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_event_shows_places_left_accessibility_and_ics_link_but_never_names(
    client, event_index, published
):
    event = factories.WorkshopEventPageFactory(
        parent=event_index,
        capacity=5,
        step_free_access=True,
        hearing_loop=True,
        nearest_transport="Ealing Broadway",
        joining_link="https://meet.example/secret-room",
        consultation=published,
    )
    for number in range(2):
        Registration.objects.create(
            event=event,
            name=f"Registered Person {number}",
            email=f"registered{number}@example.org",
            capacity_type="resident",
        )
    Registration.objects.create(
        event=event,
        name="Cancelled Person",
        email="cancelled@example.org",
        capacity_type="carer",
        status=Registration.Status.CANCELLED,
    )
    listing = client.get("/api/v1/events/")
    detail = client.get(f"/api/v1/events/{event.pk}/")
    item = detail.json()
    assert listing.json()["results"] == [item]
    assert item["places_left"] == 3
    assert item["accessibility"] == {
        "step_free_access": True,
        "hearing_loop": True,
        "nearest_transport": "Ealing Broadway",
        "notes": "",
    }
    assert item["ics_url"] == f"http://testserver/workshops/{event.pk}/event.ics"
    assert client.get(item["ics_url"]).status_code == 200
    assert item["consultation"].endswith(f"/api/v1/consultations/{published.pk}/")
    text = detail.content.decode() + listing.content.decode()
    for secret in ("Registered Person", "registered0@example.org", "secret-room", "Cancelled"):
        assert secret not in text


def test_event_of_a_private_consultation_does_not_link_to_it(client, event_index, index):
    private = factories.ConsultationPageFactory(parent=index, title="Private one")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    event = factories.WorkshopEventPageFactory(parent=event_index, consultation=private)
    assert client.get(f"/api/v1/events/{event.pk}/").json()["consultation"] is None
    past = factories.WorkshopEventPageFactory(
        parent=event_index,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    assert _ids(client.get("/api/v1/events/")) == {event.pk}
    assert _ids(client.get("/api/v1/events/?when=past")) == {past.pk}
    assert _ids(client.get("/api/v1/events/?when=all")) == {event.pk, past.pk}


def test_consultation_detail_lists_documents_with_links_and_alternative_formats(
    client, open_consultation
):
    def document(title, name):
        return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4", name=name))

    ConsultationDocument.objects.create(
        page=open_consultation,
        document=document("The proposal", "proposal.pdf"),
        description="What we propose",
        easy_read=document("The proposal, easy read", "easy.pdf"),
        other_language=document("Propozycja", "polish.pdf"),
        other_language_name="Polish",
        sort_order=0,
    )
    body = client.get(f"/api/v1/consultations/{open_consultation.pk}/").json()
    [item] = body["documents"]
    assert item["title"] == "The proposal"
    assert item["file_type"] == "pdf"
    assert item["url"].startswith("http://testserver/documents/")
    assert [(alt["format"], alt["language"]) for alt in item["alternative_formats"]] == [
        ("easy_read", ""),
        ("other_language", "Polish"),
    ]
    assert client.get(item["url"]).status_code == 200
    assert body["results_url"] is None
    assert body["open_data"] == {}


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_listings_use_the_same_number_of_queries_for_5_items_as_for_50(
    client, index, event_index, places
):
    def add(count):
        for _number in range(count):
            page = factories.ConsultationPageFactory(
                parent=index, boroughs=[places["ealing"]], topics=[places["crisis"]]
            )
            event = factories.WorkshopEventPageFactory(
                parent=event_index, consultation=page, borough=places["ealing"]
            )
            Registration.objects.create(
                event=event,
                name="A Person",
                email=f"p{event.pk}@example.org",
                capacity_type="carer",
            )

    add(5)
    for url in ("/api/v1/consultations/", "/api/v1/events/"):
        client.get(url)  # the first request ever also fills the site's cached root paths
    small = {
        url: _count_queries(client, url)
        for url in ("/api/v1/consultations/?page_size=100", "/api/v1/events/?page_size=100")
    }
    add(45)
    large = {
        url: _count_queries(client, url)
        for url in ("/api/v1/consultations/?page_size=100", "/api/v1/events/?page_size=100")
    }
    for url in small:
        assert small[url][1] == 5
        assert large[url][1] == 50
        assert small[url][0] == large[url][0], url


def test_listing_pages_link_to_each_other(client, index):
    for _number in range(3):
        factories.ConsultationPageFactory(parent=index)
    first = client.get("/api/v1/consultations/?page_size=2").json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert json.dumps(second["previous"]).count("page_size=2") == 1
