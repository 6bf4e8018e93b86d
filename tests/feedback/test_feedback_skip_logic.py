"""Skip logic, the question-kinds table, and every required answer checked at submit."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from engage.models import AuditEvent
from feedback import conditions, exports, importing, question_kinds, selectors, services
from feedback.models import Answer, Question, Response
from feedback.roles import ensure_feedback_permissions
from tests.feedback.conftest import enter_url, make_conditional_questionnaire, make_consultation
from tests.forms import date_parts

pytestmark = pytest.mark.django_db


def start(client, consultation):
    return client.post(
        reverse("feedback:respond", args=[consultation.slug]), {"start_key": str(uuid.uuid4())}
    )


def section_url(consultation, number):
    return reverse("feedback:respond_section", args=[consultation.slug, number])


def check_url(consultation):
    return reverse("feedback:respond_check", args=[consultation.slug])


ABOUT = {"capacity": "carer", "on_behalf_of_organisation": "no", "consent_to_quote": "no"}


@pytest.fixture
def conditional(site_with_home):
    """See make_conditional_questionnaire: the questions by name, and the consultation."""
    consultation = make_consultation(site_with_home.root_page, slug="clinic")
    return {"consultation": consultation, **make_conditional_questionnaire(consultation)}


# --- the rule and the table ---------------------------------------------------------------


def test_every_question_kind_has_one_entry_in_the_kinds_table():
    assert set(question_kinds.KINDS) == set(Question.Kind.values)


def test_only_single_choice_and_yes_no_questions_can_decide_skip_logic():
    assert set(question_kinds.CONTROLLING_KINDS) == {"single_choice", "yes_no"}


def test_a_new_line_counts_as_one_character_as_the_browser_counts_it():
    kind = question_kinds.KINDS["short_text"]
    field = kind.form_field(Question(text="Where?", kind="short_text"), required=False)
    assert field.clean("a\r\n" + "b" * 498) == "a\n" + "b" * 498
    with pytest.raises(ValidationError) as error:
        field.clean("b" * 501)
    assert "must be 500 characters or fewer" in str(error.value)


def test_a_hidden_controller_hides_what_depends_on_it_even_with_a_stale_answer(conditional):
    sections = selectors.questionnaire_sections(consultation=conditional["consultation"])
    uses, how_often, daily = conditional["uses"], conditional["how_often"], conditional["daily"]
    asked_sections, asked = conditions.asked(sections, {uses.pk: ["Yes"], how_often.pk: ["Daily"]})
    assert {how_often.pk, daily.pk} <= asked
    asked_sections, asked = conditions.asked(sections, {uses.pk: ["No"], how_often.pk: ["Daily"]})
    assert how_often.section_id not in asked_sections
    assert how_often.pk not in asked and daily.pk not in asked


def test_condition_must_come_from_an_earlier_section_and_name_real_options(conditional):
    daily = conditional["daily"]
    daily.shown_if = conditional["how_often"]
    daily.shown_if_answers = ["Hourly"]
    with pytest.raises(ValidationError) as error:
        daily.full_clean()
    assert "shown_if_answers" in error.value.message_dict
    later = Question(
        section=conditional["how_often"].section,
        kind=Question.Kind.SHORT_TEXT,
        text="Same page",
        shown_if=conditional["how_often"],
        shown_if_answers=["Daily"],
    )
    with pytest.raises(ValidationError) as error:
        later.full_clean()
    assert "earlier section" in str(error.value.message_dict["shown_if"])


# --- the public journey -----------------------------------------------------------------------


def test_going_straight_to_check_cannot_send_without_capacity_or_consent(client, consultation):
    start(client, consultation)
    agree = selectors.questions_for(consultation=consultation).first()
    client.post(section_url(consultation, 1), {f"q_{agree.pk}": "Agree"})
    page = client.post(check_url(consultation), {"receipt_email": ""})
    assert page.status_code == 400
    body = page.content.decode()
    assert "In what capacity are you responding?" in body
    assert "May we quote what you wrote" in body
    assert f"{section_url(consultation, 3)}#id_capacity_0" in body
    assert Response.objects.get().status == Response.Status.DRAFT


def test_submit_service_refuses_a_draft_without_capacity(consultation):
    draft = Response.objects.create(consultation=consultation, consent_to_quote=False)
    agree = selectors.questions_for(consultation=consultation).first()
    Answer.objects.create(response=draft, question=agree, choices=["Agree"])
    with pytest.raises(services.ResponseError):
        services.response_submit(response_id=draft.pk)
    draft.capacity = "carer"
    draft.save()
    assert services.response_submit(response_id=draft.pk)[1] is True


def test_consent_to_quote_is_not_pre_ticked_and_must_be_answered(client, consultation):
    start(client, consultation)
    page = client.get(section_url(consultation, 3))
    html = page.content.decode()
    consent_inputs = [line for line in html.split("<input") if 'name="consent_to_quote"' in line]
    assert len(consent_inputs) == 2
    assert not any("checked" in line for line in consent_inputs)
    page = client.post(section_url(consultation, 3), {**ABOUT, "consent_to_quote": ""})
    assert page.status_code == 400
    assert "Select yes if we may quote what you wrote, or no" in page.content.decode()
    assert Response.objects.get().consent_to_quote is None


def test_consent_to_quote_no_is_stored_and_shown_again(client, consultation):
    start(client, consultation)
    client.post(section_url(consultation, 3), ABOUT)
    assert Response.objects.get().consent_to_quote is False
    html = client.get(section_url(consultation, 3)).content.decode()
    chosen = [line for line in html.split("<input") if 'name="consent_to_quote"' in line]
    assert ['value="no"' in line for line in chosen if "checked" in line] == [True]


def test_a_section_not_asked_is_skipped_and_its_required_question_not_required(client, conditional):
    consultation = conditional["consultation"]
    start(client, consultation)
    page = client.post(
        section_url(consultation, 1),
        {f"q_{conditional['agree'].pk}": "Agree", f"q_{conditional['uses'].pk}": "No"},
    )
    assert page.url == section_url(consultation, 3)  # "The clinic" is not asked
    page = client.get(page.url)
    assert "Section 2 of 3" in page.content.decode()
    assert "What would make daily visits easier?" not in page.content.decode()
    # The clinic's page, opened by its address, moves on to the next page asked.
    assert client.get(section_url(consultation, 2)).url == section_url(consultation, 3)
    client.post(section_url(consultation, 3), {})
    client.post(section_url(consultation, 4), ABOUT)
    check = client.get(check_url(consultation)).content.decode()
    assert "How often do you go?" not in check
    client.post(check_url(consultation), {"receipt_email": ""})
    assert Response.objects.get().status == Response.Status.SUBMITTED


def test_changing_an_earlier_answer_removes_answers_no_longer_asked(client, conditional):
    consultation = conditional["consultation"]
    start(client, consultation)
    first = {f"q_{conditional['agree'].pk}": "Agree", f"q_{conditional['uses'].pk}": "Yes"}
    assert client.post(section_url(consultation, 1), first).url == section_url(consultation, 2)
    client.post(section_url(consultation, 2), {f"q_{conditional['how_often'].pk}": "Daily"})
    page = client.get(section_url(consultation, 3)).content.decode()
    assert "What would make daily visits easier?" in page
    client.post(
        section_url(consultation, 3), {f"q_{conditional['daily'].pk}": "A bench", "action": "back"}
    )
    assert Answer.objects.filter(question=conditional["daily"]).exists()
    client.post(section_url(consultation, 1), {**first, f"q_{conditional['uses'].pk}": "No"})
    stored = set(Answer.objects.values_list("question_id", flat=True))
    assert conditional["how_often"].pk not in stored
    assert conditional["daily"].pk not in stored


def test_a_question_asked_and_required_is_still_required_at_check(client, conditional):
    consultation = conditional["consultation"]
    start(client, consultation)
    client.post(
        section_url(consultation, 1),
        {f"q_{conditional['agree'].pk}": "Agree", f"q_{conditional['uses'].pk}": "Yes"},
    )
    client.post(section_url(consultation, 2), {f"q_{conditional['how_often'].pk}": "Daily"})
    client.post(section_url(consultation, 4), ABOUT)
    page = client.post(check_url(consultation), {"receipt_email": ""})
    assert page.status_code == 400
    assert "Answer “What would make daily visits easier?”" in page.content.decode()
    assert Response.objects.get().status == Response.Status.DRAFT


# --- exports, summaries, imports ----------------------------------------------------------------


def _submitted(conditional, answers, **about):
    response = Response.objects.create(
        consultation=conditional["consultation"],
        status=Response.Status.SUBMITTED,
        capacity="carer",
        consent_to_quote=about.pop("consent_to_quote", True),
        **about,
    )
    for key, choices in answers.items():
        Answer.objects.create(response=response, question=conditional[key], choices=choices)
    return response


def test_export_says_not_asked_for_questions_a_response_skipped(conditional):
    _submitted(conditional, {"uses": ["No"]}, consent_to_quote=None)
    _submitted(conditional, {"uses": ["Yes"], "how_often": ["Weekly"]})
    header, *rows = list(exports.export_rows(consultation=conditional["consultation"]))
    column = header.index("How often do you go?")
    daily = header.index("What would make daily visits easier?")
    free = header.index("What else should we know?")
    by_answer = {row[header.index("Consent to quote")]: row for row in rows}
    # Rows are typed (engage.spreadsheets writes None as an empty cell): no answer to consent
    # stays None, not "No".
    assert by_answer[None][column] == "(not asked)"
    assert by_answer[None][free] == ""  # asked, not answered
    assert by_answer[True][column] == "Weekly"
    assert by_answer[True][daily] == "(not asked)"


def test_summary_says_who_was_asked_and_counts_only_them_as_not_answering(conditional):
    for _index in range(3):
        _submitted(conditional, {"uses": ["No"]})
    _submitted(conditional, {"uses": ["Yes"], "how_often": ["Weekly"]})
    _submitted(conditional, {"uses": ["Yes"]})
    summaries = {
        s["question"].pk: s
        for s in selectors.question_summaries(consultation=conditional["consultation"])
    }
    how_often = summaries[conditional["how_often"].pk]
    assert how_often["condition"] == (
        "Asked only of people who answered “Yes” to “Do you use the clinic?”"
    )
    assert (how_often["asked"], how_often["answered"], how_often["not_answered"]) == (2, 1, 1)
    assert summaries[conditional["uses"].pk]["condition"] == ""


def test_committee_report_question_results_say_who_was_asked(conditional):
    from feedback.reports.context import build_report_context
    from feedback.reports.services import report_create

    _submitted(conditional, {"uses": ["Yes"], "how_often": ["Weekly"]})
    report = report_create(consultation=conditional["consultation"])
    parts = {part.key: part for part in build_report_context(report)["parts"]}
    texts = {q["text"]: q["condition"] for q in parts["question_results"].data["questions"]}
    assert texts["How often do you go?"].startswith("Asked only of people who answered “Yes”")


def test_import_refuses_an_answer_to_a_question_the_row_did_not_ask(conditional):
    consultation = conditional["consultation"]
    mapping = {
        "Agree": f"q:{conditional['agree'].pk}",
        "Uses": f"q:{conditional['uses'].pk}",
        "Often": f"q:{conditional['how_often'].pk}",
    }
    header = ["Agree", "Uses", "Often"]
    result = importing.import_responses(
        consultation=consultation,
        header=header,
        rows=[["Agree", "No", "Daily"], ["Agree", "No", ""]],
        mapping=mapping,
    )
    assert [number for number, _message in result.errors] == [2]
    assert "answered but not asked" in result.errors[0][1]
    result = importing.import_responses(
        consultation=consultation, header=header, rows=[["Agree", "No", ""]], mapping=mapping
    )
    assert result.ok and len(result.created) == 1  # the required "How often" was not asked


# --- staff entry, one section a page, and corrections ---------------------------------------


def _entry_section(response, number):
    return reverse(
        "feedback_admin:enter_section", args=[response.consultation_id, response.pk, number]
    )


def test_staff_enter_a_paper_response_one_section_a_page_skipping_as_online(
    client, conditional, editor
):
    consultation = conditional["consultation"]
    key = client.get(enter_url(consultation)).context["channel_form"]["submission_key"].value()
    start_data = {
        "channel-channel": "paper",
        **date_parts("channel-received_on", timezone.localdate()),
        "channel-submission_key": key,
    }
    page = client.post(enter_url(consultation), start_data)
    response = Response.objects.get()
    assert page.url == _entry_section(response, 1)
    assert (response.status, response.entered_by, response.channel) == ("draft", editor, "paper")
    page = client.get(page.url)
    # "The clinic" is not asked until "Do you use the clinic?" is answered "Yes".
    assert "Section 1 of 3" in page.content.decode()
    assert "How often do you go?" not in page.content.decode()  # one section a page
    page = client.post(
        _entry_section(response, 1),
        {f"q_{conditional['uses'].pk}": "No"},  # nothing required: a paper form has gaps
    )
    assert page.url == _entry_section(response, 3)
    client.post(_entry_section(response, 3), {f"q_{conditional['free'].pk}": "By post."})
    page = client.post(
        _entry_section(response, 4), {"capacity": "carer", "on_behalf_of_organisation": "no"}
    )
    check = reverse("feedback_admin:enter_check", args=[consultation.pk, response.pk])
    assert page.url == check
    assert "How often do you go?" not in client.get(check).content.decode()
    assert client.post(check).status_code == 302
    response.refresh_from_db()
    assert response.status == "submitted" and response.consent_to_quote is None
    assert AuditEvent.objects.filter(object_id=str(response.pk), details__change="entered").exists()
    # The first page sent again finds the saved response rather than starting another.
    client.post(enter_url(consultation), start_data)
    assert Response.objects.count() == 1


def test_a_correction_to_a_staff_entered_response_is_logged(client, conditional, editor):
    response = _submitted(conditional, {"uses": ["No"]}, channel="paper", entered_by=editor)
    page = client.post(
        _entry_section(response, 1),
        {f"q_{conditional['uses'].pk}": "Yes", f"q_{conditional['agree'].pk}": "Disagree"},
    )
    assert page.url == _entry_section(response, 2)
    event = AuditEvent.objects.get(details__change="corrected")
    assert (event.user, event.object_id) == (editor, str(response.pk))
    assert sorted(event.details["questions"]) == sorted(
        [conditional["uses"].pk, conditional["agree"].pk]
    )
    assert "Yes" not in str(event.details)  # which questions, never what they say
    client.post(_entry_section(response, 4), {**ABOUT, "capacity": "resident"})
    about = AuditEvent.objects.filter(details__change="corrected").latest("pk")
    assert set(about.details["fields"]) == {"capacity", "consent_to_quote"}
    response.refresh_from_db()
    assert (response.capacity, response.consent_to_quote) == ("resident", False)


def test_correcting_needs_permission_to_change_responses(client, conditional, make_user):
    from django.contrib.auth.models import Permission

    from feedback.models import ConsultationAssignment

    ensure_feedback_permissions()
    # An analyst assigned to the consultation who may also type in responses, not change them.
    typist = make_user("typist@example.org", group="Analysts")
    typist.user_permissions.add(Permission.objects.get(codename="enter_offline_response"))
    ConsultationAssignment.objects.create(consultation=conditional["consultation"], user=typist)
    client.force_login(typist)
    response = _submitted(conditional, {"uses": ["No"]}, channel="paper", entered_by=typist)
    assert client.get(enter_url(conditional["consultation"])).status_code == 200
    page = client.post(_entry_section(response, 1), {f"q_{conditional['uses'].pk}": "Yes"})
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert page.status_code == 403 or page.url == "/admin/"
    assert Answer.objects.get(response=response, question=conditional["uses"]).choices == ["No"]
    assert not AuditEvent.objects.filter(details__change="corrected").exists()


def test_an_imported_empty_consent_cell_is_no_answer_not_no(conditional):
    result = importing.import_responses(
        consultation=conditional["consultation"],
        header=["Agree", "Uses", "Consent"],
        rows=[["Agree", "No", ""], ["Agree", "No", "yes"]],
        mapping={
            "Agree": f"q:{conditional['agree'].pk}",
            "Uses": f"q:{conditional['uses'].pk}",
            "Consent": "consent_to_quote",
        },
    )
    assert [response.consent_to_quote for response in result.created] == [None, True]


def test_a_response_lists_only_the_questions_it_was_asked(conditional):
    response = _submitted(conditional, {"uses": ["No"]})
    listed = [q.pk for q, _answer in selectors.response_answers_in_order(response=response)]
    assert conditional["uses"].pk in listed and conditional["free"].pk in listed
    assert conditional["how_often"].pk not in listed and conditional["daily"].pk not in listed


def test_a_page_whose_every_question_is_skipped_is_skipped_too(conditional):
    # Make "How often" the only question on its page depend on a "Yes" that was not given.
    how_often = conditional["how_often"]
    how_often.section.shown_if = None
    how_often.section.shown_if_answers = []
    how_often.section.save()
    how_often.shown_if, how_often.shown_if_answers = conditional["uses"], ["Yes"]
    how_often.save()
    sections = selectors.questionnaire_sections(consultation=conditional["consultation"])
    asked_sections, _asked = conditions.asked(sections, {conditional["uses"].pk: ["No"]})
    assert how_often.section_id not in asked_sections
    asked_sections, _asked = conditions.asked(sections, {conditional["uses"].pk: ["Yes"]})
    assert how_often.section_id in asked_sections


# --- the skip-logic chooser in the questionnaire editor -----------------------------------------


def _questionnaire_edit_post(questionnaire, **conditions):
    """The questionnaire editor's POST data as saved, with skip-logic conditions on top:
    conditions={"sections-1": (controller, ["Yes"]), "sections-2-questions-0": (...)}."""
    from tests.feedback.test_feedback_admin import questionnaire_post

    data = questionnaire_post(questionnaire)
    for s_index, section in enumerate(questionnaire.sections.order_by("sort_order")):
        items = [(f"sections-{s_index}", section)] + [
            (f"sections-{s_index}-questions-{q_index}", question)
            for q_index, question in enumerate(section.questions.order_by("sort_order"))
        ]
        for prefix, item in items:
            if item.shown_if_id:
                data[f"{prefix}-shown_if"] = item.shown_if_id
                data[f"{prefix}-shown_if_answers"] = "\n".join(item.shown_if_answers)
    for prefix, (controller, values) in conditions.items():
        data[f"{prefix}-shown_if"] = controller.pk
        data[f"{prefix}-shown_if_answers"] = "\n".join(values)
    return data


@pytest.fixture
def other_questionnaire(site_with_home):
    """A second consultation's questionnaire, with its own yes/no and single-choice questions."""
    other = make_consultation(site_with_home.root_page, slug="other-clinic", title="Other clinic")
    return make_conditional_questionnaire(other)


