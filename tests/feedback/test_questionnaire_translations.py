"""A questionnaire's own words in Polish (and the other languages), from a translator's PO file.

Respondents under /pl/respond/... read the questions and options in Polish; their answers are
stored on the one set of English questions with the English option values.
"""

import uuid

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as django_reverse
from django.utils import translation

from feedback import questionnaire_translations as qt
from feedback.models import Answer, QuestionnaireTranslation, Response
from feedback.roles import ensure_feedback_permissions
from feedback.selectors import question_summary, questions_for
from home.translation_files import TranslationFileError
from tests.feedback.conftest import make_conditional_questionnaire, make_consultation

pytestmark = pytest.mark.django_db

POLISH = {
    "Ten minutes.": "Dziesięć minut.",
    "The proposal": "Propozycja",
    "Do you agree with place-based teams?": "Czy zgadzasz się na zespoły działające lokalnie?",
    "Which matter most to you?": "Co jest dla Ciebie najważniejsze?",
    "Waiting times": "Czas oczekiwania",
    "Continuity": "Ciągłość opieki",
    "Travel": "Dojazd",
    # "Rate the current service" and the "Your views" section are left untranslated.
}


def _po(questionnaire, language, translations):
    """The PO file downloaded for a questionnaire, filled in from {English: translation}."""
    po = polib.pofile(qt.po_file_build(questionnaire=questionnaire, language=language))
    for entry in po:
        entry.msgstr = translations.get(entry.msgid, "")
    return str(po).encode()


def _translate(questionnaire, language="pl", translations=POLISH):
    return qt.po_file_import(
        questionnaire=questionnaire,
        language=language,
        content=_po(questionnaire, language, translations),
    )


def _url(language, name, *args):
    with translation.override(language):
        return django_reverse(name, args=args)


def _start(client, consultation, language="pl"):
    client.post(
        _url(language, "feedback:respond", consultation.slug), {"start_key": str(uuid.uuid4())}
    )


def _about_you(client, consultation, number, language="pl"):
    client.post(
        _url(language, "feedback:respond_section", consultation.slug, number),
        {"capacity": "resident", "on_behalf_of_organisation": "no", "consent_to_quote": "yes"},
    )


def _send(client, consultation, language="pl"):
    sent = client.post(_url(language, "feedback:respond_check", consultation.slug), {})
    assert sent.status_code == 302, sent.content.decode()[:400]


def _respond(client, consultation, language, *, matters):
    """A whole response in `language`, choosing `matters` (English values) in section 1."""
    agree, which, _rate, free = questions_for(consultation=consultation)
    _start(client, consultation, language)
    section = lambda n: _url(language, "feedback:respond_section", consultation.slug, n)  # noqa: E731
    client.post(section(1), {f"q_{agree.pk}": "Agree", f"q_{which.pk}": matters})
    client.post(section(2), {f"q_{free.pk}": "Dobrze."})
    _about_you(client, consultation, 3, language)
    _send(client, consultation, language)


def test_a_polish_respondent_reads_the_questions_and_options_in_polish(client, consultation):
    _translate(consultation.questionnaire)
    start = client.get(_url("pl", "feedback:respond", consultation.slug)).content.decode()
    assert "Dziesięć minut." in start
    _start(client, consultation)

    page = client.get(_url("pl", "feedback:respond_section", consultation.slug, 1))

    html = page.content.decode()
    assert "<h1>Propozycja</h1>" in html
    assert "<title>Propozycja" in html
    assert "Czy zgadzasz się na zespoły działające lokalnie?" in html
    assert "Co jest dla Ciebie najważniejsze?" in html
    # The option reads in Polish; the value sent is the English option.
    which = questions_for(consultation=consultation)[1]
    assert f'value="Travel" id="id_q_{which.pk}_2">\n Dojazd</label>' in html
    assert "Travel</label>" not in html


def test_an_untranslated_question_is_shown_in_english_marked_as_english(client, consultation):
    _translate(consultation.questionnaire)
    _start(client, consultation)

    first = client.get(_url("pl", "feedback:respond_section", consultation.slug, 1))
    second = client.get(_url("pl", "feedback:respond_section", consultation.slug, 2))

    assert '<span lang="en-GB" dir="ltr">Rate the current service</span>' in (
        first.content.decode()
    )
    # A whole untranslated section: its title too.
    assert '<h1><span lang="en-GB" dir="ltr">Your views</span></h1>' in second.content.decode()
    # In English nothing is wrapped.
    english = client.get(_url("en", "feedback:respond_section", consultation.slug, 1))
    assert 'lang="en-GB" dir="ltr">Rate' not in english.content.decode()
    assert "Rate the current service" in english.content.decode()


