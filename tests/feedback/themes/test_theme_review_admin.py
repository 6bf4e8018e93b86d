"""From submitted responses to reviewed themes, driven through the admin screens."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from feedback.models import ConsultationAssignment
from feedback.themes.models import AnalysisRun, AnswerAnalysis, AnswerTheme, Theme
from feedback.themes.roles import ensure_theme_permissions
from tests.feedback.themes.examples import PARKING, PHONE, WAITING

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    ensure_theme_permissions()
    return make_user("editor@example.org", group="Consultation editors")


def url(name, *args):
    return reverse(f"themes:{name}", args=args)


def denied(response):
    """Wagtail turns PermissionDenied in admin views into a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_officer_reviews_themes_from_submitted_responses(
    client, editor, consultation, respond, place, django_capture_on_commit_callbacks
):
    responses = [respond(text, locality=place["north"]) for text in PARKING + PHONE + WAITING]
    respond("This should not count, it was withdrawn.", status="withdrawn")
    client.force_login(editor)

    page = client.get(url("index"))
    assert page.status_code == 200
    assert consultation.title in page.text

    # Define a coding-frame theme by hand.
    added = client.post(
        url("add", consultation.pk),
        {"add-name": "Waiting times", "add-keywords": "waiting list, waiting times, waited"},
    )
    waiting = Theme.objects.get(name="Waiting times")
    assert added.status_code == 302 and added["Location"] == url("theme", waiting.pk)

    # Discover themes: batches run as background tasks (immediate in tests).
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url("run", consultation.pk), {"kind": "discovery"})
    assert started.status_code == 302
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.SUCCEEDED and run.started_by == editor
    progress = client.get(url("progress", consultation.pk)).json()
    assert progress == {
        "id": run.pk,
        "status": "succeeded",
        "status_label": "Finished",
        "active": False,
        "batches_done": 1,
        "batches_total": 1,
        "percent": 100,
        "error": "",
    }
    assert waiting.answer_tags.filter(is_rejected=False).count() == 2
    proposals = list(Theme.objects.filter(status=Theme.Status.PROPOSED))
    assert len(proposals) == 2, "expected a parking and a phone proposal"

    overview = client.get(url("consultation", consultation.pk))
    assert overview.status_code == 200
    assert "2 of 14 respondents" in overview.text
    for proposal in proposals:
        assert proposal.name in overview.text

    # Accept the biggest proposal under a better name.
    biggest = max(proposals, key=lambda t: t.proposed_size)
    accepted = client.post(
        url("accept", biggest.pk),
        {
            "prefix": f"accept-{biggest.pk}",
            f"accept-{biggest.pk}-name": "Access and travel",
            f"accept-{biggest.pk}-description": "Getting to the service and getting through.",
        },
    )
    assert accepted.status_code == 302
    biggest.refresh_from_db()
    assert biggest.status == Theme.Status.ACCEPTED and biggest.name == "Access and travel"

    # Drop the other proposals.
    for other in proposals:
        if other.pk != biggest.pk:
            assert client.post(url("drop", other.pk)).status_code == 302
    assert not Theme.objects.filter(status=Theme.Status.PROPOSED).exists()

    # Re-tag one answer: remove waiting, add the accepted theme.
    answer = responses[-1].answers.get()
    detail = client.get(url("answer", answer.pk))
    assert detail.status_code == 200
    assert client.post(url("answer", answer.pk), {"remove": waiting.pk}).status_code == 302
    assert client.post(url("answer", answer.pk), {"theme": biggest.pk}).status_code == 302
    bad = client.post(url("answer", answer.pk), {"theme": "not-a-theme"})
    assert bad.status_code == 400

    # Split the phone answers off by keyword, then rename via the edit form.
    split = client.post(
        url("split", biggest.pk), {"split-name": "Phone line", "split-keywords": "phone"}
    )
    assert split.status_code == 302
    phone = Theme.objects.get(name="Phone line")
    assert client.get(url("theme", phone.pk)).status_code == 200
    client.post(
        url("edit", phone.pk),
        {"edit-name": "Getting through by phone", "edit-keywords": "phone\nphone line"},
    )
    phone.refresh_from_db()
    assert phone.name == "Getting through by phone"

    # A full re-run keeps the person's decisions.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("run", consultation.pk), {"kind": "full"})
    assert AnswerTheme.objects.get(answer=answer, theme=waiting).is_rejected
    assert not AnswerTheme.objects.get(answer=answer, theme=biggest).is_rejected

    final = client.get(url("consultation", consultation.pk))
    assert "Getting through by phone" in final.text
    assert "withdrawn" not in final.text
    logged = set(ModelLogEntry.objects.filter(user=editor).values_list("action", flat=True))
    assert {"themes.accept", "themes.drop", "themes.tag_add", "themes.tag_remove"} <= logged
    assert {"themes.split", "themes.rename", "themes.run", "wagtail.create"} <= logged


