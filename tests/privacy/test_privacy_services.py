"""Subject access and erasure for an email address: what is found, exported and erased."""

import csv
import io
import json

import pytest

from consultations.models import Registration
from engage import audit
from engage.models import AuditEvent
from engage.retention import EXPIRED_TOKEN_PREFIX, REMOVED_EMAIL_DOMAIN
from feedback import selectors as feedback_selectors
from feedback.models import Answer, EqualityMonitoring, Response
from feedback.themes.models import AnswerAnalysis, AnswerTheme
from network.models import MemberProfile
from privacy import selectors, services
from privacy.models import DataRequest, subject_hash
from tests.privacy.conftest import EMAIL

pytestmark = pytest.mark.django_db


def test_holdings_find_every_record_for_the_address_whatever_its_case(person):
    holdings = selectors.holdings_for(email="  ROBIN.respondent@EXAMPLE.org ")
    assert [r.pk for r in holdings.responses] == [person["response"].pk]
    assert [r.pk for r in holdings.registrations] == [person["registration"].pk]
    assert [a.pk for a in holdings.accounts] == [person["account"].pk]
    assert [m.pk for m in holdings.members] == [person["member"].pk]
    sent = [str(email.what) for email in holdings.emails_sent]
    assert any("Receipt for response" in what for what in sent)
    assert any("Registration for “Crisis care workshop”" in what for what in sent)


def test_a_search_is_recorded_with_who_and_why_but_never_the_address(person, officer):
    services.data_request_search(email=EMAIL, user=officer, reason="SAR by email, ref DP-1")
    request = DataRequest.objects.get()
    assert (request.kind, request.requested_by, request.reason) == (
        DataRequest.Kind.SEARCH,
        officer,
        "SAR by email, ref DP-1",
    )
    event = AuditEvent.objects.get(action=audit.DATA_PROTECTION_SEARCH)
    assert event.user == officer
    assert event.details["reason"] == "SAR by email, ref DP-1"
    assert event.details["records"]["responses"] == 1
    assert EMAIL.lower() not in json.dumps(event.details).lower()
    assert EMAIL.lower() not in request.subject_hint


def test_a_search_needs_a_reason(person, officer):
    with pytest.raises(services.DataRequestError):
        services.data_request_search(email=EMAIL, user=officer, reason="  ")
    assert not DataRequest.objects.exists()
    assert not AuditEvent.objects.exists()


def test_json_export_holds_answers_registrations_and_network_records_but_no_equality(
    person, officer
):
    filename, content_type, content = services.data_request_export(
        email=EMAIL, fmt="json", user=officer, reason="SAR"
    )
    assert filename.endswith(".json") and content_type.startswith("application/json")
    document = json.loads(content)
    [response] = document["responses"]
    assert response["reference"] == person["response"].reference
    assert response["answers"][0]["answer"] == "The crisis line kept me waiting for hours."
    assert document["workshop_registrations"][0]["event"] == "Crisis care workshop"
    assert document["network_profiles"][0]["name"] == "Robin"
    assert "Equality monitoring answers are not included" in document["not_included"]
    assert "25-34" not in content.decode()
    assert "someone@example.org" not in content.decode()
    event = AuditEvent.objects.get(action=audit.DATA_PROTECTION_EXPORT)
    assert event.details["format"] == "json"
    assert DataRequest.objects.get(kind="export").status == DataRequest.Status.DONE


def test_csv_export_has_one_value_per_row(person, officer):
    _name, _type, content = services.data_request_export(
        email=EMAIL, fmt="csv", user=officer, reason="SAR"
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "record", "field", "value"]
    assert ["responses", "1", "answers.1.answer", "The crisis line kept me waiting for hours."] in (
        rows
    )


def test_an_export_asked_while_another_is_being_prepared_is_refused_and_changes_nothing(
    person, officer
):
    DataRequest.objects.create(
        kind=DataRequest.Kind.EXPORT,
        subject_hash=subject_hash(EMAIL),
        subject_hint="r***@example.org",
        reason="first click",
    )
    with pytest.raises(services.DataRequestError, match="already being prepared"):
        services.data_request_export(email=EMAIL, fmt="csv", user=officer, reason="second click")
    assert DataRequest.objects.count() == 1
    assert not AuditEvent.objects.filter(action=audit.DATA_PROTECTION_EXPORT).exists()


