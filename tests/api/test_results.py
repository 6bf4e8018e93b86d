"""Published results and open data downloads: small numbers stay hidden everywhere."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import OGL_NAME, OpenDataSettings
from feedback.analysis import suppression
from feedback.models import Answer
from feedback.reports.models import QuoteDecision
from tests import factories
from tests.api.conftest import make_results

pytestmark = pytest.mark.django_db

PERSONAL = ("Secret Person", "secret0@example.org", "Private words number")


def _public_texts(client, page):
    """Everything the public API and downloads say about a consultation."""
    base = f"/api/v1/consultations/{page.pk}"
    urls = [
        "/api/v1/consultations/",
        f"{base}/",
        f"{base}/results/",
        f"{base}/open-data/results.csv",
        f"{base}/open-data/results.json",
        f"{base}/open-data/data-dictionary.csv",
    ]
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode("utf-8-sig")
    return texts


def test_results_exist_only_once_the_outcome_is_published(client, index, open_consultation):
    now = timezone.now()
    awaiting = factories.ConsultationPageFactory(
        parent=index, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2)
    )
    planned = factories.ConsultationPageFactory(
        parent=index,
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=2),
        outcome_published_at=now + timedelta(days=3),
    )
    make_results(awaiting)
    make_results(planned)
    for page in (open_consultation, awaiting, planned):
        for suffix in ("results/", "open-data/results.csv", "open-data/results.json"):
            response = client.get(f"/api/v1/consultations/{page.pk}/{suffix}")
            assert response.status_code == 404, (page.title, suffix)
    listed = client.get("/api/v1/consultations/").json()["results"]
    assert {item["id"]: item["outcome_published_at"] for item in listed}[planned.pk] is None


def test_small_counts_are_hidden_and_protected_from_the_published_total(client, published):
    results = client.get(f"/api/v1/consultations/{published.pk}/results/").json()
    assert results["responses"] == {"count": 15, "status": "shown", "display": "15"}
    question = results["questions"][0]
    assert question["answered"]["count"] == 15
    cells = {option["label"]: option for option in question["options"]}
    # 3 said "Don't know": fewer than 5, so hidden...
    assert cells["Don't know"]["count"] is None
    assert cells["Don't know"]["status"] == "small"
    assert cells["Don't know"]["display"] == "fewer than 5"
    # ...and the 12 who strongly agree are withheld, or 15 - 12 would give the 3 away.
    assert cells["Strongly agree"]["count"] is None
    assert cells["Strongly agree"]["status"] == "withheld"
    assert cells["Strongly agree"]["percentage"] is None
    assert cells["Agree"]["count"] == 0


def test_no_hidden_count_can_be_worked_out_from_figures_published_anywhere(client, published):
    """The API and both downloads print the same cells, and together with every total they
    publish no hidden cell can be pinned down (the suppression module's own test)."""
    texts = _public_texts(client, published)
    base = f"/api/v1/consultations/{published.pk}"
    results = json.loads(texts[f"{base}/results/"])
    download = json.loads(texts[f"{base}/open-data/results.json"])
    assert {key: download[key] for key in results} == results
    rows = list(csv.DictReader(io.StringIO(texts[f"{base}/open-data/results.csv"])))
    for question in results["questions"]:
        in_csv = [
            row
            for row in rows
            if row["table"] == "question" and row["question_number"] == str(question["number"])
        ]
        total_row, *option_rows = in_csv
        assert total_row["display"] == question["answered"]["display"]
        assert [(row["label"], row["status"], row["display"]) for row in option_rows] == [
            (option["label"], option["status"], option["display"]) for option in question["options"]
        ]
        cells = {
            option["label"]: suppression.Cell(
                option["count"] if option["count"] is not None else -1,
                suppression.Status(option["status"]),
            )
            for option in question["options"]
        }
        if question["kind"] == "multiple_choice":
            continue  # options overlap: they add up to nothing
        # Every total anyone can read: the question's "answered" and all responses.
        for total in {question["answered"]["count"], results["responses"]["count"]} - {None}:
            ranges = suppression.bounds(cells, total=total)
            pinned = [
                label for label, (low, high) in ranges.items() if high is not None and low >= high
            ]
            assert pinned == [], (question["text"], total, ranges)
    for text in texts.values():
        assert '"count":12' not in text.replace(" ", "")
        assert '"count":3,' not in text.replace(" ", "")


def test_themes_give_n_of_n_descriptions_and_hide_small_themes(client, published):
    themes = client.get(f"/api/v1/consultations/{published.pk}/results/").json()["themes"]
    assert themes["respondents"]["count"] == 15
    big, small = themes["themes"]
    assert (big["name"], big["n"], big["N"], big["n_of_N"]) == ("Theme 0", 8, 15, "8 of 15")
    assert big["description"] == "About 0"
    assert small["n"] is None
    assert small["n_of_N"] == "fewer than 5 of 15"
    assert small["description"] == "About 1"


def test_results_carry_no_personal_data_and_only_approved_quotes(client, published):
    from feedback.themes.models import Theme

    big, small = Theme.objects.filter(consultation=published).order_by("name")
    free_text = list(
        Answer.objects.filter(response__consultation=published).exclude(text="").order_by("pk")
    )
    now = timezone.now()
    for theme, answer, status, text in (
        (big, free_text[0], QuoteDecision.Status.APPROVED, "An approved quote"),
        (big, free_text[1], QuoteDecision.Status.REJECTED, "A rejected quote"),
        (small, free_text[2], QuoteDecision.Status.APPROVED, "A quote from a small theme"),
    ):
        QuoteDecision.objects.create(
            theme=theme, answer=answer, status=status, original_text=text, text=text, decided_at=now
        )
    texts = _public_texts(client, published)
    results = json.loads(texts[f"/api/v1/consultations/{published.pk}/results/"])
    assert results["themes"]["themes"][0]["quotes"] == ["An approved quote"]
    assert results["themes"]["themes"][1]["quotes"] == []
    assert "We will open on Saturdays." in results["you_said_we_did"]["what_we_decided"]
    everything = "\n".join(texts.values())
    for secret in (*PERSONAL, "A rejected quote", "A quote from a small theme"):
        assert secret not in everything


def test_open_data_json_carries_the_licence_and_data_dictionary_and_the_licence_is_editable(
    client, published, site_with_home
):
    base = f"/api/v1/consultations/{published.pk}/open-data"
    download = client.get(f"{base}/results.json")
    assert (
        download["Content-Disposition"] == 'attachment; filename="results-published-outcome.json"'
    )
    body = download.json()
    assert body["licence"]["name"] == OGL_NAME
    columns = [row["column"] for row in body["data_dictionary"]]
    header = client.get(f"{base}/results.csv").content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == columns
    dictionary = client.get(f"{base}/data-dictionary.csv").content.decode("utf-8-sig")
    assert [line.split(",")[0] for line in dictionary.splitlines()[1:]] == columns

    licence = OpenDataSettings.for_site(site_with_home)
    licence.licence_name = "Creative Commons Attribution 4.0"
    licence.licence_url = "https://creativecommons.org/licenses/by/4.0/"
    licence.save()
    assert client.get(f"{base}/results.json").json()["licence"]["name"] == (
        "Creative Commons Attribution 4.0"
    )
    assert client.get(f"{base}/results.csv")["Link"] == (
        '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    )


def test_consultation_page_links_to_its_open_data_and_licence(client, published, open_consultation):
    page = client.get(published.url).content.decode()
    assert f"/api/v1/consultations/{published.pk}/open-data/results.csv" in page
    assert f"/api/v1/consultations/{published.pk}/open-data/data-dictionary.csv" in page
    assert f'rel="license">{OGL_NAME}</a>' in page
    assert "/open-data/" not in client.get(open_consultation.url).content.decode()