def test_a_changed_english_question_drops_its_old_translation(client, consultation):
    _translate(consultation.questionnaire)
    agree = questions_for(consultation=consultation)[0]
    agree.text = "Do you support place-based teams?"
    agree.save()
    _start(client, consultation)

    html = client.get(_url("pl", "feedback:respond_section", consultation.slug, 1)).content
    html = html.decode()

    assert "Czy zgadzasz się" not in html
    assert '<span lang="en-GB" dir="ltr">Do you support place-based teams?</span>' in html


def test_answers_given_in_polish_are_stored_on_the_english_questions_and_count_with_english(
    client, consultation
):
    _translate(consultation.questionnaire)
    _respond(client, consultation, "pl", matters=["Travel", "Continuity"])
    client.logout()
    client.cookies.clear()
    _respond(client, consultation, "en", matters=["Travel"])

    agree, which, _rate, _free = questions_for(consultation=consultation)
    polish = Response.objects.get(language="pl")
    assert polish.status == Response.Status.SUBMITTED
    # One response, one set of answers, on the source questions, in English.
    assert Answer.objects.get(response=polish, question=which).choices == ["Travel", "Continuity"]
    assert Answer.objects.get(response=polish, question=agree).choices == ["Agree"]
    counts = {row["label"]: row["count"] for row in question_summary(question=which)["options"]}
    assert counts["Travel"] == 2
    assert counts["Continuity"] == 1


def test_the_check_page_shows_the_answers_in_polish(client, consultation):
    _translate(consultation.questionnaire)
    agree, which, _rate, free = questions_for(consultation=consultation)
    _start(client, consultation)
    section = lambda n: _url("pl", "feedback:respond_section", consultation.slug, n)  # noqa: E731
    client.post(section(1), {f"q_{agree.pk}": "Agree", f"q_{which.pk}": ["Travel"]})
    client.post(section(2), {f"q_{free.pk}": "<b>Dobrze</b>"})
    _about_you(client, consultation, 3)

    html = client.get(_url("pl", "feedback:respond_check", consultation.slug)).content.decode()

    assert "<dt>Co jest dla Ciebie najważniejsze?</dt>" in html
    assert "<dd>Dojazd</dd>" in html
    assert "<h2>Propozycja</h2>" in html
    assert "&lt;b&gt;Dobrze&lt;/b&gt;" in html  # what people write is still escaped


def test_the_polish_receipt_names_the_questions_and_options_in_polish(
    client, consultation, django_capture_on_commit_callbacks
):
    from django.core import mail

    _translate(consultation.questionnaire)
    agree, which, _rate, free = questions_for(consultation=consultation)
    _start(client, consultation)
    section = lambda n: _url("pl", "feedback:respond_section", consultation.slug, n)  # noqa: E731
    client.post(section(1), {f"q_{agree.pk}": "Agree", f"q_{which.pk}": ["Travel"]})
    client.post(section(2), {f"q_{free.pk}": "Dobrze"})
    _about_you(client, consultation, 3)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("pl", "feedback:respond_check", consultation.slug),
            {"receipt_email": "reader@example.org"},
        )

    [receipt] = mail.outbox
    html = [content for content, kind in receipt.alternatives if kind == "text/html"][0]
    for part in (receipt.body, html):
        assert "Co jest dla Ciebie najważniejsze?" in part
        assert "Dojazd" in part
        assert "Which matter most" not in part
    # Untranslated: the English question, as written.
    assert "Rate the current service" in receipt.body


def test_a_missing_required_answer_is_named_in_polish(client, consultation):
    _translate(consultation.questionnaire)
    _start(client, consultation)
    page = client.post(_url("pl", "feedback:respond_section", consultation.slug, 1), {})
    assert page.status_code == 400
    assert "Czy zgadzasz się na zespoły działające lokalnie?" in page.content.decode()
    assert "place-based" not in page.content.decode()


