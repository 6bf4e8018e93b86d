"""The respond journey through the Django test client: sections, check, send, withdraw."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback.models import Answer, EqualityMonitoring, Response, SafeguardingAlert
from feedback.selectors import questions_for

pytestmark = pytest.mark.django_db


def start(client, consultation, key=None):
    key = key or uuid.uuid4()
    return client.post(
        reverse("feedback:respond", args=[consultation.slug]), {"start_key": str(key)}
    )


def section_url(consultation, number):
    return reverse("feedback:respond_section", args=[consultation.slug, number])


def fill_all(client, consultation, *, long_text="Keep the crisis line open.", about=None):
    questions = list(questions_for(consultation=consultation))
    agree, matters, rate, free = questions
    client.post(
        section_url(consultation, 1),
        {f"q_{agree.pk}": "Agree", f"q_{matters.pk}": ["Travel"], f"q_{rate.pk}": "4"},
    )
    client.post(section_url(consultation, 2), {f"q_{free.pk}": long_text})
    data = {"capacity": "nhs_staff", "on_behalf_of_organisation": "no", "consent_to_quote": "yes"}
    data.update(about or {})
    return client.post(section_url(consultation, 3), data)


def test_start_page_shows_sections_and_privacy(client, consultation):
    page = client.get(reverse("feedback:respond", args=[consultation.slug]))
    assert page.status_code == 200
    assert "There are 3 sections" in page.content.decode()


def test_respond_accepts_the_page_id_too(client, consultation):
    page = client.get(reverse("feedback:respond", args=[consultation.pk]))
    assert page.status_code == 200


def test_double_click_on_start_creates_one_draft(client, consultation):
    key = uuid.uuid4()
    start(client, consultation, key)
    start(client, consultation, key)
    assert Response.objects.count() == 1


def test_required_question_is_enforced_with_error_summary(client, consultation):
    start(client, consultation)
    page = client.post(section_url(consultation, 1), {})
    assert page.status_code == 400
    body = page.content.decode()
    assert "There is a problem" in body
    assert "Select an answer to “Do you agree with place-based teams?”" in body
    assert "Section 1 of 3" in body


def test_back_saves_without_requiring_answers(client, consultation):
    start(client, consultation)
    free = list(questions_for(consultation=consultation))[3]
    page = client.post(
        section_url(consultation, 2), {f"q_{free.pk}": "half written", "action": "back"}
    )
    assert page.status_code == 302 and page.url.endswith("/section/1/")
    assert Answer.objects.get(question=free).text == "half written"


def test_whole_journey_submits_once_with_receipt(
    client, consultation, django_capture_on_commit_callbacks
):
    start(client, consultation)
    response = fill_all(
        client,
        consultation,
        about={"respondent_name": "Pat Example", "respondent_email": "pat@example.org"},
    )
    assert response.status_code == 302 and response.url.endswith("/check/")
    check = client.get(reverse("feedback:respond_check", args=[consultation.slug]))
    assert "Keep the crisis line open." in check.content.decode()
    url = reverse("feedback:respond_check", args=[consultation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"receipt_email": "pat@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, {"receipt_email": "pat@example.org"})
    assert first.status_code == second.status_code == 302
    stored = Response.objects.get()
    assert stored.status == "submitted" and stored.submitted_at
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert stored.reference in receipt.subject
    # Anyone can type any address for a receipt: it never carries what was written.
    assert "Keep the crisis line open." not in receipt.body
    assert "(your written answer, not repeated in this email)" in receipt.body
    assert f"/response/withdraw/{stored.withdraw_link_token()}/" in receipt.body
    done = client.get(reverse("feedback:respond_done", args=[consultation.slug]))
    assert stored.reference in done.content.decode()


def test_anonymous_response_stores_no_identity(
    client, consultation, make_user, django_capture_on_commit_callbacks
):
    user = make_user("staff@example.org")
    client.force_login(user)
    start(client, consultation)
    fill_all(
        client,
        consultation,
        about={
            "is_anonymous": "on",
            "respondent_name": "Named",
            "respondent_email": "n@example.org",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("feedback:respond_check", args=[consultation.slug]),
            {"receipt_email": "once@example.org"},
        )
    stored = Response.objects.get()
    assert stored.is_anonymous and stored.status == "submitted"
    assert (stored.respondent_name, stored.respondent_email, stored.user) == ("", "", None)
    assert mail.outbox[0].to == ["once@example.org"]


def test_closed_and_forthcoming_consultations_show_a_page_not_a_form(client, consultation):
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.opens_at = timezone.now() - timedelta(days=10)
    consultation.save()
    page = client.get(reverse("feedback:respond", args=[consultation.slug]))
    assert (
        "has closed" in page.content.decode()
        and "<form" not in page.content.decode().split("<main")[1]
    )
    assert start(client, consultation).status_code == 200
    assert Response.objects.count() == 0
    consultation.opens_at = timezone.now() + timedelta(days=2)
    consultation.closes_at = timezone.now() + timedelta(days=12)
    consultation.save()
    assert (
        "not opened yet"
        in client.get(reverse("feedback:respond", args=[consultation.slug])).content.decode()
    )


def test_honeypot_stores_nothing(client, consultation):
    client.post(
        reverse("feedback:respond", args=[consultation.slug]),
        {"start_key": str(uuid.uuid4()), "website": "http://spam.example"},
    )
    assert Response.objects.count() == 0


def test_rate_limit_refuses_after_limit(client, consultation, settings):
    settings.FEEDBACK_RATE_LIMITS = {"start": (2, 600)}
    assert start(client, consultation).status_code == 302
    client.session.flush()
    other = client.__class__()
    assert start(other, consultation).status_code == 302
    third = client.__class__()
    assert start(third, consultation).status_code == 429
    assert Response.objects.count() == 2
    assert "REMOTE_ADDR" not in str(Response.objects.values())


def test_save_for_later_emails_a_link_that_resumes(client, consultation):
    start(client, consultation)
    free = list(questions_for(consultation=consultation))[3]
    client.post(section_url(consultation, 2), {f"q_{free.pk}": "later", "action": "save"})
    client.post(
        reverse("feedback:respond_save", args=[consultation.slug]), {"email": "me@example.org"}
    )
    link = re.search(r"http://testserver(/response/resume/\S+/)", mail.outbox[0].body).group(1)
    fresh = client.__class__()
    resumed = fresh.get(link)
    assert resumed.status_code == 302 and resumed.url.endswith("/section/2/")
    page = fresh.get(resumed.url)
    assert "later" in page.content.decode()
    assert Response.objects.get().respondent_email == ""


def test_withdraw_link_removes_answers_until_close(client, consultation):
    start(client, consultation)
    fill_all(client, consultation)
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    stored = Response.objects.get()
    url = reverse("feedback:withdraw", args=[stored.withdraw_link_token()])
    assert "Withdraw my response" in client.get(url).content.decode()
    client.post(url)
    stored.refresh_from_db()
    assert stored.status == "withdrawn" and not stored.answers.exists()


def test_withdraw_refused_after_close(client, consultation):
    start(client, consultation)
    fill_all(client, consultation)
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    stored = Response.objects.get()
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    client.post(reverse("feedback:withdraw", args=[stored.withdraw_link_token()]))
    stored.refresh_from_db()
    assert stored.status == "submitted"


def test_equality_answers_are_stored_apart_once(client, consultation):
    start(client, consultation)
    fill_all(client, consultation)
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    url = reverse("feedback:respond_equality", args=[consultation.slug])
    key = str(uuid.uuid4())
    client.post(url, {"submission_key": key, "sex": "female", "ethnicity": "asian_indian"})
    client.post(url, {"submission_key": key, "sex": "female"})
    row = EqualityMonitoring.objects.get()
    assert row.sex == "female" and row.submitted_month.day == 1
    field_names = {f.name for f in EqualityMonitoring._meta.get_fields()}
    assert not field_names & {"response", "created_at", "submitted_at"}


def test_disclosure_is_flagged_with_help_shown_and_leads_emailed_without_text(
    client, consultation, make_user, django_capture_on_commit_callbacks
):
    make_user("lead@example.org", group="Safeguarding leads")
    start(client, consultation)
    fill_all(client, consultation, long_text="Some nights I want to end my life.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    stored = Response.objects.get()
    assert stored.safeguarding_flagged
    alert = SafeguardingAlert.objects.get()
    assert alert.categories == ["suicide"]
    done = client.get(reverse("feedback:respond_done", args=[consultation.slug])).content.decode()
    assert "116 123" in done and "NHS 111" in done and "999" in done
    lead_mail = [m for m in mail.outbox if m.to == ["lead@example.org"]]
    assert len(lead_mail) == 1
    assert "end my life" not in lead_mail[0].body and stored.reference in lead_mail[0].body


def test_second_click_racing_the_first_lands_on_the_receipt_page(client, consultation):
    start(client, consultation)
    fill_all(client, consultation)
    draft = Response.objects.get()
    # The first click finished sending, but this request's session still names the draft.
    from feedback.services import response_submit

    response_submit(response_id=draft.pk)
    page = client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    assert page.status_code == 302 and page.url.endswith("/sent/")
    assert draft.reference in client.get(page.url).content.decode()
    assert Response.objects.filter(status="submitted").count() == 1


# --- Being told the outcome ("you said, we did") -------------------------------------------


def test_respondent_can_agree_to_be_emailed_the_outcome(client, consultation):
    start(client, consultation)
    page = client.get(section_url(consultation, 3)).content.decode()
    assert "Email me when you publish what you heard and what you decided" in page
    fill_all(
        client,
        consultation,
        about={"respondent_email": "pat@example.org", "consent_to_outcome_email": "on"},
    )
    check = client.get(reverse("feedback:respond_check", args=[consultation.slug]))
    assert "Yes, to pat@example.org" in check.content.decode()
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    stored = Response.objects.get()
    assert stored.status == "submitted"
    assert stored.consent_to_outcome_email is True
    assert stored.respondent_email == "pat@example.org"


def test_outcome_consent_is_off_unless_ticked(client, consultation):
    start(client, consultation)
    fill_all(client, consultation, about={"respondent_email": "pat@example.org"})
    check = client.get(reverse("feedback:respond_check", args=[consultation.slug]))
    assert "Email me the outcome" in check.content.decode()
    assert Response.objects.get().consent_to_outcome_email is False


def test_outcome_consent_without_an_email_asks_for_one_and_stores_nothing(client, consultation):
    start(client, consultation)
    page = fill_all(client, consultation, about={"consent_to_outcome_email": "on"})
    assert page.status_code == 400
    assert "Enter your email address so we can tell you the outcome" in page.content.decode()
    draft = Response.objects.get()
    assert draft.consent_to_outcome_email is False and draft.capacity == ""


def test_anonymous_response_never_stores_the_outcome_consent(client, consultation):
    start(client, consultation)
    page = fill_all(
        client,
        consultation,
        about={
            "is_anonymous": "on",
            "respondent_email": "n@example.org",
            "consent_to_outcome_email": "on",
        },
    )
    assert page.status_code == 400
    assert "You are responding anonymously, so we cannot email you" in page.content.decode()
    # Saving for later does not insist, but still stores no consent and no email.
    client.post(
        section_url(consultation, 3),
        {
            "is_anonymous": "on",
            "respondent_email": "n@example.org",
            "consent_to_outcome_email": "on",
            "action": "save",
        },
    )
    draft = Response.objects.get()
    assert (draft.respondent_email, draft.consent_to_outcome_email) == ("", False)


def test_withdrawing_clears_the_outcome_consent(client, consultation):
    start(client, consultation)
    fill_all(
        client,
        consultation,
        about={"respondent_email": "pat@example.org", "consent_to_outcome_email": "on"},
    )
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    from feedback.services import response_withdraw

    response_withdraw(token=_withdraw_token_from_done_page(client, consultation))
    stored = Response.objects.get()
    assert stored.status == "withdrawn"
    assert (stored.respondent_email, stored.consent_to_outcome_email) == ("", False)


def _withdraw_token_from_done_page(client, consultation):
    done = client.get(reverse("feedback:respond_done", args=[consultation.slug])).content.decode()
    return re.search(r"/response/withdraw/([^/\"]+)/", done).group(1)


# --- Private links are stored as hashes ----------------------------------------------------


def _everything_stored():
    """Every value in every table, and every session's decoded data, as one string."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    parts = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        parts.extend(str(row) for row in model._default_manager.values_list())
    parts.extend(str(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(parts)


def test_the_database_holds_no_resume_or_withdraw_token(
    client, consultation, django_capture_on_commit_callbacks
):
    start(client, consultation)
    free = list(questions_for(consultation=consultation))[3]
    client.post(section_url(consultation, 2), {f"q_{free.pk}": "later", "action": "save"})
    client.post(
        reverse("feedback:respond_save", args=[consultation.slug]), {"email": "me@example.org"}
    )
    resume = re.search(r"/response/resume/([^/\s]+)/", mail.outbox[-1].body).group(1)
    fill_all(client, consultation, about={"respondent_email": "me@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    withdraw = re.search(r"/response/withdraw/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert (
        withdraw
        in client.get(reverse("feedback:respond_done", args=[consultation.slug])).content.decode()
    )

    stored = _everything_stored()
    assert resume not in stored and withdraw not in stored
    response = Response.objects.get()
    from engage.tokens import token_hash

    assert response.resume_token_hash == token_hash(resume)
    assert response.withdraw_token_hash == token_hash(withdraw)


def test_a_second_save_for_later_email_carries_the_same_working_link(client, consultation):
    start(client, consultation)
    url = reverse("feedback:respond_save", args=[consultation.slug])
    client.post(url, {"email": "me@example.org"})
    client.post(url, {"email": "me@example.org"})
    first, second = (
        re.search(r"(/response/resume/\S+/)", message.body).group(1) for message in mail.outbox
    )
    assert first == second
    assert client.__class__().get(first).status_code == 302


def test_wrong_resume_or_withdraw_token_gets_the_clear_not_found_page(client, consultation):
    start(client, consultation)
    fill_all(client, consultation)
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    stored = Response.objects.get()
    token = stored.withdraw_link_token()
    # The stored hash itself is not a link either.
    for url in (
        reverse("feedback:withdraw", args=[token[:-2] + "zz"]),
        reverse("feedback:withdraw", args=[stored.withdraw_token_hash]),
        reverse("feedback:resume", args=["not-a-real-token"]),
        reverse("feedback:resume", args=[stored.resume_token_hash]),
    ):
        page = client.get(url)
        assert page.status_code == 404
        assert "This link does not work" in page.content.decode()
    client.post(reverse("feedback:withdraw", args=[token[:-2] + "zz"]))
    stored.refresh_from_db()
    assert stored.status == "submitted"


def _legacy(response, **raw):
    """Put pre-hashing raw tokens into the columns, as they were before migration 0005."""
    Response.objects.filter(pk=response.pk).update(**raw)


def test_migration_hashes_old_tokens_so_links_already_emailed_still_work(client, consultation):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("feedback.migrations.0005_hash_existing_link_tokens")
    start(client, consultation)
    fill_all(client, consultation)
    client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    sent = Response.objects.get()
    draft = Response.objects.create(consultation=consultation)
    old_withdraw, old_resume = "old-random-withdraw-token-1234567890abcdefgh", "old-resume-token"
    _legacy(sent, withdraw_token_hash=old_withdraw, resume_token_hash="old-unused-resume")
    _legacy(draft, resume_token_hash=old_resume, withdraw_token_hash="old-unused-withdraw")
    Response.objects.filter(pk=sent.pk).update(resume_token_hash="expired-already-cleared")

    migration.hash_tokens(apps, None)
    migration.hash_tokens(apps, None)  # running twice changes nothing more

    sent.refresh_from_db()
    assert sent.withdraw_token_hash != old_withdraw and len(sent.withdraw_token_hash) == 64
    assert sent.resume_token_hash == "expired-already-cleared"
    assert old_withdraw not in _everything_stored() and old_resume not in _everything_stored()
    withdraw_page = client.get(reverse("feedback:withdraw", args=[old_withdraw]))
    assert "Withdraw my response" in withdraw_page.content.decode()
    resumed = client.__class__().get(reverse("feedback:resume", args=[old_resume]))
    assert resumed.status_code == 302 and "/section/" in resumed.url
    # An old link cannot be rebuilt for later emails; a draft asking again gets a new one.
    draft.refresh_from_db()
    assert sent.withdraw_link_token() == "" and draft.resume_link_token() == ""
    from feedback import services

    new_link = services.response_resume_token(response=draft)
    assert new_link and Response.by_resume_token(new_link).get() == draft


def test_migration_backwards_restores_links_issued_since(client, consultation):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("feedback.migrations.0005_hash_existing_link_tokens")
    response = Response.objects.create(consultation=consultation)
    resume, withdraw = response.resume_link_token(), response.withdraw_link_token()
    migration.restore_derived_tokens(apps, None)
    response.refresh_from_db()
    assert (response.resume_token_hash, response.withdraw_token_hash) == (resume, withdraw)
    migration.hash_tokens(apps, None)
    response.refresh_from_db()
    assert response.resume_link_token() == resume


def _section_one_queries(client, consultation, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.post(section_url(consultation, 1), data)
    assert page.status_code == 302
    return len(queries)


def test_saving_a_section_takes_the_same_queries_however_many_answers(client, consultation):
    start(client, consultation)
    agree, matters, rate, _free = questions_for(consultation=consultation)
    one = _section_one_queries(client, consultation, {f"q_{agree.pk}": "Agree"})
    three = _section_one_queries(
        client,
        consultation,
        {f"q_{agree.pk}": "Disagree", f"q_{matters.pk}": ["Travel"], f"q_{rate.pk}": "2"},
    )
    assert three <= one  # one answer given still checks the two left empty for deleting
    # Saving again (a resubmitted form) changes the answers in place, one row per question.
    emptied = _section_one_queries(client, consultation, {f"q_{agree.pk}": "Agree"})
    assert emptied <= one + 4  # the delete of the two emptied answers and its cascade checks
    answers = Answer.objects.order_by("question__sort_order")
    assert [(a.question_id, a.choices) for a in answers] == [(agree.pk, ["Agree"])]


def test_responses_stay_out_of_the_wagtail_reference_index(
    client, consultation, django_capture_on_commit_callbacks
):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    with django_capture_on_commit_callbacks(execute=True):
        start(client, consultation)
        fill_all(client, consultation)
        client.post(reverse("feedback:respond_check", args=[consultation.slug]))
    assert Response.objects.get().status == Response.Status.SUBMITTED
    response_type = ContentType.objects.get_for_model(Response)
    assert not ReferenceIndex.objects.filter(content_type=response_type).exists()


def _input_tag(body, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group(0)


def test_personal_details_fields_say_what_they_are_for_so_browsers_can_fill_them(
    client, consultation
):
    start(client, consultation)
    about = client.get(section_url(consultation, 3)).content.decode()
    assert 'autocomplete="name"' in _input_tag(about, "respondent_name")
    assert 'autocomplete="email"' in _input_tag(about, "respondent_email")
    save = client.get(reverse("feedback:respond_save", args=[consultation.slug]))
    assert 'autocomplete="email"' in _input_tag(save.content.decode(), "email")
    fill_all(client, consultation)
    check = client.get(reverse("feedback:respond_check", args=[consultation.slug]))
    assert 'autocomplete="email"' in _input_tag(check.content.decode(), "receipt_email")


def test_a_mistyped_email_gets_the_same_plain_message_on_every_respond_page(client, consultation):
    expected = "Enter an email address in the correct format, like name@example.org"
    start(client, consultation)
    about = fill_all(client, consultation, about={"respondent_email": "kim.example.org"})
    assert about.status_code == 400 and expected in about.content.decode()
    save_url = reverse("feedback:respond_save", args=[consultation.slug])
    save = client.post(save_url, {"email": "kim@"})
    assert save.status_code == 400 and expected in save.content.decode()
    empty = client.post(save_url, {"email": ""})
    assert "Enter the email address to send the link to" in empty.content.decode()
    fill_all(client, consultation)
    check_url = reverse("feedback:respond_check", args=[consultation.slug])
    check = client.post(check_url, {"receipt_email": "kim at example"})
    assert check.status_code == 400 and expected in check.content.decode()
    assert not mail.outbox


def test_each_required_answer_error_names_its_question_not_this_field_is_required(
    client, consultation
):
    from feedback.models import Question

    free = Question.objects.get(kind=Question.Kind.LONG_TEXT)
    free.required = True
    free.save()
    start(client, consultation)
    body = client.post(section_url(consultation, 2), {}).content.decode()
    assert "Enter your answer to “What else should we know?”" in body
    body = client.post(section_url(consultation, 3), {}).content.decode()
    assert "Select the capacity you are responding in" in body
    assert "Select yes if we may quote what you wrote, or no" in body
    assert "This field is required" not in body


def test_error_summary_links_a_group_of_radios_to_its_first_option_so_focus_lands_on_it(
    client, consultation
):
    agree = list(questions_for(consultation=consultation))[0]
    start(client, consultation)
    body = client.post(section_url(consultation, 1), {}).content.decode()
    first_option = f"id_q_{agree.pk}_0"
    assert f'<a href="#{first_option}">' in body
    assert re.search(rf'<input type="radio"[^>]*id="{first_option}"', body)
    body = client.post(section_url(consultation, 3), {"respondent_email": "x"}).content.decode()
    assert '<a href="#id_capacity_0">' in body
    assert '<a href="#id_respondent_email">' in body


def test_carry_on_links_return_to_the_furthest_section_like_the_emailed_link(client, consultation):
    start(client, consultation)
    free = list(questions_for(consultation=consultation))[3]
    client.post(section_url(consultation, 2), {f"q_{free.pk}": "later", "action": "save"})
    where = f'href="{section_url(consultation, 2)}"'
    save_url = reverse("feedback:respond_save", args=[consultation.slug])
    assert where in client.get(save_url).content.decode()
    assert where in client.post(save_url, {"email": "me@example.org"}).content.decode()
    start_page = client.get(reverse("feedback:respond", args=[consultation.slug]))
    assert "Continue your response" in start_page.content.decode()
    assert where in start_page.content.decode()


def test_a_consultation_limited_to_some_boroughs_offers_only_their_places(client, consultation):
    from consultations.models import PrimaryCareNetwork
    from tests.factories import BoroughFactory, LocalityFactory

    fulham, ealing = BoroughFactory(name="Hammersmith & Fulham"), BoroughFactory(name="Ealing")
    north, acton = LocalityFactory(borough=fulham, name="North"), LocalityFactory(borough=ealing)
    ours = PrimaryCareNetwork.objects.create(locality=north, name="North PCN")
    theirs = PrimaryCareNetwork.objects.create(locality=acton, name="Acton PCN")
    start(client, consultation)

    # Not limited: every place is offered.
    form = client.get(section_url(consultation, 3)).context["form"]
    assert set(form.fields["locality"].queryset) == {north, acton}

    consultation.boroughs.set([fulham])
    consultation.save()  # a parental many-to-many is stored on save
    page = client.get(section_url(consultation, 3))
    form = page.context["form"]
    assert list(form.fields["borough"].queryset) == [fulham]
    assert list(form.fields["locality"].queryset) == [north]
    assert list(form.fields["pcn"].queryset) == [ours]
    assert "Acton PCN" not in page.text and "Ealing" not in page.text

    # A place from elsewhere, sent anyway, gets a clear message and is not stored.
    page = fill_all(client, consultation, about={"locality": acton.pk, "pcn": theirs.pk})
    assert page.status_code == 400
    assert "Choose one of the places this consultation covers" in page.text
    draft = Response.objects.get()
    assert draft.locality_id is None and draft.pcn_id is None
    fill_all(client, consultation, about={"locality": north.pk, "pcn": ours.pk})
    draft.refresh_from_db()
    assert (draft.locality, draft.pcn) == (north, ours)
