"""Property-based tests: random and hostile input to the respond forms never causes a 500
and is never shown unescaped."""

import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage.text import CONTROL_CHARACTERS, strip_control_characters
from feedback.models import Answer
from feedback.selectors import questions_for

pytestmark = pytest.mark.django_db

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "</textarea><script>alert(2)</script>",
        "{{ 7*7 }} {% debug %}",
        "=cmd|' /C calc'!A0",
        "\x00",
        "\u202e\u200b\ufeff",
        "' OR 1=1 --",
        "&lt;b&gt;",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    # Around the 10,000 character limit: just under, at and just over it.
    st.builds(
        lambda char, count, tail: char * count + tail,
        st.characters(codec="utf-8"),
        st.integers(9_980, 10_010),
        st.text(max_size=15),
    ),
    st.lists(HOSTILE, min_size=1, max_size=4).map(" ".join),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=50),
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def draft_client(client, consultation):
    client.post(
        reverse("feedback:respond", args=[consultation.slug]), {"start_key": str(uuid.uuid4())}
    )
    return client


def assert_not_raw(page_bytes, value):
    """Markup from the input must never appear as markup in the page."""
    body = page_bytes.decode("utf-8", errors="replace")
    for marker in ("<script>alert", "<img src=x", "</textarea><script>"):
        if marker in value:
            assert marker not in body


@SETTINGS
@given(text=TEXT)
def test_free_text_never_errors_and_never_renders_raw(draft_client, consultation, text):
    free = list(questions_for(consultation=consultation))[3]
    url = reverse("feedback:respond_section", args=[consultation.slug, 2])
    page = draft_client.post(url, {f"q_{free.pk}": text})
    assert page.status_code in (302, 400)
    stored = Answer.objects.filter(question=free).first()
    # Control characters are removed at input (engage.text), so only the rest is kept.
    kept = strip_control_characters(text).strip()
    if page.status_code == 302 and kept:
        assert stored is not None and stored.text == kept
        assert not CONTROL_CHARACTERS.search(stored.text)
    shown = draft_client.get(url)
    assert shown.status_code == 200
    assert_not_raw(shown.content, text)
    check = draft_client.get(reverse("feedback:respond_check", args=[consultation.slug]))
    assert check.status_code == 200
    assert_not_raw(check.content, text)


@SETTINGS
@given(choice=TEXT, many=st.lists(TEXT, max_size=5), other=TEXT)
def test_choice_questions_refuse_made_up_options_without_error(
    draft_client, consultation, choice, many, other
):
    agree, matters, rate, _free = questions_for(consultation=consultation)
    url = reverse("feedback:respond_section", args=[consultation.slug, 1])
    page = draft_client.post(
        url,
        {
            f"q_{agree.pk}": choice,
            f"q_{matters.pk}": many,
            f"q_{matters.pk}_other": other,
            f"q_{rate.pk}": choice,
        },
    )
    assert page.status_code in (302, 400)
    for answer in Answer.objects.filter(question__in=[agree, matters, rate]):
        assert set(answer.choices) <= set(answer.question.options())
    assert_not_raw(page.content, choice + "".join(many) + other)


@SETTINGS
@given(name=TEXT, email=TEXT, team=TEXT)
def test_about_you_never_errors(draft_client, consultation, name, email, team):
    url = reverse("feedback:respond_section", args=[consultation.slug, 3])
    page = draft_client.post(
        url,
        {
            "capacity": "nhs_staff",
            "consent_to_quote": "no",
            "on_behalf_of_organisation": "no",
            "respondent_name": name,
            "respondent_email": email,
            "team_or_service": team,
        },
    )
    assert page.status_code in (302, 400)
    assert_not_raw(page.content, name + email + team)


@SETTINGS
@given(raw=st.binary(max_size=2000))
def test_invalid_utf8_in_multipart_never_errors(draft_client, consultation, raw):
    free = list(questions_for(consultation=consultation))[3]
    boundary = "----engageboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="q_{free.pk}"\r\n\r\n'.encode()
        + raw.replace(boundary.encode(), b"")
        + f"\r\n--{boundary}\r\n".encode()
        + f'Content-Disposition: form-data; name="q_{free.pk}\xff"\r\n\r\n'.encode("latin-1")
        + b"\xc3\x28\xa0\xa1"
        + f"\r\n--{boundary}--\r\n".encode()
    )
    url = reverse("feedback:respond_section", args=[consultation.slug, 2])
    page = draft_client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert page.status_code in (302, 400)


@SETTINGS
@given(raw=st.binary(max_size=500))
def test_invalid_utf8_in_urlencoded_body_never_errors(draft_client, consultation, raw):
    url = reverse("feedback:respond_section", args=[consultation.slug, 1])
    page = draft_client.generic(
        "POST", url, b"q_1=" + raw, content_type="application/x-www-form-urlencoded"
    )
    assert page.status_code in (302, 400)


def test_start_with_garbage_key_is_a_clear_page_not_an_error(client, consultation):
    page = client.post(
        reverse("feedback:respond", args=[consultation.slug]), {"start_key": "<script>"}
    )
    assert page.status_code == 200
    assert b'<script>"' not in page.content
