"""Who may reach what: every view that reads or changes data, for every role, in one test.

Each case is a URL (and method) with the roles allowed. "Allowed" means the view answered (2xx,
400 for a form with errors, or a redirect that is not to the sign-in page or away from the
admin); "refused" means a redirect to sign in, 403, 404, 405 or 410. Analysts and facilitators
are checked against objects they are, and are not, assigned to; members against their own and
someone else's records.

The URL resolver is the list of views: `test_every_view_is_in_the_matrix` fails when a view of
ours (a URL of engage, home, consultations, feedback or network, or of one of their Wagtail
viewsets) has no case here and is not in NOT_DATA. Add a case with every new view.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from api import services as api_services
from consultations.models import Registration
from consultations.permissions import grant_page_permissions
from engage import audit, roles
from feedback.models import Answer, Question, Response, SafeguardingAlert
from feedback.reports.models import ReportVersion
from feedback.reports.services import report_create
from feedback.themes.models import AnalysisRun, AnswerAnalysis, Theme
from network import services as network_services
from network.models import (
    ExpenseType,
    ExpressionOfInterest,
    MemberProfile,
    OpportunityIndexPage,
    OpportunityPage,
)
from network.permissions import grant_involvement_team_permissions
from tests.consultations import builders
from tests.feedback.conftest import make_questionnaire

ANONYMOUS = "anonymous"
MEMBER = "member"
FACILITATOR = "facilitator"
ANALYST = "analyst"
EDITOR = "editor"
SAFEGUARDING = "safeguarding lead"
INVOLVEMENT = "involvement team"
ADMIN = "admin"
ROLES = [ANONYMOUS, MEMBER, FACILITATOR, ANALYST, EDITOR, SAFEGUARDING, INVOLVEMENT, ADMIN]
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
NOBODY = frozenset()
GROUPS = {
    FACILITATOR: roles.FACILITATORS,
    ANALYST: roles.ANALYSTS,
    EDITOR: roles.CONSULTATION_EDITORS,
    SAFEGUARDING: roles.SAFEGUARDING_LEADS,
    INVOLVEMENT: roles.INVOLVEMENT_TEAM,
}
PROJECT_APPS = ("engage", "home", "consultations", "feedback", "network", "privacy", "api")
# Views of ours that read and change no records; everything else must have a case.
NOT_DATA = {
    "healthz": "health check: answers ok/failed, reads no records",
    "engage.views.sign_in_redirect": "redirects every sign-in form to allauth's; takes no data",
    "engage.views.password_reset_redirect": "redirects Wagtail's password reset to allauth's",
    "api:not-found": "any other address under /api/v1/: a JSON 404, reads no records",
}


def _roles(*names):
    return frozenset(names)


@dataclass(frozen=True)
class Case:
    label: str
    url: str
    allowed: frozenset
    method: str = "GET"
    data: dict | None = None
    follow: bool = False  # judge where a redirect ends (a redirect that itself checks nothing)


@pytest.fixture
def world(site_with_home, make_user):
    """Two of everything: one the analyst, facilitator or member owns, one they do not."""
    cache.clear()  # rate limits live in the cache
    home = site_with_home.root_page
    consultations = builders.consultation_index_create(home)
    events = builders.event_index_create(home)
    grant_page_permissions(pages=[consultations, events])
    grant_involvement_team_permissions()
    users = {
        role: make_user(
            f"{role.replace(' ', '-')}@example.org", group=GROUPS.get(role), superuser=role == ADMIN
        )
        for role in ROLES
        if role != ANONYMOUS
    }
    now = timezone.now()
    mine = builders.consultation_create(consultations, title="Assigned consultation")
    other = builders.consultation_create(
        consultations,
        title="Someone else's consultation",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )
    for consultation in (mine, other):
        make_questionnaire(consultation)
    facilitated = builders.event_create(
        events, title="Facilitated workshop", capacity=10, consultation=mine
    )
    facilitated.facilitators.add(users[FACILITATOR])
    facilitated.save()  # parental many-to-many fields are written when the page is saved
    unfacilitated = builders.event_create(events, title="Other workshop", capacity=10)
    registration = Registration.objects.create(
        event=facilitated, name="Jo Example", email="jo@example.org", capacity_type="resident"
    )
    Registration.objects.create(
        event=unfacilitated, name="Kim Example", email="kim@example.org", capacity_type="carer"
    )
    apps.get_model("feedback.ConsultationAssignment").objects.create(
        consultation=mine, user=users[ANALYST]
    )
    assignment = apps.get_model("feedback.ConsultationAssignment").objects.create(
        consultation=other, user=users[EDITOR]
    )

    responses, answers, themes, reports, runs = {}, {}, {}, {}, {}
    for key, consultation in (("mine", mine), ("other", other)):
        responses[key] = Response.objects.create(
            consultation=consultation,
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            respondent_name="Named Person",
            respondent_email="named@example.org",
        )
        question = Question.objects.get(
            section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
        )
        # In Polish, so that it is in the "needs translation" queue.
        answers[key] = Answer.objects.create(
            response=responses[key],
            question=question,
            text="Czas oczekiwania jest za długi.",
            language="pl",
        )
        # Analysed, as only analysed answers of submitted responses can be re-tagged.
        AnswerAnalysis.objects.create(
            answer=answers[key], consultation=consultation, response=responses[key]
        )
        themes[key] = Theme.objects.create(consultation=consultation, name="Waiting times")
        runs[key] = AnalysisRun.objects.create(
            consultation=consultation, status=AnalysisRun.Status.SUCCEEDED
        )
        reports[key] = report_create(consultation=consultation, report_to="Health Scrutiny")
    alert = SafeguardingAlert.objects.create(response=responses["mine"], categories=["harm"])
    version = ReportVersion.objects.create(
        report=reports["mine"], number=1, status=ReportVersion.Status.SUCCEEDED
    )
    version.pdf.save("matrix-test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    version.docx.save("matrix-test.docx", ContentFile(b"PK\x03\x04 not a real document"))
    failed = ReportVersion.objects.create(
        report=reports["mine"], number=2, status=ReportVersion.Status.FAILED, error="test"
    )

    # The co-production network: the member's own records and someone else's.
    member = MemberProfile.objects.create(
        user=users[MEMBER], preferred_name="Morgan", taking_part_as=["resident"]
    )
    someone = MemberProfile.objects.create(
        user=make_user("someone@example.org"), preferred_name="Sam", taking_part_as=["carer"]
    )
    index = home.add_child(instance=OpportunityIndexPage(title="Get involved", slug="involved"))
    index.save_revision().publish()
    opportunity = index.add_child(
        instance=OpportunityPage(
            title="Design group",
            summary="Shape the new teams.",
            involves="<p>Six meetings.</p>",
            time_commitment="Three hours a month",
            closes_on=timezone.localdate() + timedelta(days=14),
        )
    )
    opportunity.save_revision().publish()
    interests = {
        "mine": ExpressionOfInterest.objects.create(
            opportunity=opportunity, member=member, why_me="I use the service."
        ),
        "other": ExpressionOfInterest.objects.create(
            opportunity=opportunity, member=someone, why_me="I care for my son."
        ),
    }
    claim = network_services.involvement_log(
        member=member,
        activity="interview_panel",
        date=timezone.localdate() - timedelta(days=1),
        hours=3,
        is_paid=True,
    )
    expense_type = ExpenseType.objects.create(name="Travel")
    event = audit.audit_record(user=users[ADMIN], action=audit.VIEW_PERSONAL_DATA, obj=mine)
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Plan", file=ContentFile(b"%PDF-1.7\n%%EOF\n", name="plan.pdf")
    )
    # A paper response typed in by an editor: its pages correct it (see feedback.services).
    entered = Response.objects.create(
        consultation=mine,
        channel=Response.Channel.PAPER,
        status=Response.Status.SUBMITTED,
        submitted_at=now,
        entered_by=users[EDITOR],
    )
    # Workshop notes the facilitator typed, and notes an editor typed at the same workshop.
    notes = {
        key: Response.objects.create(
            consultation=mine,
            channel=Response.Channel.WORKSHOP,
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            event=facilitated,
            table_or_topic=f"Table {n}",
            is_anonymous=True,
            entered_by=users[role],
        )
        for n, (key, role) in enumerate((("mine", FACILITATOR), ("other", EDITOR)), start=1)
    }
    export_token, _raw = api_services.token_create(user=users[ADMIN], name="Matrix export")
    return {
        "document": document,
        "notes": notes,
        "users": users,
        "entered": entered,
        "mine": mine,
        "other": other,
        "facilitated": facilitated,
        "unfacilitated": unfacilitated,
        "registration": registration,
        "assignment": assignment,
        "responses": responses,
        "answers": answers,
        "themes": themes,
        "runs": runs,
        "reports": reports,
        "alert": alert,
        "version": version,
        "failed_version": failed,
        "member": member,
        "opportunity": opportunity,
        "interests": interests,
        "claim": claim,
        "expense_type": expense_type,
        "audit_event": event,
        "export_token": export_token,
    }


# Wagtail's generic views of a viewset: URL name -> (any of these permissions, takes a pk).
# As Wagtail checks them: listing and inspecting need any permission on the model, history
# needs add, change or delete, usage needs change, copying needs add.
GENERIC_VIEWS = {
    "index": (("view", "add", "change", "delete"), False),
    "index_results": (("view", "add", "change", "delete"), False),
    "list": (("view", "add", "change", "delete"), False),
    "list_results": (("view", "add", "change", "delete"), False),
    "inspect": (("view", "add", "change", "delete"), True),
    "add": (("add",), False),
    "edit": (("change",), True),
    "copy": (("add",), True),
    "delete": (("delete",), True),
    "history": (("add", "change", "delete"), True),
    "history_results": (("add", "change", "delete"), True),
    "usage": (("change",), True),
}


def viewset_cases(
    namespace, pk, *, view, add=NOBODY, change=NOBODY, delete=NOBODY, skip=(), label=""
):
    """A case for each generic view the viewset has (GET; the delete view only asks first).

    `view`, `add`, `change` and `delete` are the roles holding each permission on the model;
    `label` tells apart two sets of cases for the same viewset.
    """
    holders = {"view": view, "add": add, "change": change, "delete": delete}
    rows = []
    for name, (permissions, takes_pk) in GENERIC_VIEWS.items():
        if name in skip:
            continue
        try:
            url = reverse(f"{namespace}:{name}", args=[pk] if takes_pk else [])
        except NoReverseMatch:
            continue
        allowed = frozenset().union(*(holders[permission] for permission in permissions))
        rows.append(Case(f"{namespace} {name}{label}", url, allowed))
    return rows


def cases(w):
    """Every view that reads or changes data, with the roles allowed."""
    mine, other = w["mine"], w["other"]
    facilitated, unfacilitated = w["facilitated"], w["unfacilitated"]
    responses, answers, themes, reports = w["responses"], w["answers"], w["themes"], w["reports"]
    staff = _roles(FACILITATOR, ANALYST, EDITOR, SAFEGUARDING, INVOLVEMENT, ADMIN)
    editors = _roles(EDITOR, ADMIN)
    analysts = _roles(ANALYST, EDITOR, ADMIN)
    involvement = _roles(INVOLVEMENT, ADMIN)
    safeguarding = _roles(SAFEGUARDING, ADMIN)
    admin = _roles(ADMIN)
    rows = [
        # --- Public pages, feeds and forms: open to everyone. ---
        Case("home page", "/", EVERYONE),
        Case("consultation page", mine.url, EVERYONE),
        Case("event page", facilitated.url, EVERYONE),
        Case("brand stylesheet", "/brand.css", EVERYONE),
        Case("choose a language", "/language/pl/?next=/pl/", EVERYONE),
        Case("a page in Polish (English shown)", "/pl/", EVERYONE),
        # A PO file for a translation that is gone: refused for everyone, nothing imported.
        Case(
            "upload a PO file to a missing translation",
            "/admin/localize/translate/999999/pofile/upload/",
            NOBODY,
            method="POST",
        ),
        Case("consultations RSS", "/feeds/consultations/rss/", EVERYONE),
        Case("consultations Atom", "/feeds/consultations/atom/", EVERYONE),
        Case("events calendar", "/feeds/events.ics", EVERYONE),
        Case("one event's calendar file", f"/workshops/{facilitated.pk}/event.ics", EVERYONE),
        Case("a published document", w["document"].url, EVERYONE),
        Case(
            "register for an event",
            f"/workshops/{facilitated.pk}/register/",
            EVERYONE,
            method="POST",
            data={
                "name": "New Person",
                "email": "new.person@example.org",
                "capacity_type": "resident",
                "consent_to_contact": "on",
            },
        ),
        Case("registered page", f"/workshops/{facilitated.pk}/registered/", EVERYONE),
        # --- The public API: published pages only, for everyone; results once published. ---
        Case("API consultations", "/api/v1/consultations/", EVERYONE),
        Case("API consultation", f"/api/v1/consultations/{mine.pk}/", EVERYONE),
        Case("API events", "/api/v1/events/", EVERYONE),
        Case("API event", f"/api/v1/events/{facilitated.pk}/", EVERYONE),
        Case("API schema", "/api/v1/schema/", EVERYONE),
        Case("API documentation", "/api/v1/docs/", EVERYONE),
        # `other` has closed but its outcome is not published: no results, for anyone.
        Case(
            "API results before the outcome", f"/api/v1/consultations/{other.pk}/results/", NOBODY
        ),
        Case(
            "open data CSV before the outcome",
            f"/api/v1/consultations/{other.pk}/open-data/results.csv",
            NOBODY,
        ),
        Case(
            "open data JSON before the outcome",
            f"/api/v1/consultations/{other.pk}/open-data/results.json",
            NOBODY,
        ),
        Case(
            "open data dictionary before the outcome",
            f"/api/v1/consultations/{other.pk}/open-data/data-dictionary.csv",
            NOBODY,
        ),
        # The staff export API takes a personal token only: a signed-in session gets a 401.
        Case("staff API consultations without a token", "/api/v1/staff/consultations/", NOBODY),
        Case(
            "staff API export without a token",
            f"/api/v1/staff/consultations/{mine.pk}/responses.csv",
            NOBODY,
        ),
        Case("cancel with a wrong token", "/workshops/cancel/not-a-token/", NOBODY),
        # The respond journey: a draft belongs to the browser session that started it, so
        # everyone reaches the start, and the later steps send a session without one back.
        Case("respond: start", f"/respond/{mine.slug}/", EVERYONE),
        Case("respond: a section", f"/respond/{mine.slug}/section/1/", EVERYONE),
        Case("respond: check", f"/respond/{mine.slug}/check/", EVERYONE),
        Case("respond: sent", f"/respond/{mine.slug}/sent/", EVERYONE),
        Case("respond: equality", f"/respond/{mine.slug}/equality/", EVERYONE),
        Case("respond: save for later", f"/respond/{mine.slug}/save/", EVERYONE),
        Case("resume with a wrong token", "/response/resume/not-a-token/", NOBODY),
        Case("withdraw with a wrong token", "/response/withdraw/not-a-token/", NOBODY),
        # --- Accounts and the co-production network (members' own records). ---
        Case("account email settings", "/accounts/email/", SIGNED_IN),
        Case("join the network", "/network/join/", EVERYONE),
        Case("network profile", "/network/profile/", SIGNED_IN),
        Case("edit network profile", "/network/profile/edit/", SIGNED_IN),
        Case("download my data", "/network/profile/download/", SIGNED_IN),
        Case("delete my account (asks first)", "/network/profile/delete/", SIGNED_IN),
        Case("my involvement", "/network/involvement/", SIGNED_IN),
        Case("log involvement", "/network/involvement/log/", SIGNED_IN),
        Case(
            "express interest in an opportunity",
            f"/network/opportunities/{w['opportunity'].pk}/interest/",
            SIGNED_IN,
        ),
        Case("unsubscribe with a wrong token", "/network/unsubscribe/not-a-token/", NOBODY),
        # allauth's emailed links, whose "invalid link" page we answer with a 404.
        Case("confirm an address with a wrong key", "/accounts/confirm-email/not-a-key/", NOBODY),
        Case(
            "reset a password with a wrong key", "/accounts/password/reset/key/1-not-a-key/", NOBODY
        ),
        Case(
            "withdraw someone else's interest",
            f"/network/interests/{w['interests']['other'].pk}/withdraw/",
            NOBODY,
            method="POST",
        ),
        # --- The admin: Wagtail's own views used by the roles. ---
        Case("admin dashboard", "/admin/", staff),
        Case("users", "/admin/users/", admin),
        Case("edit consultation page", f"/admin/pages/{mine.pk}/edit/", editors),
        Case("documents", "/admin/documents/", editors),
        Case("branding settings", "/admin/settings/home/brandingsettings/", admin, follow=True),
        Case("payment rates", "/admin/settings/network/paymentrates/", involvement, follow=True),
        Case(
            "committee report settings",
            "/admin/settings/reports/reportsettings/",
            admin,
            follow=True,
        ),
        Case("django admin", "/django-admin/", admin),
        # --- Data protection: staff with the permission (here, superusers) alone. ---
        Case("data protection requests", "/admin/data-protection/", admin),
        Case(
            "search what is held for an address",
            "/admin/data-protection/",
            admin,
            method="POST",
            data={"email": "named@example.org", "reason": "Subject access request"},
        ),
        Case(
            "export what is held for an address",
            "/admin/data-protection/export/json/",
            admin,
            method="POST",
            data={"export-email": "named@example.org", "export-reason": "Subject access request"},
        ),
        Case(
            "erase what is held for an address (asks first)",
            "/admin/data-protection/erase/",
            admin,
            method="POST",
            data={"email": "named@example.org", "reason": "Erasure request", "stage": "review"},
        ),
        # Wagtail's site history, filtered by the access policy (engage/site_history.py).
        Case("site history", "/admin/reports/site-history/", staff),
        Case("site history results", "/admin/reports/site-history/results/", staff),
        # Personal export tokens: staff who may export responses; each revokes their own, a
        # superuser anyone's (here the administrator's own token).
        Case("export tokens", "/admin/api-tokens/", analysts),
        Case(
            "revoke an export token",
            f"/admin/api-tokens/{w['export_token'].pk}/revoke/",
            admin,
            method="POST",
        ),
        # --- Audit log: superusers read it; nobody changes it. ---
        *viewset_cases("audit_log", w["audit_event"].pk, view=admin),
        # --- Workshop registrations: facilitators see only the events they facilitate. ---
        Case(
            "workshop registrations list",
            "/admin/workshop-registrations/",
            _roles(FACILITATOR, EDITOR, ADMIN),
        ),
        Case(
            "registrations of a facilitated event",
            f"/admin/workshop-registrations/{facilitated.pk}/",
            _roles(FACILITATOR, EDITOR, ADMIN),
        ),
        Case(
            "record attendance at a facilitated event",
            f"/admin/workshop-registrations/{facilitated.pk}/",
            _roles(FACILITATOR, EDITOR, ADMIN),
            method="POST",
            data={f"attended_{w['registration'].pk}": "yes"},
        ),
        Case(
            "registrations of someone else's event",
            f"/admin/workshop-registrations/{unfacilitated.pk}/",
            editors,
        ),
        Case(
            "export registrations of a facilitated event",
            f"/admin/workshop-registrations/{facilitated.pk}/export.csv",
            _roles(FACILITATOR, EDITOR, ADMIN),
        ),
        Case(
            "add a walk-in at a facilitated event",
            f"/admin/workshop-registrations/{facilitated.pk}/walk-in/",
            _roles(FACILITATOR, EDITOR, ADMIN),
        ),
        Case(
            "send a walk-in (with errors)",
            f"/admin/workshop-registrations/{facilitated.pk}/walk-in/",
            _roles(FACILITATOR, EDITOR, ADMIN),
            method="POST",
        ),
        Case(
            "add a walk-in at someone else's event",
            f"/admin/workshop-registrations/{unfacilitated.pk}/walk-in/",
            editors,
        ),
        Case(
            "export registrations of someone else's event",
            f"/admin/workshop-registrations/{unfacilitated.pk}/export.csv",
            editors,
        ),
        # --- Places, partners, officers and topics (snippets): editors. ---
        *[
            row
            for name in (
                "borough",
                "locality",
                "primarycarenetwork",
                "ward",
                "organisation",
                "contactofficer",
                "topic",
            )
            for row in viewset_cases(
                f"wagtailsnippets_consultations_{name}",
                _snippet_pk(name),
                view=editors,
                add=editors,
                change=editors,
                delete=editors,
            )
        ],
        # --- Feedback admin: responses, exports, entry, imports, safeguarding. ---
        # Editors see every consultation; analysts only those assigned to them.
        Case("feedback overview", "/admin/feedback/", _roles(FACILITATOR, ANALYST, EDITOR, ADMIN)),
        Case(
            "summary of an assigned consultation", f"/admin/feedback/{mine.pk}/summary/", analysts
        ),
        Case("summary of another consultation", f"/admin/feedback/{other.pk}/summary/", editors),
        Case(
            "CSV export of an assigned consultation",
            f"/admin/feedback/{mine.pk}/export/csv/",
            analysts,
        ),
        Case(
            "XLSX export of an assigned consultation",
            f"/admin/feedback/{mine.pk}/export/xlsx/",
            analysts,
        ),
        Case(
            "export of another consultation",
            f"/admin/feedback/{other.pk}/export/xlsx/",
            editors,
        ),
        Case("enter a paper response", f"/admin/feedback/{mine.pk}/enter/", editors),
        Case(
            "correct a section of a paper response",
            f"/admin/feedback/{mine.pk}/enter/{w['entered'].pk}/1/",
            editors,
        ),
        Case(
            "check a paper response",
            f"/admin/feedback/{mine.pk}/enter/{w['entered'].pk}/check/",
            editors,
        ),
        Case(
            "correct how and when a paper response was received",
            f"/admin/feedback/{mine.pk}/enter/{w['entered'].pk}/received/",
            editors,
        ),
        Case(
            "send a paper response (with errors)",
            f"/admin/feedback/{mine.pk}/enter/",
            editors,
            method="POST",
        ),
        Case(
            "workshop notes for a facilitated consultation",
            f"/admin/feedback/{mine.pk}/workshop-notes/",
            _roles(FACILITATOR, EDITOR, ADMIN),
        ),
        Case(
            "send workshop notes (with errors)",
            f"/admin/feedback/{mine.pk}/workshop-notes/",
            _roles(FACILITATOR, EDITOR, ADMIN),
            method="POST",
        ),
        *[
            Case(
                label,
                f"/admin/feedback/{mine.pk}/workshop-notes/{w['notes'][key].pk}/{view}/",
                allowed,
                method=method,
            )
            for label, key, view, allowed, method in (
                (
                    "correct my workshop notes",
                    "mine",
                    "edit",
                    _roles(FACILITATOR, EDITOR, ADMIN),
                    "GET",
                ),
                (
                    "send a correction (with errors)",
                    "mine",
                    "edit",
                    _roles(FACILITATOR, EDITOR, ADMIN),
                    "POST",
                ),
                (
                    "delete my workshop notes (asks first)",
                    "mine",
                    "delete",
                    _roles(FACILITATOR, EDITOR, ADMIN),
                    "GET",
                ),
                ("correct someone else's workshop notes", "other", "edit", editors, "GET"),
                (
                    "delete someone else's workshop notes (asks first)",
                    "other",
                    "delete",
                    editors,
                    "GET",
                ),
            )
        ],
        Case(
            "workshop notes for a consultation without my workshops",
            f"/admin/feedback/{other.pk}/workshop-notes/",
            editors,
        ),
        Case("import responses", f"/admin/feedback/{mine.pk}/import/", editors),
        Case(
            "upload an import (with errors)",
            f"/admin/feedback/{mine.pk}/import/",
            editors,
            method="POST",
        ),
        Case("safeguarding alerts", "/admin/feedback/safeguarding/", safeguarding),
        Case("safeguarding alerts (menu entry)", "/admin/safeguarding-alerts/", safeguarding),
        Case(
            "a safeguarding alert",
            f"/admin/feedback/safeguarding/{w['alert'].pk}/",
            safeguarding,
        ),
        Case(
            "record safeguarding action (with errors)",
            f"/admin/feedback/safeguarding/{w['alert'].pk}/",
            safeguarding,
            method="POST",
        ),
        Case(
            "a response to an assigned consultation",
            f"/admin/responses/inspect/{responses['mine'].pk}/",
            analysts,
        ),
        Case(
            "a response to another consultation",
            f"/admin/responses/inspect/{responses['other'].pk}/",
            editors,
        ),
        # Responses are read-only in the admin, for everyone (so no history or usage views).
        *viewset_cases("responses", responses["mine"].pk, view=analysts, skip={"inspect"}),
        *viewset_cases(
            "questionnaires",
            mine.questionnaire.pk,
            view=analysts,
            add=editors,
            change=editors,
            delete=editors,
        ),
        # Translating a questionnaire changes what the public reads: editors only.
        Case(
            "questionnaire translations",
            f"/admin/questionnaires/{mine.questionnaire.pk}/translations/",
            editors,
        ),
        Case(
            "upload a questionnaire PO file (with errors)",
            f"/admin/questionnaires/{mine.questionnaire.pk}/translations/",
            editors,
            method="POST",
        ),
        Case(
            "download a questionnaire PO file",
            f"/admin/questionnaires/{mine.questionnaire.pk}/translations/pl.po",
            editors,
        ),
        *viewset_cases(
            "consultation_assignments",
            w["assignment"].pk,
            view=editors,
            add=editors,
            change=editors,
            delete=editors,
        ),
        # --- Needs translation: editors every consultation; analysts the ones assigned. ---
        Case("needs translation: the queue", "/admin/translations/", analysts),
        Case(
            "translate an answer, assigned",
            f"/admin/translations/answer/{answers['mine'].pk}/",
            analysts,
        ),
        Case(
            "translate an answer, another",
            f"/admin/translations/answer/{answers['other'].pk}/",
            editors,
        ),
        Case(
            "save a translation (with errors), assigned",
            f"/admin/translations/answer/{answers['mine'].pk}/",
            analysts,
            method="POST",
        ),
        Case(
            "save a translation, another",
            f"/admin/translations/answer/{answers['other'].pk}/",
            editors,
            method="POST",
            data={"text_in_english": "Waiting times are too long."},
        ),
        # --- Theme review: editors every consultation; analysts the ones assigned to them. ---
        Case("themes: consultations", "/admin/themes/", analysts),
        Case(
            "themes of an assigned consultation", f"/admin/themes/consultation/{mine.pk}/", analysts
        ),
        Case("themes of another consultation", f"/admin/themes/consultation/{other.pk}/", editors),
        Case(
            "analysis progress, assigned",
            f"/admin/themes/consultation/{mine.pk}/progress/",
            analysts,
        ),
        Case(
            "analysis progress, another",
            f"/admin/themes/consultation/{other.pk}/progress/",
            editors,
        ),
        Case(
            "start an analysis run (with errors), assigned",
            f"/admin/themes/consultation/{mine.pk}/run/",
            analysts,
            method="POST",
        ),
        Case(
            "start an analysis run, another",
            f"/admin/themes/consultation/{other.pk}/run/",
            editors,
            method="POST",
        ),
        Case(
            "add a theme (with errors), assigned",
            f"/admin/themes/consultation/{mine.pk}/add/",
            analysts,
            method="POST",
        ),
        Case(
            "add a theme, another",
            f"/admin/themes/consultation/{other.pk}/add/",
            editors,
            method="POST",
        ),
        Case(
            "import a coding frame (with errors), assigned",
            f"/admin/themes/consultation/{mine.pk}/import/",
            analysts,
            method="POST",
        ),
        Case(
            "import a coding frame, another",
            f"/admin/themes/consultation/{other.pk}/import/",
            editors,
            method="POST",
        ),
        Case("a run's changes, assigned", f"/admin/themes/run/{w['runs']['mine'].pk}/", analysts),
        Case("a run's changes, another", f"/admin/themes/run/{w['runs']['other'].pk}/", editors),
        Case(
            "preview a theme's definition, assigned",
            f"/admin/themes/theme/{themes['mine'].pk}/preview/",
            analysts,
            method="POST",
        ),
        Case(
            "preview a theme's definition, another",
            f"/admin/themes/theme/{themes['other'].pk}/preview/",
            editors,
            method="POST",
        ),
        Case("a theme, assigned", f"/admin/themes/theme/{themes['mine'].pk}/", analysts),
        Case("a theme, another", f"/admin/themes/theme/{themes['other'].pk}/", editors),
        Case(
            "an answer's themes, assigned",
            f"/admin/themes/answer/{answers['mine'].pk}/",
            analysts,
        ),
        Case(
            "an answer's themes, another",
            f"/admin/themes/answer/{answers['other'].pk}/",
            editors,
        ),
        Case(
            "re-tag an answer (with errors), another",
            f"/admin/themes/answer/{answers['other'].pk}/",
            editors,
            method="POST",
        ),
        *[
            Case(
                f"theme action {action}, {key}",
                f"/admin/themes/theme/{themes[key].pk}/{action}/",
                analysts if key == "mine" else editors,
                method="POST",
            )
            for key in ("other", "mine")
            for action in ("edit", "merge", "split", "accept", "drop")
        ],
        # --- Committee reports: editors every consultation; analysts the ones assigned. ---
        *viewset_cases(
            "committee_reports",
            reports["mine"].pk,
            view=analysts,
            add=analysts,
            change=analysts,
            delete=analysts,
            label=" (assigned)",
        ),
        *viewset_cases(
            "committee_reports",
            reports["other"].pk,
            view=editors,
            change=editors,
            delete=editors,
            skip={"index", "index_results", "add"},
            label=" (not assigned)",
        ),
        Case(
            "preview a report", f"/admin/committee-reports/{reports['mine'].pk}/preview/", analysts
        ),
        Case(
            "preview another consultation's report",
            f"/admin/committee-reports/{reports['other'].pk}/preview/",
            editors,
        ),
        Case(
            "a report's versions",
            f"/admin/committee-reports/{reports['mine'].pk}/versions/",
            analysts,
        ),
        Case(
            "another consultation's report versions",
            f"/admin/committee-reports/{reports['other'].pk}/versions/",
            editors,
        ),
        Case(
            "a report's versions status (polled)",
            f"/admin/committee-reports/{reports['mine'].pk}/versions/status/",
            analysts,
        ),
        Case(
            "another consultation's report versions status",
            f"/admin/committee-reports/{reports['other'].pk}/versions/status/",
            editors,
        ),
        Case(
            "download a report PDF",
            f"/admin/committee-reports/versions/{w['version'].pk}/download/",
            analysts,
        ),
        Case(
            "download a report's Word version",
            f"/admin/committee-reports/versions/{w['version'].pk}/download/word/",
            analysts,
        ),
        Case(
            "generate a report PDF",
            f"/admin/committee-reports/{reports['mine'].pk}/generate/",
            analysts,
            method="POST",
        ),
        Case(
            "generate another consultation's report PDF",
            f"/admin/committee-reports/{reports['other'].pk}/generate/",
            editors,
            method="POST",
        ),
        Case(
            "retry a failed PDF",
            f"/admin/committee-reports/versions/{w['failed_version'].pk}/retry/",
            analysts,
            method="POST",
        ),
        *[
            Case(
                f"review a report's quotes ({key})",
                f"/admin/committee-reports/{reports[key].pk}/quotes/",
                analysts if key == "mine" else editors,
            )
            for key in ("mine", "other")
        ],
        *[
            Case(
                f"decide on a report's quote ({key})",
                f"/admin/committee-reports/{reports[key].pk}/quotes/",
                analysts if key == "mine" else editors,
                method="POST",
                data={"theme": themes[key].pk, "answer": answers[key].pk, "action": "reject"},
            )
            for key in ("mine", "other")
        ],
        # --- Co-production network admin: the Involvement team. ---
        Case(
            "decide an interest",
            f"/admin/network/interests/{w['interests']['other'].pk}/decide/",
            involvement,
        ),
        Case(
            "send a decision (with errors)",
            f"/admin/network/interests/{w['interests']['other'].pk}/decide/",
            involvement,
            method="POST",
        ),
        Case("group members", "/admin/network/groups/", involvement),
        Case("claims", "/admin/network/claims/", involvement),
        Case("finance CSV", "/admin/network/claims/finance.csv", involvement),
        Case(
            "turn down a claim (with errors)",
            f"/admin/network/claims/{w['claim'].pk}/reject/",
            involvement,
            method="POST",
        ),
        Case(
            "approve a claim",
            f"/admin/network/claims/{w['claim'].pk}/approve/",
            involvement,
            method="POST",
        ),
        Case("mark claims paid", "/admin/network/claims/mark-paid/", involvement, method="POST"),
        *viewset_cases(
            "network_members",
            w["member"].pk,
            view=involvement,
            add=admin,
            change=admin,
            delete=admin,
        ),
        *viewset_cases(
            "network_interests",
            w["interests"]["other"].pk,
            view=involvement,
            add=admin,
            change=involvement,
            delete=admin,
            skip={"edit"},
        ),
        Case(
            "edit an interest (goes to the decision)",
            f"/admin/network/interests/edit/{w['interests']['other'].pk}/",
            involvement,
            follow=True,
        ),
        *viewset_cases(
            "network_involvement",
            w["claim"].pk,
            view=involvement,
            add=involvement,
            change=involvement,
            delete=admin,
        ),
        *viewset_cases(
            "wagtailsnippets_network_expensetype",
            w["expense_type"].pk,
            view=involvement,
            add=involvement,
            change=involvement,
            delete=involvement,
        ),
        # Last: changes the member's own record.
        Case(
            "withdraw my own interest",
            f"/network/interests/{w['interests']['mine'].pk}/withdraw/",
            _roles(MEMBER),
            method="POST",
        ),
    ]
    return rows


def _snippet_pk(name):
    """A record of the named places/partners snippet, made on first use."""
    from consultations.models import (
        Borough,
        ContactOfficer,
        Locality,
        Organisation,
        PrimaryCareNetwork,
        Topic,
        Ward,
    )

    borough = Borough.objects.get_or_create(name="Ealing", slug="ealing-matrix")[0]
    locality = Locality.objects.get_or_create(borough=borough, name="Acton")[0]
    makers = {
        "borough": lambda: borough,
        "locality": lambda: locality,
        "primarycarenetwork": lambda: PrimaryCareNetwork.objects.create(
            locality=locality, name="Acton PCN"
        ),
        "ward": lambda: Ward.objects.create(borough=borough, name="Acton Central"),
        "organisation": lambda: Organisation.objects.create(name="Ealing Mind"),
        "contactofficer": lambda: ContactOfficer.objects.create(
            name="Dana Officer", email="dana@example.org"
        ),
        "topic": lambda: Topic.objects.get_or_create(name="Crisis care", slug="crisis-care")[0],
    }
    return makers[name]().pk


def _outcome(case, response):
    """'allowed' or 'refused' for one response."""
    status = response.status_code
    if status in (401, 403, 404, 405, 410):
        return "refused"
    if status in (301, 302, 303):
        location = response.get("Location", "")
        if any(page in location for page in ("/accounts/login/", "/admin/login/", "/login/?")):
            return "refused"
        if location.split("?")[0] == "/admin/" and case.url != "/admin/":
            return "refused"  # Wagtail sends people without the permission to the dashboard
        return "allowed"
    if status in (200, 201, 400):
        for location, _status in getattr(response, "redirect_chain", []):
            if any(page in location for page in ("/accounts/login/", "/admin/login/")):
                return "refused"
            if location.split("?")[0] == "/admin/" and case.url != "/admin/":
                return "refused"
        return "allowed"
    return f"status {status}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, settings):
    # Views that queue a task (report PDFs, analysis) only need to queue it here.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    mismatches = []
    for case in cases(world):
        if case.method == "POST":
            response = client.post(case.url, case.data or {}, follow=case.follow)
        else:
            response = client.get(case.url, follow=case.follow)
        expected = "allowed" if role in case.allowed else "refused"
        actual = _outcome(case, response)
        if actual != expected:
            mismatches.append(
                f"{case.label} ({case.method} {case.url}): expected {expected}, got {actual}"
            )
    assert mismatches == [], f"{role}:\n" + "\n".join(mismatches)


def _patterns(patterns, namespace=""):
    """(view name, module of the view) for every URL pattern under `patterns`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", pattern.callback)
            # Named as resolve() names it: the URL name, else the view's dotted path.
            name = pattern.name or f"{view.__module__}.{view.__name__}"
            yield (f"{namespace}:{name}" if namespace else name), view.__module__


