"""'Who we heard little or nothing from' lists the groups the consultation was meant to reach."""

import io
import re

import docx
import pytest

from consultations.models import ConsultationPage, Locality
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_html
from feedback.reports.services import report_create
from feedback.reports.word import render_report_docx
from tests.feedback.reports.report_factories import make_consultation, make_responses

pytestmark = pytest.mark.django_db


def _consultation(audience):
    consultation = make_consultation()
    consultation.audience = audience
    consultation.save()
    return consultation


def _heard_little(report):
    parts = {part.key: part for part in build_report_context(report)["parts"]}
    return parts["who_responded"].data["few_or_none"]


def _places(consultation):
    return {
        "borough": consultation.boroughs.get(),
        "locality": Locality.objects.get(name="North"),
    }


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_staff_consultation_lists_only_staff_groups_never_residents(site_with_home):
    consultation = _consultation(ConsultationPage.Audience.STAFF)
    place = _places(consultation)
    make_responses(consultation, [(6, {"capacity": "nhs_staff", **place})])
    report = report_create(consultation=consultation)

    missing = _heard_little(report)

    assert "Council staff (none)" in missing
    assert "GP or primary care (none)" in missing
    assert "Peer support worker (none)" in missing
    assert not any(group.startswith(("Resident", "Carer", "Service user")) for group in missing)
    assert not any(group.startswith("NHS staff") for group in missing)
    text = _text(render_report_html(report))
    assert "The consultation was for staff, so we expected to hear from: NHS staff" in text
    assert "Resident (none)" not in text


def test_public_consultation_lists_residents_not_staff(site_with_home):
    consultation = _consultation(ConsultationPage.Audience.RESIDENTS)
    place = _places(consultation)
    make_responses(
        consultation,
        [(6, {"capacity": "resident", **place}), (2, {"capacity": "carer", **place})],
    )
    missing = _heard_little(report_create(consultation=consultation))
    assert "Carer (fewer than 5)" in missing
    assert "Service user (none)" in missing
    assert not any("staff" in group.lower() for group in missing)


def test_the_groups_expected_read_as_one_list_though_a_group_has_commas(site_with_home):
    # "Voluntary, community or social enterprise (VCSE) organisation" has commas of its own,
    # so the groups are not joined with commas (which read as seven groups, not five).
    consultation = _consultation(ConsultationPage.Audience.RESIDENTS)
    make_responses(consultation, [(6, {"capacity": "resident", **_places(consultation)})])
    text = _text(render_report_html(report_create(consultation=consultation)))
    assert (
        "so we expected to hear from: resident; service user; carer; peer support worker and "
        "voluntary, community or social enterprise (VCSE) organisation." in text
    )


def test_consultation_for_both_expects_staff_and_residents(site_with_home):
    consultation = _consultation(ConsultationPage.Audience.BOTH)
    make_responses(consultation, [(6, {"capacity": "nhs_staff", **_places(consultation)})])
    missing = _heard_little(report_create(consultation=consultation))
    assert "Council staff (none)" in missing
    assert "Resident (none)" in missing
    assert "Other (none)" not in missing


def test_places_with_few_or_no_responses_are_named(site_with_home):
    consultation = _consultation(ConsultationPage.Audience.STAFF)
    borough = consultation.boroughs.get()
    south = Locality.objects.get(name="South")
    make_responses(consultation, [(6, {"capacity": "nhs_staff", "borough": borough})])
    make_responses(consultation, [(2, {"capacity": "nhs_staff", "locality": south})])
    missing = _heard_little(report_create(consultation=consultation))
    # Named as in the tables: the borough is added only where another has a locality so named.
    assert "North (none)" in missing
    assert "South (fewer than 5)" in missing
    assert not any(group.startswith("Exampleton") for group in missing)


def test_when_every_expected_group_responded_the_report_says_so(site_with_home):
    consultation = _consultation(ConsultationPage.Audience.STAFF)
    borough = consultation.boroughs.get()
    specs = [
        (5, {"capacity": capacity, "borough": borough, "locality": locality})
        for capacity in ("nhs_staff", "council_staff", "primary_care", "peer_support")
        for locality in Locality.objects.filter(name__in=["North", "South"])
    ]
    make_responses(consultation, specs)
    report = report_create(consultation=consultation)

    assert _heard_little(report) == []
    text = _text(render_report_html(report))
    assert (
        "Every one of these groups, and every place the consultation covered, sent at least "
        "5 responses." in text
    )
    document = docx.Document(io.BytesIO(render_report_docx(report)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert any(p.startswith("Every one of these groups") for p in paragraphs)