@pytest.fixture
def conditional(site_with_home):
    page = make_consultation(site_with_home.root_page, slug="clinic")
    questions = make_conditional_questionnaire(page)
    _translate(
        page.questionnaire,
        translations={
            "Do you use the clinic?": "Czy korzystasz z przychodni?",
            "The clinic": "Przychodnia",
            "How often do you go?": "Jak często tam chodzisz?",
            "Daily": "Codziennie",
            "Weekly": "Co tydzień",
            "Rarely": "Rzadko",
        },
    )
    return page, questions


def test_skip_logic_follows_the_english_answers_behind_the_polish_labels(client, conditional):
    page, q = conditional
    agree = q["agree"]
    _start(client, page)
    section = lambda n: _url("pl", "feedback:respond_section", page.slug, n)  # noqa: E731

    first = client.get(section(1)).content.decode()
    assert "Czy korzystasz z przychodni?" in first
    client.post(section(1), {f"q_{agree.pk}": "Agree", f"q_{q['uses'].pk}": "Yes"})
    clinic = client.get(section(2)).content.decode()
    assert "<h1>Przychodnia</h1>" in clinic
    assert "Codziennie" in clinic and 'value="Daily"' in clinic
    client.post(section(2), {f"q_{q['how_often'].pk}": "Daily"})
    # "Daily" (stored in English) asks the follow-up question on the next page.
    views = client.get(section(3)).content.decode()
    assert "What would make daily visits easier?" in views
    assert Answer.objects.get(question=q["how_often"]).choices == ["Daily"]

    # Saying "No" to the clinic skips its section, in Polish as in English.
    client.post(section(1), {f"q_{agree.pk}": "Agree", f"q_{q['uses'].pk}": "No"})
    skipped = client.get(section(2))
    assert skipped.status_code == 302
    assert skipped["Location"] == section(3)


# --- translators' PO files: checked whole --------------------------------------------------


def _stored(questionnaire):
    return list(
        QuestionnaireTranslation.objects.filter(questionnaire=questionnaire).values_list(
            "language", "strings"
        )
    )


def _refused(questionnaire, content, language="pl"):
    before = _stored(questionnaire)
    with pytest.raises(TranslationFileError) as error:
        qt.po_file_import(questionnaire=questionnaire, language=language, content=content)
    assert _stored(questionnaire) == before  # nothing changed
    return str(error.value)


def test_a_po_file_round_trips_with_what_was_translated_so_far(consultation):
    questionnaire = consultation.questionnaire
    result = _translate(questionnaire)
    assert result.translated == len(POLISH)
    po = polib.pofile(qt.po_file_build(questionnaire=questionnaire, language="pl"))
    assert po.metadata["Language"] == "pl"
    by_id = {entry.msgid: entry.msgstr for entry in po}
    assert by_id["Travel"] == "Dojazd"
    assert by_id["Rate the current service"] == ""
    # Fixed options (agreement, yes/no) are translated with the interface, not here.
    assert "Strongly agree" not in by_id


def test_a_po_file_with_broken_placeholders_is_refused_whole(consultation):
    questionnaire = consultation.questionnaire
    _translate(questionnaire)
    agree = questions_for(consultation=consultation)[0]
    agree.help_text = "Think of %(place)s."
    agree.save()
    content = _po(
        questionnaire, "pl", {**POLISH, "Travel": "Podróż", "Think of %(place)s.": "Pomyśl o {x}."}
    )

    message = _refused(questionnaire, content)

    assert message.startswith("Nothing was imported.")
    assert "“Think of %(place)s.”" in message
    assert "placeholders must be %(place)s (found {x})" in message
    # The good string in the same file was not imported either.
    wording = qt.wording_for(questionnaire=questionnaire, language="pl")
    which = questions_for(consultation=consultation)[1]
    assert wording.plain(qt.question_context(which, "option"), "Travel") == "Dojazd"


def test_a_po_file_with_strings_not_in_the_questionnaire_is_refused(consultation):
    questionnaire = consultation.questionnaire
    po = polib.pofile(_po(questionnaire, "pl", POLISH).decode())
    po.append(polib.POEntry(msgctxt="question 999999 text", msgid="Gone?", msgstr="Nie ma?"))

    message = _refused(questionnaire, str(po).encode())

    assert "(“Gone?”): it is not in this questionnaire any more" in message
    assert _stored(questionnaire) == []