def test_analysts_see_only_the_consultations_they_are_assigned_to(client, make_user, consultation):
    ensure_theme_permissions()
    analyst = make_user("analyst@example.org", group="Analysts")
    client.force_login(analyst)
    assert denied(client.get(url("consultation", consultation.pk)))
    assert consultation.title not in client.get(url("index")).text
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    assert client.get(url("consultation", consultation.pk)).status_code == 200
    assert consultation.title in client.get(url("index")).text


def test_people_without_a_review_role_cannot_change_themes(client, make_user, consultation):
    ensure_theme_permissions()
    facilitator = make_user("facilitator@example.org", group="Facilitators")
    client.force_login(facilitator)
    assert denied(client.post(url("run", consultation.pk), {"kind": "full"}))
    assert denied(client.post(url("add", consultation.pk), {"add-name": "X"}))
    assert denied(client.get(url("index")))
    assert AnalysisRun.objects.count() == 0
    assert Theme.objects.count() == 0


def test_bad_theme_input_gets_a_message_and_changes_nothing(client, editor, consultation):
    client.force_login(editor)
    typed = {"add-name": "Kept name", "add-description": "", "add-keywords": ""}
    response = client.post(url("add", consultation.pk), typed)
    # The form comes back as typed, with the reason next to it.
    assert response.status_code == 200
    form = response.context["add_form"]
    assert form.non_field_errors() == [
        "Give some keywords or a description so answers can be matched."
    ]
    assert 'role="alert"' in response.text and "keywords or a description" in response.text
    assert 'value="Kept name"' in response.text
    assert Theme.objects.count() == 0


def test_a_refused_new_theme_keeps_what_was_typed_and_says_which_field_is_wrong(
    client, editor, consultation
):
    Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    client.force_login(editor)
    typed = {"add-name": "", "add-description": "Typed description", "add-keywords": "bus\ntrain"}
    response = client.post(url("add", consultation.pk), typed)
    assert response.status_code == 200
    assert response.context["add_form"].errors["name"] == ["This field is required."]
    assert "Typed description" in response.text and "bus\ntrain" in response.text
    assert 'aria-invalid="true"' in response.text
    clash = client.post(url("add", consultation.pk), {**typed, "add-name": "parking"})
    assert clash.status_code == 200
    # The message names the theme that has the name, as it is written.
    assert "already has a theme called “Parking”" in clash.text
    assert 'value="parking"' in clash.text and "Typed description" in clash.text
    assert list(Theme.objects.values_list("name", flat=True)) == ["Parking"]


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(client, editor, consultation):
    parking = Theme.objects.create(
        consultation=consultation,
        name="Parking",
        keywords=["parking"],
        status=Theme.Status.ACCEPTED,
    )
    Theme.objects.create(consultation=consultation, name="Phones", keywords=["phone"])
    client.force_login(editor)
    typed = {"edit-name": "", "edit-description": "Typed description", "edit-keywords": "car park"}
    page = client.post(url("edit", parking.pk), typed)
    assert page.status_code == 200
    assert page.context["edit_form"].errors["name"] == ["This field is required."]
    assert "Typed description" in page.text and "car park" in page.text
    clash = client.post(url("edit", parking.pk), {**typed, "edit-name": "PHONES"})
    assert clash.status_code == 200
    assert "already has a theme called “Phones”" in clash.text
    assert 'value="PHONES"' in clash.text and "Typed description" in clash.text
    emptied = client.post(url("edit", parking.pk), {"edit-name": "Parking"})
    assert emptied.status_code == 200
    assert "keywords or a description" in emptied.text
    parking.refresh_from_db()
    assert (parking.name, parking.description, parking.keywords) == ("Parking", "", ["parking"])
    assert not ModelLogEntry.objects.filter(action__in=["wagtail.edit", "themes.rename"]).exists()


def test_theme_and_answer_pages_show_what_is_reviewed_as_their_visible_title(
    client, editor, consultation, respond
):
    response = respond("Parking at the clinic is impossible.")
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    answer = response.answers.get()
    AnswerAnalysis.objects.create(
        answer=answer, consultation=consultation, response=response, sentiment="negative"
    )
    AnswerTheme.objects.create(answer=answer, response=response, theme=theme)
    client.force_login(editor)
    pages = {
        url("consultation", consultation.pk): consultation.title,
        url("theme", theme.pk): "Parking",
        url("answer", answer.pk): f"Themes of answer {response.reference}",
    }
    for address, title in pages.items():
        crumbs = client.get(address).context["breadcrumbs_items"]
        # The last crumb is the visible title; it is the page itself, so not a link.
        assert crumbs[-1] == {"url": "", "label": title}


def test_themes_index_counts_each_consultation_without_a_query_per_row(
    client, editor, consultation
):
    from tests.feedback.conftest import make_consultation

    Theme.objects.create(consultation=consultation, name="Parking", status=Theme.Status.ACCEPTED)
    Theme.objects.create(consultation=consultation, name="Phones", status=Theme.Status.PROPOSED)
    Theme.objects.create(consultation=consultation, name="Buses", status=Theme.Status.PROPOSED)
    run = AnalysisRun.objects.create(consultation=consultation)
    client.force_login(editor)
    client.get(url("index"))  # warm caches (site, permissions) so only the listing is measured
    with CaptureQueriesContext(connection) as one:
        first = client.get(url("index"))
    home = consultation.get_parent().get_parent()
    for number in range(5):
        make_consultation(home, slug=f"more-{number}", title=f"More {number}")
    with CaptureQueriesContext(connection) as six:
        page = client.get(url("index"))
    assert len(six) == len(one)
    row = next(r for r in page.context["rows"] if r["consultation"].pk == consultation.pk)
    assert (row["themes"], row["proposals"], row["run"]) == (1, 2, run)
    assert len(first.context["rows"]) == 1


