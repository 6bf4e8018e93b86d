"""Consultation listing and page: filters without JavaScript, search, pagination, outcome, feeds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Borough, ConsultationIndexPage, Topic

pytestmark = pytest.mark.django_db


def titles(response):
    return [c.title for c in response.context["consultations"]]


def test_listing_filters_by_status_audience_borough_and_topic(client, make_consultation):
    now = timezone.now()
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    carers = Topic.objects.create(name="Carers", slug="carers")
    make_consultation(title="Open for residents in Ealing", audience="residents", boroughs=[ealing])
    make_consultation(title="Open for staff", audience="staff", topics=[carers])
    make_consultation(
        title="Not yet open", opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9)
    )
    make_consultation(
        title="Closed", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2)
    )
    index = ConsultationIndexPage.objects.get()

    assert set(titles(client.get(index.url, {"status": "open"}))) == {
        "Open for residents in Ealing",
        "Open for staff",
    }
    assert titles(client.get(index.url, {"status": "forthcoming"})) == ["Not yet open"]
    assert titles(client.get(index.url, {"status": "closed"})) == ["Closed"]
    assert "Open for staff" not in titles(client.get(index.url, {"audience": "residents"}))
    assert titles(client.get(index.url, {"borough": "ealing"})) == ["Open for residents in Ealing"]
    assert titles(client.get(index.url, {"topic": "carers"})) == ["Open for staff"]


def test_listing_orders_open_first_then_forthcoming_then_most_recently_closed(
    client, make_consultation
):
    now = timezone.now()
    make_consultation(
        title="Closed long ago",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
    )
    make_consultation(
        title="Closed recently",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    make_consultation(
        title="Forthcoming", opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=20)
    )
    make_consultation(title="Closing later", closes_at=now + timedelta(days=10))
    make_consultation(title="Closing soon", closes_at=now + timedelta(days=1))
    response = client.get(ConsultationIndexPage.objects.get().url)
    assert titles(response) == [
        "Closing soon",
        "Closing later",
        "Forthcoming",
        "Closed recently",
        "Closed long ago",
    ]


def test_listing_search_uses_wagtail_search(client, make_consultation):
    make_consultation(title="Peer support in Hounslow", summary="Peer workers in teams.")
    make_consultation(title="Something else", summary="Parking at the hospital.")
    response = client.get(ConsultationIndexPage.objects.get().url, {"q": "peer"})
    assert titles(response) == ["Peer support in Hounslow"]


@pytest.mark.parametrize(
    "query", ['"', 'peer"', "http://x", "peer*", "NEAR(", "^peer", "-peer", "peer:", "'"]
)
def test_listing_search_survives_full_text_syntax_in_the_query(client, make_consultation, query):
    make_consultation(title="Peer support in Hounslow", summary="Peer workers in teams.")
    client.raise_request_exception = False
    response = client.get(ConsultationIndexPage.objects.get().url, {"q": query})
    assert response.status_code == 200
    expected = ["Peer support in Hounslow"] if "peer" in query else []
    assert titles(response) == expected


def test_filter_form_is_a_plain_get_form_and_unknown_values_do_not_break_it(
    client, make_consultation
):
    make_consultation(title="Only one")
    response = client.get(
        ConsultationIndexPage.objects.get().url, {"borough": "nowhere", "status": "open"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html
    assert titles(response) == ["Only one"]


def test_listing_shows_an_empty_state_with_a_way_back(client, consultation_index):
    response = client.get(consultation_index.url, {"status": "open"})
    assert "No consultations match" in response.content.decode()
    response = client.get(consultation_index.url)
    assert "There are no consultations yet" in response.content.decode()


def test_listing_paginates_and_keeps_filters_in_page_links(client, make_consultation):
    for _ in range(12):
        make_consultation()
    index = ConsultationIndexPage.objects.get()
    first = client.get(index.url, {"status": "open"})
    assert len(first.context["consultations"]) == 10
    assert "?status=open&amp;page=2" in first.content.decode()
    second = client.get(index.url, {"status": "open", "page": 2})
    assert len(second.context["consultations"]) == 2


def _listing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_runs_the_same_number_of_queries_for_5_and_50_consultations(
    client, make_consultation
):
    borough = Borough.objects.create(name="Hounslow", slug="hounslow")
    topic = Topic.objects.create(name="Older adults", slug="older-adults")
    for _ in range(5):
        make_consultation(boroughs=[borough], topics=[topic])
    url = ConsultationIndexPage.objects.get().url + "?page_size=ignored"
    # Page size is 10, so compare 5 against a full page drawn from 50.
    five = _listing_queries(client, url)
    for _ in range(45):
        make_consultation(boroughs=[borough], topics=[topic])
    fifty = _listing_queries(client, url)
    assert five == fifty


def test_consultation_page_shows_status_prompt_and_respond_slot(client, make_consultation):
    page = make_consultation(closes_at=timezone.now() + timedelta(days=3, hours=1))
    html = client.get(page.url).content.decode()
    assert "tag--open" in html
    assert "Closes in 3 days" in html
    assert "Have your say" in html


def test_outcome_is_shown_only_once_published(client, make_consultation):
    now = timezone.now()
    page = make_consultation(
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=5),
        outcome_heard="<p>People wanted evening sessions.</p>",
        outcome_decided="<p>We will run them.</p>",
        outcome_published_at=now + timedelta(days=1),
    )
    html = client.get(page.url).content.decode()
    assert "People wanted evening sessions" not in html
    assert "considering what people told us" in html
    page.outcome_published_at = now - timedelta(days=1)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "You said, we did" in html
    assert "People wanted evening sessions" in html


def test_consultation_page_lists_documents_with_format_size_and_alternatives(
    client, make_consultation, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from consultations.models import ConsultationDocument

    settings.MEDIA_ROOT = tmp_path

    def document(title, name, data):
        doc = Document(title=title, file_size=len(data))
        doc.file.save(name, ContentFile(data), save=False)
        doc.save()
        return doc

    page = make_consultation()
    main = document("The proposal", "proposal.pdf", b"%PDF-1.4 " + b"x" * 2048)
    easy = document("Easy read", "easy.pdf", b"%PDF-1.4 easy")
    paper = document("Earlier report", "report.txt", b"background")
    ConsultationDocument.objects.create(page=page, document=main, easy_read=easy)
    ConsultationDocument.objects.create(page=page, document=paper, is_background_paper=True)
    html = client.get(page.url).content.decode()
    assert "The proposal" in html
    assert "(PDF, 2.0\xa0KB)" in html
    assert "Easy read" in html
    assert "Background papers" in html
    assert html.index("Background papers") < html.index("Earlier report")


def test_rss_and_atom_feeds_list_published_consultations(client, make_consultation):
    make_consultation(title="Feed me")
    rss = client.get("/feeds/consultations/rss/")
    atom = client.get("/feeds/consultations/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "<title>Feed me</title>" in rss.content.decode()
    assert "Feed me" in atom.content.decode()


def test_an_open_consultation_with_a_questionnaire_links_to_it(client, make_consultation):
    from tests.feedback.conftest import make_questionnaire

    page = make_consultation()
    make_questionnaire(page)
    page.refresh_from_db()
    assert page.respond_url() == f"/respond/{page.slug}/"
    html = client.get(page.url).content.decode()
    assert f'href="/respond/{page.slug}/"' in html and "Respond to this consultation" in html


def test_without_a_questionnaire_the_page_offers_the_officers_email(client, make_consultation):
    from consultations.models import ContactOfficer

    officer = ContactOfficer.objects.create(
        name="Dana Example", job_title="Lead", email="dana@example.org"
    )
    page = make_consultation(contact_officer=officer)
    assert page.respond_url() is None
    html = client.get(page.url).content.decode()
    assert "mailto:dana@example.org" in html and "Respond to this consultation" not in html


@pytest.mark.parametrize(
    "stale",
    [{"borough": "nope"}, {"topic": "nope"}, {"status": "nope"}, {"audience": "nope"}],
    ids=["borough", "topic", "status", "audience"],
)
def test_an_unknown_filter_value_lists_everything_without_an_error(
    client, make_consultation, stale
):
    make_consultation(title="Open for residents", audience="residents")
    make_consultation(title="Open for staff", audience="staff")
    response = client.get(ConsultationIndexPage.objects.get().url, stale)
    assert response.status_code == 200
    assert set(titles(response)) == {"Open for residents", "Open for staff"}
    assert not response.context["filter_form"].errors
    assert not response.context["is_filtered"]
    assert "Select a valid choice" not in response.content.decode()


def test_an_unknown_filter_value_is_ignored_and_the_valid_ones_still_apply(
    client, make_consultation
):
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    make_consultation(title="Open for residents in Ealing", audience="residents", boroughs=[ealing])
    make_consultation(title="Open for staff in Ealing", audience="staff", boroughs=[ealing])
    make_consultation(title="Open for residents elsewhere", audience="residents")
    response = client.get(
        ConsultationIndexPage.objects.get().url,
        {"borough": "ealing", "topic": "nope", "audience": "residents"},
    )
    assert titles(response) == ["Open for residents in Ealing"]
    assert not response.context["filter_form"].errors
    assert "Select a valid choice" not in response.content.decode()
