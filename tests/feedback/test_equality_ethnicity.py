"""The equality form asks ethnic group as the GSS harmonised standard does: five group
headings, "any other" under each, and the "describe it" box next to its option."""

import re

import pytest
from django.urls import reverse

from feedback import equality
from feedback.models import EqualityMonitoring
from tests.feedback.test_feedback_respond import fill_all, start

pytestmark = pytest.mark.django_db

HEADINGS = [
    "White",
    "Mixed or multiple ethnic groups",
    "Asian or Asian British",
    "Black, Black British, Caribbean or African",
    "Other ethnic group",
]


@pytest.fixture
def equality_url(client, consultation):
    start(client, consultation)
    fill_all(client, consultation)
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    return reverse("feedback:respond_equality", args=[consultation.slug])


def _group_html(html):
    """Each group's legend and the option labels under it, in page order."""
    groups = re.findall(
        r'<legend class="ethnicity-group__heading">(.*?)</legend>(.*?)</fieldset>', html, re.S
    )
    return [
        (heading, re.findall(r"<label for=\"id_ethnicity_\d+\">(.*?)</label>", body))
        for heading, body in groups
    ]


def test_ethnic_groups_have_their_five_headings_with_any_other_under_each(client, equality_url):
    html = client.get(equality_url).content.decode()
    groups = _group_html(html)
    assert [heading for heading, _labels in groups] == HEADINGS
    for heading, labels in groups:
        assert labels[-1].startswith("Any other"), heading
    assert groups[3][1] == [
        "African",
        "Caribbean",
        "Any other Black, Black British or Caribbean background",
    ]


def test_describe_box_sits_under_the_any_other_option_chosen(client, equality_url):
    response = client.post(
        equality_url,
        {"submission_key": "not-a-key", "ethnicity": "white_other", "ethnicity_other": "Polish"},
    )
    html = response.content.decode()
    slot = re.search(r'data-describe-slot="white_other">(.*?)</div>\s*</div>', html, re.S)
    assert slot is not None
    assert 'name="ethnicity_other"' in slot.group(1)
    assert html.count('name="ethnicity_other"') == 1
    white = html.index(">Any other White background<")
    mixed = html.index(">White and Black Caribbean<")
    assert white < html.index('name="ethnicity_other"') < mixed


def test_any_other_answer_and_its_description_are_stored(client, equality_url):
    client.post(
        equality_url,
        {
            "submission_key": "6f1c1d5e-6c4a-4d8a-9d0a-2f1f7f1e0b11",
            "ethnicity": "asian_other",
            "ethnicity_other": "Nepali",
        },
    )
    row = EqualityMonitoring.objects.get()
    assert (row.ethnicity, row.ethnicity_other) == ("asian_other", "Nepali")


def test_each_group_in_the_standard_ends_with_any_other():
    assert [str(heading) for heading, _choices in equality.ETHNICITY_GROUPS] == HEADINGS
    for _heading, choices in equality.ETHNICITY_GROUPS:
        assert str(choices[-1][1]).startswith("Any other")