def test_removing_a_theme_that_is_not_a_number_is_not_found_not_a_server_error(
    client, editor, consultation, respond
):
    answer = respond("Parking at the clinic is impossible.").answers.get()
    client.force_login(editor)
    assert client.post(url("answer", answer.pk), {"remove": "not-a-number"}).status_code == 404


def test_a_split_without_a_name_says_which_field_is_missing(client, editor, consultation):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    client.force_login(editor)
    page = client.post(url("split", theme.pk), {"split-keywords": "car park"}, follow=True)
    assert [str(m) for m in page.context["messages"]] == [
        "Name of the new theme: This field is required."
    ]


def test_only_analysed_answers_of_submitted_responses_can_be_retagged(
    client, editor, consultation, respond
):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    analysed = respond("Parking at the clinic is impossible.")
    AnswerAnalysis.objects.create(
        answer=analysed.answers.get(), consultation=consultation, response=analysed
    )
    draft = respond("Parking is hard, I have not finished.", status="draft")
    AnswerAnalysis.objects.create(
        answer=draft.answers.get(), consultation=consultation, response=draft
    )
    unanalysed = respond("The car park is always full.")
    client.force_login(editor)

    for response in (draft, unanalysed):
        answer = response.answers.get()
        assert client.get(url("answer", answer.pk)).status_code == 404
        assert client.post(url("answer", answer.pk), {"theme": theme.pk}).status_code == 404
        assert client.post(url("answer", answer.pk), {"remove": theme.pk}).status_code == 404
    assert not AnswerTheme.objects.exists()

    answer = analysed.answers.get()
    assert client.post(url("answer", answer.pk), {"theme": theme.pk}).status_code == 302
    assert AnswerTheme.objects.get(answer=answer, theme=theme).source == "manual"


def test_the_services_refuse_to_retag_a_draft_or_unanalysed_answer(editor, consultation, respond):
    from django.core.exceptions import ValidationError

    from feedback.themes import services

    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    draft = respond("Parking is hard.", status="draft")
    AnswerAnalysis.objects.create(
        answer=draft.answers.get(), consultation=consultation, response=draft
    )
    unanalysed = respond("The car park is always full.")
    for response in (draft, unanalysed):
        for change in (services.answer_theme_add, services.answer_theme_remove):
            with pytest.raises(ValidationError, match="analysed answers of submitted"):
                change(answer=response.answers.get(), theme=theme, user=editor)
    assert not AnswerTheme.objects.exists()


def test_the_theme_page_lists_only_reviewable_answers_and_does_not_crash_on_unanalysed_ones(
    client, editor, consultation, respond
):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    analysed = respond("Parking at the clinic is impossible.")
    AnswerAnalysis.objects.create(
        answer=analysed.answers.get(),
        consultation=consultation,
        response=analysed,
        redacted_text="Parking at the clinic is impossible.",
    )
    unanalysed = respond("The car park is always full.")
    draft = respond("Parking is hard, I have not finished.", status="draft")
    for response in (analysed, unanalysed, draft):
        AnswerTheme.objects.create(answer=response.answers.get(), response=response, theme=theme)
    client.force_login(editor)

    page = client.get(url("theme", theme.pk))

    assert page.status_code == 200
    assert [tag.answer_id for tag in page.context["tags"]] == [analysed.answers.get().pk]
    assert unanalysed.reference not in page.text and draft.reference not in page.text


def test_a_dropped_theme_cannot_be_merged_into_another(client, editor, consultation, respond):
    response = respond("Parking at the clinic is impossible.")
    answer = response.answers.get()
    AnswerAnalysis.objects.create(answer=answer, consultation=consultation, response=response)
    dropped = Theme.objects.create(
        consultation=consultation, name="Car parks", keywords=["car park"], status="dropped"
    )
    AnswerTheme.objects.create(answer=answer, response=response, theme=dropped, source="manual")
    parking = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    client.force_login(editor)

    # The form offers no merge for a dropped theme; a crafted POST is refused with a reason.
    assert "merge_form" in client.get(url("theme", dropped.pk)).context
    page = client.post(url("merge", dropped.pk), {"merge-into": parking.pk}, follow=True)

    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == [
        "A dropped theme cannot be merged (“Car parks”): dropping it said it is not a theme."
    ]
    assert Theme.objects.filter(pk=dropped.pk, status="dropped").exists()
    parking.refresh_from_db()
    assert parking.keywords == ["parking"] and not parking.answer_tags.exists()