def test_a_po_file_for_another_questionnaire_or_language_is_refused(consultation, site_with_home):
    other = make_consultation(site_with_home.root_page, slug="other")
    from tests.feedback.conftest import make_questionnaire

    other_questionnaire = make_questionnaire(other)
    questionnaire = consultation.questionnaire

    assert "made for another questionnaire" in _refused(
        questionnaire, _po(other_questionnaire, "pl", POLISH)
    )
    assert "for the language “ar”, not “pl”" in _refused(
        questionnaire, _po(questionnaire, "ar", POLISH)
    )
    no_header = polib.pofile(_po(questionnaire, "pl", POLISH).decode())
    del no_header.metadata[qt.QUESTIONNAIRE_ID]
    assert "does not say which questionnaire" in _refused(questionnaire, str(no_header).encode())
    assert "not one of the languages" in _refused(
        questionnaire, _po(questionnaire, "pl", POLISH), language="xx"
    )
    assert "not one of the languages" in _refused(
        questionnaire, _po(questionnaire, "pl", POLISH), language="en"
    )
    assert "not a valid PO file" in _refused(questionnaire, b"hello\nworld")
    assert "not a PO file in UTF-8" in _refused(questionnaire, b"\xff\xfe\x00bad\n")


def test_two_options_translated_alike_are_refused(consultation):
    questionnaire = consultation.questionnaire
    message = _refused(
        questionnaire, _po(questionnaire, "pl", {**POLISH, "Continuity": "Czas oczekiwania"})
    )
    assert "it reads the same as the option “Waiting times”" in message


def test_a_new_file_replaces_the_translation_for_its_language_only(consultation):
    questionnaire = consultation.questionnaire
    _translate(questionnaire)
    _translate(questionnaire, "ar", {"Travel": "السفر"})
    _translate(questionnaire, "pl", {"Travel": "Podróż"})

    stored = dict(_stored(questionnaire))
    assert stored["pl"] == {
        f"question {questions_for(consultation=consultation)[1].pk} option": {"Travel": "Podróż"}
    }
    assert "السفر" in str(stored["ar"])


# --- the admin page ------------------------------------------------------------------------


@pytest.fixture
def editor(client, make_user):
    ensure_feedback_permissions()
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    return client


def test_an_editor_downloads_and_uploads_a_po_file_in_the_admin(editor, consultation):
    questionnaire = consultation.questionnaire
    url = django_reverse("questionnaires:translations", args=[questionnaire.pk])
    # The questionnaire editor leads to its translations.
    edit = editor.get(django_reverse("questionnaires:edit", args=[questionnaire.pk]))
    assert f'href="{url}"' in edit.content.decode()
    page = editor.get(url)
    assert page.status_code == 200
    assert "Polski" in page.content.decode() or "polski" in page.content.decode()
    download = editor.get(
        django_reverse("questionnaires:translation_download", args=[questionnaire.pk, "pl"])
    )
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    po = polib.pofile(download.content.decode())
    for entry in po:
        entry.msgstr = POLISH.get(entry.msgid, "")

    sent = editor.post(
        url,
        {"language": "pl", "file": SimpleUploadedFile("pl.po", str(po).encode())},
        follow=True,
    )

    assert "Imported 7 of" in sent.content.decode()
    assert qt.wording_for(questionnaire=questionnaire, language="pl").strings


def test_a_broken_upload_in_the_admin_shows_why_and_saves_nothing(editor, consultation):
    questionnaire = consultation.questionnaire
    url = django_reverse("questionnaires:translations", args=[questionnaire.pk])

    page = editor.post(
        url,
        {
            "language": "pl",
            "file": SimpleUploadedFile("pl.po", _po(questionnaire, "ar", POLISH)),
        },
    )

    assert page.status_code == 400
    assert "for the language “ar”, not “pl”" in page.content.decode()
    assert _stored(questionnaire) == []
    empty = editor.post(url, {})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    unknown = editor.post(url, {"language": "xx", "file": SimpleUploadedFile("pl.po", b"x\ny")})
    assert unknown.status_code == 400
    assert "Choose one of the languages offered." in unknown.content.decode()
    assert (
        editor.get(
            django_reverse("questionnaires:translation_download", args=[questionnaire.pk, "xx"])
        ).status_code
        == 404
    )