def test_erasure_withdraws_responses_so_they_leave_counts_themes_and_quotes(person, officer):
    consultation = person["consultation"]
    before = feedback_selectors.submitted_responses(consultation=consultation).count()
    counts = services.data_request_erase(email=EMAIL, user=officer, reason="Erasure asked")
    assert counts["responses"] == 1
    response = Response.objects.get(pk=person["response"].pk)
    assert response.status == Response.Status.WITHDRAWN
    assert (response.respondent_name, response.respondent_email, response.user) == ("", "", None)
    assert response.consent_to_quote is False
    assert response.withdraw_token_hash.startswith(EXPIRED_TOKEN_PREFIX)
    assert not Answer.objects.filter(response=response).exists()
    # The sources of theme counts and quotes go with the answers.
    assert not AnswerTheme.objects.filter(response=response).exists()
    assert not AnswerAnalysis.objects.filter(response=response).exists()
    after = feedback_selectors.submitted_responses(consultation=consultation)
    assert after.count() == before - 1
    assert list(after) == [person["other"]]
    assert Answer.objects.filter(response=person["other"]).exists()


def test_erasure_clears_registrations_offers_the_place_and_deletes_the_account(person, officer):
    services.data_request_erase(email=EMAIL, user=officer, reason="Erasure asked")
    registration = Registration.objects.get(pk=person["registration"].pk)
    assert registration.email.endswith(f"@{REMOVED_EMAIL_DOMAIN}")
    assert (registration.name, registration.access_other) == ("", "")
    assert registration.status == Registration.Status.CANCELLED
    person["waiting"].refresh_from_db()
    assert person["waiting"].status == Registration.Status.CONFIRMED
    assert not MemberProfile.objects.filter(pk=person["member"].pk).exists()
    assert not type(person["account"]).objects.filter(pk=person["account"].pk).exists()
    assert EqualityMonitoring.objects.filter(pk=person["equality"].pk).exists()
    assert selectors.holdings_for(email=EMAIL).is_empty


def test_erasure_is_audited_with_who_and_why(person, officer):
    services.data_request_erase(email=EMAIL, user=officer, reason="Letter of 3 March")
    event = AuditEvent.objects.get(action=audit.DATA_PROTECTION_ERASE)
    assert (event.user, event.details["reason"]) == (officer, "Letter of 3 March")
    assert event.details["records"]["registrations"] == 1
    withdrawn = AuditEvent.objects.get(action=audit.RESPONSE_WITHDRAW)
    assert withdrawn.details["erased"] is True
    assert withdrawn.consultation_id == person["consultation"].pk


def test_a_second_erasure_of_the_same_person_says_so_and_changes_nothing(person, officer):
    services.data_request_erase(email=EMAIL, user=officer, reason="first")
    requests, events = DataRequest.objects.count(), AuditEvent.objects.count()
    with pytest.raises(services.DataRequestError, match="already erased"):
        services.data_request_erase(email=EMAIL.upper(), user=officer, reason="again")
    assert (DataRequest.objects.count(), AuditEvent.objects.count()) == (requests, events)


def test_erasure_for_an_address_holding_nothing_is_refused(person, officer):
    with pytest.raises(services.DataRequestError, match="Nothing is held"):
        services.data_request_erase(email="nobody@example.org", user=officer, reason="asked")
    assert not DataRequest.objects.exists()
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 2


def test_a_staff_address_is_not_erased_here(person, officer, make_user):
    staff = make_user("editor@example.org", group="Consultation editors")
    Response.objects.filter(pk=person["other"].pk).update(respondent_email=staff.email)
    with pytest.raises(services.DataRequestError, match="staff account"):
        services.data_request_erase(email=staff.email, user=officer, reason="asked")
    assert Response.objects.get(pk=person["other"].pk).status == Response.Status.SUBMITTED


def test_an_erasure_asked_while_another_is_under_way_is_refused_and_changes_nothing(
    person, officer
):
    DataRequest.objects.create(
        kind=DataRequest.Kind.ERASURE,
        subject_hash=subject_hash(EMAIL),
        subject_hint="r***@example.org",
        reason="first click",
    )
    with pytest.raises(services.DataRequestError, match="already under way"):
        services.data_request_erase(email=EMAIL, user=officer, reason="second click")
    assert Response.objects.get(pk=person["response"].pk).status == Response.Status.SUBMITTED
    assert MemberProfile.objects.filter(pk=person["member"].pk).exists()
    assert not AuditEvent.objects.exists()