def test_the_merge_service_refuses_a_dropped_source_or_target(editor, consultation):
    from django.core.exceptions import ValidationError

    from feedback.themes import services

    dropped = Theme.objects.create(consultation=consultation, name="Car parks", status="dropped")
    parking = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    with pytest.raises(ValidationError, match="dropped theme cannot be merged"):
        services.theme_merge(themes=[dropped], into=parking, user=editor)
    with pytest.raises(ValidationError, match="dropped theme cannot be merged"):
        services.theme_merge(themes=[parking], into=dropped, user=editor)
    assert Theme.objects.count() == 2


@pytest.fixture
def analysed(consultation, respond, editor):
    """Parking and phone answers analysed with a "Parking" coding-frame theme."""
    from feedback.themes import runs, services

    for text in PARKING + PHONE:
        respond(text)
    parking = services.theme_create(
        consultation=consultation, name="Parking", keywords=["parking"], user=editor
    )
    run = runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    return parking, run


def test_editing_a_theme_previews_who_would_join_or_leave_before_saving(client, editor, analysed):
    parking, _run = analysed
    before = parking.answer_tags.count()
    client.force_login(editor)
    page = client.post(
        url("preview", parking.pk),
        {"edit-name": "Parking", "edit-keywords": "charges\nphone line"},
    )
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview["answers_now"] == before
    # "phone line" brings in phone answers.
    assert preview["joining"] >= 1 and preview["joining_examples"]
    assert "would join the theme" in page.text
    assert 'id="edit-preview" role="status"' in page.text
    parking.refresh_from_db()
    assert parking.keywords == ["parking"] and parking.answer_tags.count() == before
    assert not ModelLogEntry.objects.filter(action__in=["wagtail.edit", "themes.rename"]).exists()

    # Saving that definition and re-running does exactly what the preview said.
    from feedback.themes import runs
    from feedback.themes.models import ThemeChange

    client.post(
        url("edit", parking.pk), {"edit-name": "Parking", "edit-keywords": "charges\nphone line"}
    )
    rerun = runs.analysis_run_sync(consultation=parking.consultation, kind=AnalysisRun.Kind.FULL)
    change = ThemeChange.objects.get(run=rerun, theme=parking)
    assert (change.answers_joined, change.answers_left) == (preview["joining"], preview["leaving"])
    assert change.respondents_after == preview["respondents_after"]


def test_previewing_an_empty_definition_of_a_coding_frame_theme_says_it_cannot_be_saved(
    client, editor, analysed
):
    parking, _run = analysed
    client.force_login(editor)
    page = client.post(url("preview", parking.pk), {"edit-name": "Parking", "edit-keywords": ""})
    assert page.status_code == 200
    # Saving it would be refused, so the preview does not describe what saving would do.
    assert page.context["preview"] is None
    assert "Give some keywords or a description so answers can be matched." in page.text
    assert "If you save this definition" not in page.text


def test_the_run_page_shows_what_each_theme_gained_or_lost_and_why(client, editor, analysed):
    parking, first = analysed
    client.force_login(editor)
    page = client.get(url("run_detail", first.pk))
    assert page.status_code == 200
    (change,) = page.context["changes"]
    assert (change.theme_name, change.respondents_before, change.respondents_after) == (
        "Parking",
        0,
        6,
    )
    assert "First run with this theme in the coding frame." in page.text
    assert (
        url("run_detail", first.pk) in client.get(url("consultation", parking.consultation_id)).text
    )


def test_least_sure_tags_come_first_and_confirming_one_is_counted_as_agreement(
    client, editor, analysed
):
    parking, _run = analysed
    client.force_login(editor)
    page = client.get(url("theme", parking.pk))
    shown = page.context["least_sure"]
    assert [t.confidence for t in shown] == sorted(t.confidence for t in shown)
    assert len(shown) == 6
    tag = shown[0]
    back = client.post(
        url("answer", tag.answer_id), {"confirm": parking.pk, "next_theme": parking.pk}
    )
    assert back["Location"] == url("theme", parking.pk) + "#least-sure"
    tag.refresh_from_db()
    assert tag.source == AnswerTheme.Source.MANUAL and tag.model_tagged is True
    assert ModelLogEntry.objects.filter(action="themes.tag_confirm", user=editor).count() == 1
    overview = client.get(url("consultation", parking.consultation_id))
    assert "Automatic tags agreed with analysts on 1 of 1 answers they reviewed" in overview.text
    assert tag.pk not in [t.pk for t in client.get(url("theme", parking.pk)).context["least_sure"]]


def test_theme_set_checks_warn_in_the_admin(client, editor, analysed):
    parking, _run = analysed
    client.force_login(editor)
    page = client.get(url("consultation", parking.consultation_id))
    # 6 of 12 respondents: not over half; a theme with no one is under 1%.
    assert page.context["checks"] == []
    Theme.objects.create(consultation=parking.consultation, name="Nobody", keywords=["zzz"])
    page = client.get(url("consultation", parking.consultation_id))
    assert [c["code"] for c in page.context["checks"]] == ["too_small"]
    assert "“Nobody” holds under 1% of respondents." in page.text

    # Several small themes are one warning naming them all, not a line each.
    Theme.objects.create(consultation=parking.consultation, name="No one", keywords=["yyy"])
    page = client.get(url("consultation", parking.consultation_id))
    assert [(c["code"], c["themes"]) for c in page.context["checks"]] == [
        ("too_small", ["No one", "Nobody"])
    ]
    assert "2 themes hold under 1% of respondents each: “No one”, “Nobody”." in page.text


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content.encode("utf-8"))