def project_view_names():
    """The names of every URL whose view is ours or belongs to one of our Wagtail viewsets."""
    from wagtail.admin.viewsets import viewsets

    patterns = list(_patterns(get_resolver().url_patterns))  # also registers the viewsets
    namespaces = {
        viewset.url_namespace
        for viewset in viewsets.viewsets
        if type(viewset).__module__.split(".")[0] in PROJECT_APPS
    }
    return {
        name
        for name, module in patterns
        if module.split(".")[0] in PROJECT_APPS or name.split(":")[0] in namespaces
    }


@pytest.mark.django_db
def test_every_view_is_in_the_matrix(world):
    covered = {resolve(urlsplit(case.url).path).view_name for case in cases(world)}
    views = project_view_names()
    # The enumeration itself finds the views of each kind (custom, viewset, snippet, public).
    assert {
        "themes:merge",
        "committee_reports:download",
        "network_admin:claims_csv",
        "network_involvement:copy",
        "responses:history",
        "wagtailsnippets_consultations_ward:delete",
        "feedback:respond",
        "brand_css",
    } <= views
    missing = sorted(views - covered - set(NOT_DATA))
    assert missing == [], (
        "views with no case in the permission matrix (add one to cases(), or to NOT_DATA "
        f"with the reason when the view reads and changes no data): {missing}"
    )
    assert not set(NOT_DATA) & covered, "a view in NOT_DATA has cases: remove it from NOT_DATA"
