"""Tests for redaction of personal details."""

import pytest

from feedback.analysis.redact import nhs_number_is_valid, redact


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("Email jo.bloggs@example.co.uk please", "Email [email] please", "email"),
        ("Ring me on 07700 900123.", "Ring me on [phone].", "phone"),
        ("Ring me on 07700900123", "Ring me on [phone]", "phone"),
        ("Call +44 7700 900123 today", "Call [phone] today", "phone"),
        ("Office 020-7946-0958 only", "Office [phone] only", "phone"),
        ("Tel (01632) 960001", "Tel [phone]", "phone"),
        ("NHS no 943 476 5919 thanks", "NHS no [NHS number] thanks", "nhs_number"),
        ("NHS no 943-476-5919", "NHS no [NHS number]", "nhs_number"),
        ("My number 9434765919", "My number [NHS number]", "nhs_number"),
        ("I live at NG7 2UH.", "I live at [postcode].", "postcode"),
        ("near sw1a 1aa", "near [postcode]", "postcode"),
        ("Dr Patel was great", "Dr [name] was great", "name"),
        ("Mrs Jane Smith helped", "Mrs [name] helped", "name"),
        ("my care coordinator Kevin rang", "my care coordinator [name] rang", "name"),
        ("a nurse called Sarah was kind", "a nurse called [name] was kind", "name"),
        ("Sarah Jones was kind", "[name] was kind", "name"),
    ],
)
def test_each_kind_is_redacted(text, expected, kind):
    result = redact(text=text)
    assert result.text == expected
    assert result.kinds == (kind,)


@pytest.mark.parametrize(
    "text",
    [
        "Reference 1234567890 on the letter",  # fails the NHS check and is not a UK phone
        "9434765918",  # NHS-shaped but wrong check digit
        "Ward 12 on 12/03/2024 at 10:30, cost £25.",
        "Ring 111 or 999 in an emergency.",
        "The M1 was busy and the A1 too.",
        "The Ward was clean. May I say thanks. Will you call?",
        "Called Reception on Monday.",
        "Grace and hope got me through",
        "Year 2023 was better than 2022",
    ],
)
def test_things_that_must_not_be_redacted(text):
    result = redact(text=text)
    assert result.text == text
    assert result.kinds == ()


def test_several_kinds_are_reported_sorted():
    result = redact(text="Dr Patel, 07700 900123, a@b.org, NG1 1AA")
    assert result.kinds == ("email", "name", "phone", "postcode")
    assert "Patel" not in result.text and "900123" not in result.text


def test_nhs_check_digit():
    assert nhs_number_is_valid(digits="9434765919")
    assert not nhs_number_is_valid(digits="9434765918")
    assert not nhs_number_is_valid(digits="123")