def test_an_existing_coding_frame_is_imported_from_csv_or_json(client, editor, consultation):
    client.force_login(editor)
    csv_frame = (
        "name,description,keywords,parent\n"
        "Access,Getting to the service.,bus; parking,\n"
        "Parking,Car parks and charges.,car park; parking charges,Access\n"
        # Keywords are split as on the command line (coding.split_keywords): ; | , and lines.
        'Phone line,Getting through.,"engaged | on hold, voicemail",\n'
    )
    response = client.post(
        url("import", consultation.pk), {"frame-file": upload("f.csv", csv_frame)}
    )
    assert response.status_code == 302
    parking = Theme.objects.get(consultation=consultation, name="Parking")
    assert parking.keywords == ["car park", "parking charges"]
    assert parking.parent.name == "Access" and parking.status == Theme.Status.ACCEPTED
    phone_line = Theme.objects.get(consultation=consultation, name="Phone line")
    assert phone_line.keywords == ["engaged", "on hold", "voicemail"]
    json_frame = '{"themes": [{"name": "Phones", "keywords": ["phone line"]}]}'
    client.post(url("import", consultation.pk), {"frame-file": upload("f.json", json_frame)})
    assert Theme.objects.filter(consultation=consultation, name="Phones").exists()
    assert ModelLogEntry.objects.filter(action="themes.import", user=editor).count() == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,keywords\nWaiting,wait\nwaiting,queue\n",
            "“waiting” appears twice (themes 1 and 2).",
        ),
        (
            '{"themes": [{"name": "Waiting", "keywords": ["wait"]}, {"name": "Empty"}]}',
            "“Empty” is empty: give it a description or keywords.",
        ),
        ("description,keywords\nNo names,x\n", "needs a header row with a “name” column"),
        ('{"themes": [', "The JSON cannot be read"),
        ("[" * 100_000 + "]" * 100_000, "The JSON cannot be read"),
        (
            '{"themes": [{"name": "' + "L" * 300 + '", "keywords": ["x"]}]}',
            "is longer than 110 characters",
        ),
        ('{"themes": [{"name": {"x": 1}, "keywords": ["q"]}]}', "Theme names must be text."),
        (
            '{"themes": [{"name": "Weird", "keywords": ["ok", {"a": 1}, null]}]}',
            "Keywords must be a list or text.",
        ),
    ],
)
def test_a_bad_coding_frame_gets_a_clear_message_and_nothing_is_imported(
    client, editor, consultation, content, message
):
    client.force_login(editor)
    name = "frame.json" if content.startswith("{") else "frame.csv"
    page = client.post(
        url("import", consultation.pk), {"frame-file": upload(name, content)}, follow=True
    )
    assert message in page.text
    assert not Theme.objects.filter(consultation=consultation).exists()
    assert not ModelLogEntry.objects.filter(action="themes.import").exists()


def test_accepting_a_proposal_without_a_definition_is_refused_with_a_message(
    client, editor, consultation
):
    proposal = Theme.objects.create(
        consultation=consultation,
        name="Staff / person",
        status=Theme.Status.PROPOSED,
        key_phrases=["staff", "person"],
    )
    client.force_login(editor)
    page = client.post(url("accept", proposal.pk), {"accept-name": "Staffing"}, follow=True)
    assert "Describe the theme in one sentence" in page.text
    proposal.refresh_from_db()
    assert proposal.status == Theme.Status.PROPOSED and proposal.name == "Staff / person"


def test_merging_a_theme_into_itself_is_refused_with_a_message(client, editor, consultation):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    client.force_login(editor)
    other = Theme.objects.create(consultation=consultation, name="Phones", keywords=["phone"])
    # The form does not offer the theme itself; a crafted POST is refused, saying why.
    offered = client.get(url("theme", theme.pk)).context["merge_form"]["into"]
    assert f'value="{other.pk}"' in str(offered) and f'value="{theme.pk}"' not in str(offered)
    page = client.post(url("merge", theme.pk), {"merge-into": theme.pk})
    assert page.status_code == 200
    assert page.context["merge_form"].errors["into"] == ["A theme cannot be merged into itself."]
    assert "A theme cannot be merged into itself." in page.text
    assert Theme.objects.filter(pk=theme.pk, keywords=["parking"]).exists()
    assert not ModelLogEntry.objects.filter(action="themes.merge").exists()
    # No theme chosen is a different problem, with its own message.
    page = client.post(url("merge", theme.pk), {"merge-into": ""})
    assert page.context["merge_form"].errors["into"] == ["Choose the theme to merge into."]