def test_the_condition_chooser_offers_only_earlier_deciding_questions_of_this_questionnaire(
    client, conditional, editor, other_questionnaire
):
    questionnaire = conditional["uses"].section.questionnaire
    page = client.get(reverse("questionnaires:edit", args=[questionnaire.pk]))
    assert page.status_code == 200
    sections = page.context["form"].formsets["sections"]

    def offered(form):
        return set(form.fields["shown_if"].queryset)

    first, clinic, views = sections.forms
    uses, how_often = conditional["uses"], conditional["how_often"]
    assert offered(first) == set()
    assert offered(clinic) == {uses}
    assert offered(views) == {uses, how_often}
    assert offered(views.formsets["questions"].forms[0]) == {uses, how_often}
    assert offered(clinic.formsets["questions"].forms[0]) == {uses}
    # A section or question added now comes last: every deciding question here is earlier.
    assert offered(sections.empty_form) == {uses, how_often}
    assert offered(views.formsets["questions"].empty_form) == {uses, how_often}
    # The rendered chooser names each question's section and nothing from the other questionnaire.
    assert f"{uses.section.title}: {uses.text}" in page.text
    assert f'<option value="{other_questionnaire["uses"].pk}"' not in page.text


def test_a_condition_on_another_questionnaires_or_a_later_question_is_refused_with_a_message(
    client, conditional, editor, other_questionnaire
):
    questionnaire = conditional["uses"].section.questionnaire
    url = reverse("questionnaires:edit", args=[questionnaire.pk])
    message = (
        "Choose a single-choice or yes/no question from an earlier section of this questionnaire."
    )
    # "Your views" (the third section) asked only after the other questionnaire's "Do you use…".
    foreign = _questionnaire_edit_post(
        questionnaire, **{"sections-2": (other_questionnaire["uses"], ["Yes"])}
    )
    page = client.post(url, foreign)
    assert page.status_code == 200
    assert message in page.text
    # The first section's first question asked only after a question of a later section.
    later = _questionnaire_edit_post(
        questionnaire, **{"sections-0-questions-0": (conditional["how_often"], ["Daily"])}
    )
    page = client.post(url, later)
    assert page.status_code == 200
    assert message in page.text
    conditional["agree"].refresh_from_db()
    views = conditional["daily"].section
    views.refresh_from_db()
    assert conditional["agree"].shown_if_id is None and views.shown_if_id is None

    # The conditions already there are sound, so the same form without them saves.
    assert client.post(url, _questionnaire_edit_post(questionnaire)).status_code == 302
    conditional["daily"].refresh_from_db()
    assert conditional["daily"].shown_if_id == conditional["how_often"].pk
