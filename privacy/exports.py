"""A person's data as one document, written out as JSON or as CSV (one value per row)."""

import csv
import io
import json

from django.utils import timezone

from engage.spreadsheets import spreadsheet_row
from privacy.selectors import EQUALITY_EXCLUDED

FORMATS = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _when(value):
    return value.isoformat() if value else None


def _response(response):
    return {
        "reference": response.reference,
        "consultation": response.consultation.title,
        "channel": response.get_channel_display(),
        "status": response.get_status_display(),
        "submitted_at": _when(response.submitted_at),
        "withdrawn_at": _when(response.withdrawn_at),
        "name": response.respondent_name,
        "email": response.respondent_email,
        "anonymous": response.is_anonymous,
        "responding_as": response.get_capacity_display(),
        "team_or_service": response.team_or_service,
        "organisation": response.organisation_name,
        "borough": str(response.borough or ""),
        "locality": str(response.locality or ""),
        "may_be_quoted_anonymously": response.consent_to_quote,
        "email_me_the_outcome": response.consent_to_outcome_email,
        "answers": [
            {"question": question.text, "answer": answer.display}
            for question, answer in getattr(response, "answers_in_order", [])
        ],
    }


def _registration(registration):
    return {
        "event": registration.event.title,
        "name": registration.name,
        "email": registration.email,
        "taking_part_as": registration.get_capacity_type_display(),
        "access_needs": registration.access_need_labels,
        "status": registration.get_status_display(),
        "attended": registration.attended,
        "registered_at": _when(registration.created_at),
    }


def _member(member):
    return {
        "name": member.preferred_name,
        "email": member.email,
        "taking_part_as": member.get_taking_part_as_display(),
        "borough": str(member.borough or ""),
        "locality": str(member.locality or ""),
        "topics": [topic.name for topic in member.topics.all()],
        "lived_experience": member.lived_experience,
        "access_needs": member.access_needs,
        "contact_methods": member.get_contact_methods_display(),
        "phone": member.phone,
        "postal_address": member.postal_address,
        "availability": member.get_availability_display(),
        "availability_notes": member.availability_notes,
        "contact_me_about_opportunities": member.consent_contact_opportunities,
        "share_my_name": member.consent_share_name,
        "daily_digest": member.receives_digest,
        "joined_at": _when(member.created_at),
    }


def personal_data_document(*, holdings, now=None):
    """Everything held for the address as one JSON-ready dict (the single shape of exports)."""
    return {
        "email": holdings.email,
        "generated_at": _when(now or timezone.now()),
        "not_included": str(EQUALITY_EXCLUDED),
        "accounts": [
            {
                "username": user.get_username(),
                "email": user.email,
                "joined_at": _when(user.date_joined),
                "last_signed_in_at": _when(user.last_login),
            }
            for user in holdings.accounts
        ],
        "responses": [_response(response) for response in holdings.responses],
        "workshop_registrations": [_registration(r) for r in holdings.registrations],
        "network_profiles": [_member(member) for member in holdings.members],
        "network_interests": [
            {
                "opportunity": interest.opportunity.title,
                "why_me": interest.why_me,
                "status": interest.get_status_display(),
                "decision_message": interest.decision_message,
                "created_at": _when(interest.created_at),
            }
            for interest in holdings.interests
        ],
        "involvement_records": [
            {
                "activity": record.get_activity_display(),
                "description": record.description,
                "date": record.date.isoformat(),
                "hours": str(record.hours),
                "status": record.get_status_display(),
                "fee": str(record.fee_amount) if record.fee_amount is not None else None,
                "expenses": [
                    {"type": str(expense.expense_type), "amount": str(expense.amount)}
                    for expense in record.expenses.all()
                ],
            }
            for record in holdings.involvement
        ],
        "emails_sent": [
            {"what": str(email.what), "sent_at": _when(email.sent_at)}
            for email in holdings.emails_sent
        ],
    }


def _flatten(prefix, value, rows, section, record):
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, item, rows, section, record)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for index, item in enumerate(value, start=1):
            _flatten(f"{prefix}.{index}", item, rows, section, record)
    elif isinstance(value, list):
        rows.append([section, record, prefix, "; ".join(str(item) for item in value)])
    else:
        rows.append([section, record, prefix, value])


def document_csv(document):
    """The document as CSV rows: section, record number, field, value."""
    rows = []
    for section, value in document.items():
        if isinstance(value, list):
            for index, record in enumerate(value, start=1):
                _flatten("", record, rows, section, index)
        else:
            rows.append([section, "", "", value])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "record", "field", "value"])
    writer.writerows(spreadsheet_row(row) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def document_bytes(document, fmt):
    """The document written in a format of FORMATS."""
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    return document_csv(document)