def test_a_merge_says_the_next_run_re_checks_the_moved_tags(client, editor, analysed):
    from django.contrib.messages import get_messages

    from feedback.themes import services

    parking, _run = analysed
    phones = services.theme_create(
        consultation=parking.consultation, name="Phones", keywords=["phone line"], user=editor
    )
    client.force_login(editor)
    done = client.post(url("merge", phones.pk), {"merge-into": parking.pk})
    assert done["Location"] == url("theme", parking.pk)
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Merged “Phones” into “Parking”. Automatic tags were moved; the next analysis run "
        "re-checks them against “Parking”'s definition."
    ]


def test_each_response_reference_on_a_theme_page_opens_that_response(
    client, editor, analysed, make_user
):
    parking, _run = analysed
    client.force_login(editor)
    page = client.get(url("theme", parking.pk))
    tags = page.context["tags"]
    assert tags and page.context["least_sure"]
    for tag in tags:
        reference = tag.answer.response.reference
        link = reverse("responses:inspect", args=[tag.answer.response_id])
        link += f"?consultation={parking.consultation_id}"
        kept_whole = f'<span class="reference-number">{reference}</span>'
        assert f'<a href="{link}">{kept_whole}</a>' in page.text

    # The link opens the response, whose previous/next links walk this consultation's list.
    opened = client.get(tags[0].response_url)
    assert opened.status_code == 200
    assert tags[0].answer.response.reference in opened.text
    neighbours = [opened.context["previous_response"], opened.context["next_response"]]
    assert any(neighbours)
    for neighbour in filter(None, neighbours):
        assert neighbour["url"].endswith(f"?consultation={parking.consultation_id}")

    # Someone who reviews themes but may not open responses sees the reference, not a link.
    from django.contrib.auth.models import Permission

    reviewer = make_user("reviewer@example.org")
    reviewer.is_staff = True
    reviewer.save()
    reviewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="themes")
        | Permission.objects.filter(codename="access_admin")
    )
    ConsultationAssignment.objects.create(consultation=parking.consultation, user=reviewer)
    client.force_login(reviewer)
    page = client.get(url("theme", parking.pk))
    assert page.status_code == 200
    assert tags[0].answer.response.reference in page.text
    assert reverse("responses:inspect", args=[tags[0].answer.response_id]) not in page.text


def test_the_preview_of_a_rename_and_new_definition_is_what_the_re_run_does(
    client, editor, analysed
):
    from feedback.themes import runs
    from feedback.themes.models import ThemeChange

    parking, _run = analysed
    # The analysis reads a theme's name with its definition: the new name must be previewed.
    typed = {
        "edit-name": "Getting through on the phone",
        "edit-description": "Calls that nobody answers.",
        "edit-keywords": "",
    }
    client.force_login(editor)
    preview = client.post(url("preview", parking.pk), typed).context["preview"]
    under_old_name = runs.theme_definition_preview(
        theme=parking, description=typed["edit-description"], keywords=""
    )
    assert preview != under_old_name, "the example must depend on the name"

    client.post(url("edit", parking.pk), typed)
    rerun = runs.analysis_run_sync(consultation=parking.consultation, kind=AnalysisRun.Kind.FULL)
    change = ThemeChange.objects.get(run=rerun, theme=parking)
    assert (change.answers_joined, change.answers_left) == (preview["joining"], preview["leaving"])
    assert change.respondents_after == preview["respondents_after"]
    assert parking.answer_tags.filter(is_rejected=False).count() == preview["answers_after"]


def test_a_preview_under_a_name_another_theme_has_is_refused(client, editor, analysed):
    parking, _run = analysed
    Theme.objects.create(consultation=parking.consultation, name="Phones", keywords=["phone"])
    client.force_login(editor)
    page = client.post(url("preview", parking.pk), {"edit-name": "phones", "edit-keywords": "x"})
    assert page.status_code == 200 and page.context["preview"] is None
    assert "already has a theme called “Phones”" in page.text


def test_automatic_tags_are_confirmed_from_the_theme_s_answers_and_the_answer_page(
    client, editor, analysed
):
    parking, _run = analysed
    client.force_login(editor)
    page = client.get(url("theme", parking.pk))
    tags = page.context["tags"]
    first, second = tags[0], tags[1]
    assert {t.source for t in tags} == {AnswerTheme.Source.AUTOMATIC}
    # One Confirm in the answers table for each automatic tag, named by its response.
    assert page.text.count('name="next_section" value="answers"') == len(tags)
    assert f"Confirm for {first.answer.response.reference}" in page.text
    back = client.post(
        url("answer", first.answer_id),
        {"confirm": parking.pk, "next_theme": parking.pk, "next_section": "answers"},
    )
    assert back["Location"] == url("theme", parking.pk) + "#answers"
    first.refresh_from_db()
    assert first.source == AnswerTheme.Source.MANUAL and first.model_tagged is True
    page = client.get(url("theme", parking.pk))
    assert page.text.count('name="next_section" value="answers"') == len(tags) - 1

    # On the answer's own page, the Confirm button names the theme and the response.
    answer_page = client.get(url("answer", second.answer_id))
    label = f"Confirm “Parking” for {second.answer.response.reference}"
    assert label in answer_page.text
    client.post(url("answer", second.answer_id), {"confirm": parking.pk})
    second.refresh_from_db()
    assert second.source == AnswerTheme.Source.MANUAL and second.model_tagged is True
    assert label not in client.get(url("answer", second.answer_id)).text
    assert ModelLogEntry.objects.filter(action="themes.tag_confirm", user=editor).count() == 2


def test_analysts_can_list_only_the_answers_with_specific_evidence(
    client, editor, consultation, respond
):
    from feedback.themes import runs, services

    plain = respond("Parking at the clinic is impossible and the car park is always full.")
    rich = respond("I waited 45 minutes for a parking space in the car park last week.")
    parking = services.theme_create(
        consultation=consultation, name="Parking", keywords=["parking", "car park"], user=editor
    )
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    client.force_login(editor)
    page = client.get(url("theme", parking.pk))
    assert {t.answer.response_id for t in page.context["tags"]} == {plain.pk, rich.pk}
    assert '<label for="evidence-only">' in page.text and 'name="evidence"' in page.text
    # Evidence kinds read as words, in the admin's language.
    assert "Numbers, Lived experience, Example" in page.text

    only = client.get(url("theme", parking.pk), {"evidence": "1"})
    assert [t.answer.response_id for t in only.context["tags"]] == [rich.pk]
    assert 'id="evidence-only" name="evidence" value="1" checked' in only.text

    # The response list has the same filter.
    listing = client.get(reverse("responses:index"), {"evidence_rich": "true"}).text
    assert rich.reference in listing and plain.reference not in listing
    listing = client.get(reverse("responses:index"), {"evidence_rich": "false"}).text
    assert plain.reference in listing and rich.reference not in listing


def test_theme_pages_show_the_stance_split_with_small_groups_hidden(
    client, editor, consultation, respond, about_a_proposal
):
    from feedback.themes import runs, services
    from tests.feedback.themes.examples import WAITING_OPPOSE, WAITING_SUPPORT

    for text in WAITING_SUPPORT + WAITING_OPPOSE:
        respond(text)
    respond("I agree in principle but worry the wait will grow.")
    respond("I support it, though the waiting area must be bigger.")
    respond("The wait was long.")
    respond("Waiting lists are long everywhere.")
    waiting = services.theme_create(
        consultation=consultation, name="Waiting", keywords=["wait", "waiting"], user=editor
    )
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    client.force_login(editor)
    caption = "Stance towards the proposal: respondents raising “Waiting”"
    for page in (
        client.get(url("consultation", consultation.pk)),
        client.get(url("theme", waiting.pk)),
    ):
        assert f"<caption>{caption}</caption>" in page.text
        assert '<th scope="row">Support</th><td>6</td>' in page.text
        assert '<th scope="row">Oppose</th><td>5</td>' in page.text
        # Two mixed respondents and two with no stance: under 5, so neither is shown.
        assert '<th scope="row">Mixed</th><td>fewer than 5</td>' in page.text
        assert '<th scope="row">No stance stated</th><td>fewer than 5</td>' in page.text


def test_theme_pages_show_no_stance_without_a_question_about_a_proposal(client, editor, analysed):
    parking, _run = analysed
    client.force_login(editor)
    for page in (
        client.get(url("consultation", parking.consultation_id)),
        client.get(url("theme", parking.pk)),
    ):
        assert "Stance towards the proposal" not in page.text


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999"])
def test_confirming_or_removing_a_theme_whose_id_is_not_an_id_is_not_found(
    client, editor, consultation, respond, value
):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    response = respond("Parking at the clinic is impossible.")
    answer = response.answers.get()
    AnswerAnalysis.objects.create(answer=answer, consultation=consultation, response=response)
    client.force_login(editor)
    assert client.post(url("answer", answer.pk), {"confirm": value}).status_code == 404
    assert client.post(url("answer", answer.pk), {"remove": value}).status_code == 404
    assert not AnswerTheme.objects.exists()
    # A "back to the theme" value that is not an id leads back to the answer instead.
    added = client.post(url("answer", answer.pk), {"theme": theme.pk, "next_theme": value})
    assert added.status_code == 302 and added["Location"] == url("answer", answer.pk)


def test_an_imported_frame_is_saved_without_control_characters(client, editor, consultation):
    client.force_login(editor)
    frame = (
        '{"themes": [{"name": "Bell\\u0007 and NUL\\u0000", "description": "Esc\\u001b[31m", '
        '"keywords": ["car\\u0000park"]}]}'
    )
    page = client.post(
        url("import", consultation.pk), {"frame-file": upload("f.json", frame)}, follow=True
    )
    theme = Theme.objects.get(consultation=consultation)
    assert (theme.name, theme.description, theme.keywords) == (
        "Bell and NUL",
        "Esc[31m",
        ["carpark"],
    )
    assert [str(m) for m in page.context["messages"]] == [
        "1 theme added to the coding frame. Run the analysis to apply it."
    ]


def test_an_edit_refused_for_its_parent_says_so_and_not_to_check_the_name(
    client, editor, consultation
):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    gone = Theme.objects.create(consultation=consultation, name="Access", keywords=["bus"])
    gone_pk = gone.pk
    gone.delete()  # merged or deleted in another tab since the form was opened
    client.force_login(editor)
    page = client.post(
        url("edit", theme.pk),
        {"edit-name": "Car parks", "edit-keywords": "parking", "edit-parent": gone_pk},
        follow=True,
    )
    assert [str(m) for m in page.context["messages"]] == [
        "The theme was not changed. Part of a broader theme: Select a valid choice. "
        "That choice is not one of the available choices."
    ]
    assert Theme.objects.get(pk=theme.pk).name == "Parking"


def test_starting_a_run_of_one_batch_says_one_batch(client, editor, consultation, respond):
    for text in PARKING[:2]:
        respond(text)
    client.force_login(editor)
    page = client.post(url("run", consultation.pk), {"kind": "full"})
    page = client.get(page["Location"])
    assert "Analysis started: 2 answers in 1 batch." in [str(m) for m in page.context["messages"]]


def test_an_answer_page_shows_the_confidence_the_theme_page_shows_and_can_confirm_a_tag(
    client, editor, consultation, respond
):
    parking = Theme.objects.create(consultation=consultation, name="Parking", keywords=["car"])
    phones = Theme.objects.create(consultation=consultation, name="Phones", keywords=["phone"])
    response = respond("Parking at the clinic is impossible and nobody answers the phone.")
    answer = response.answers.get()
    AnswerAnalysis.objects.create(answer=answer, consultation=consultation, response=response)
    AnswerTheme.objects.create(
        answer=answer, theme=parking, response=response, score=0.5, confidence=0.33
    )
    AnswerTheme.objects.create(
        answer=answer, theme=phones, response=response, source=AnswerTheme.Source.MANUAL
    )
    client.force_login(editor)
    page = client.get(url("answer", answer.pk))
    assert "(analysis, confidence 33%)" in page.text
    # An automatic tag can be confirmed here as on the theme page; a person's tag cannot.
    assert f'name="confirm" value="{parking.pk}"' in page.text
    assert f'name="confirm" value="{phones.pk}"' not in page.text
    client.post(url("answer", answer.pk), {"confirm": parking.pk})
    assert AnswerTheme.objects.get(theme=parking).source == AnswerTheme.Source.MANUAL
    text = " ".join(client.get(url("answer", answer.pk)).text.split())
    assert "Parking</a> (confirmed by a person)" in text
    assert "Phones</a> (added by a person)" in text


def test_a_name_already_used_in_other_letters_is_refused_naming_the_theme_that_has_it(
    client, editor, consultation
):
    Theme.objects.create(consultation=consultation, name="Car parks", keywords=["parking"])
    client.force_login(editor)
    page = client.post(url("add", consultation.pk), {"add-name": "CAR PARKS", "add-keywords": "x"})
    assert [str(m) for m in page.context["messages"]] == [
        "The theme was not added. This consultation already has a theme called “Car parks”."
    ]
    assert Theme.objects.count() == 1


def test_splitting_off_one_answer_says_one_answer(client, editor, consultation, respond):
    theme = Theme.objects.create(consultation=consultation, name="Parking", keywords=["parking"])
    response = respond("Parking at the clinic is impossible.")
    answer = response.answers.get()
    AnswerAnalysis.objects.create(
        answer=answer,
        consultation=consultation,
        response=response,
        redacted_text="Parking at the clinic is impossible.",
    )
    AnswerTheme.objects.create(answer=answer, theme=theme, response=response, score=0.5)
    client.force_login(editor)
    page = client.post(
        url("split", theme.pk), {"split-name": "Clinic parking", "split-answers": [answer.pk]}
    )
    page = client.get(page["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "New theme “Clinic parking” with 1 answer."
    ]


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u2060\ufeff", "\u202e"])
def test_a_theme_name_with_nothing_visible_is_refused(client, editor, consultation, name):
    client.force_login(editor)
    page = client.post(url("add", consultation.pk), {"add-name": name, "add-keywords": "bus"})
    assert [str(m) for m in page.context["messages"]] == [
        "The theme was not added. Give the theme a name."
    ]
    frame = json.dumps({"themes": [{"name": name, "keywords": ["bus"]}]})
    page = client.post(
        url("import", consultation.pk), {"frame-file": upload("f.json", frame)}, follow=True
    )
    assert "Nothing was imported. Theme 1 has no name." in page.text
    assert not Theme.objects.exists()


def test_a_run_with_no_answers_to_analyse_says_so(client, editor, consultation):
    client.force_login(editor)
    page = client.get(client.post(url("run", consultation.pk), {"kind": "full"})["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "There are no written answers to analyse yet."
    ]


def test_a_new_answers_run_with_nothing_new_says_so(client, editor, analysed):
    parking, _run = analysed
    client.force_login(editor)
    page = client.post(url("run", parking.consultation_id), {"kind": "incremental"})
    page = client.get(page["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Every answer has been analysed already: there is nothing new to analyse."
    ]
