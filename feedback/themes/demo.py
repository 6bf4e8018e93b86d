"""Demo coding frames, an analysis run, accepted discoveries and re-tags (idempotent)."""

import re

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from consultations.models import ConsultationPage
from feedback.analysis.discovery import is_general
from feedback.models import ConsultationAssignment
from feedback.themes import runs, selectors, services
from feedback.themes.models import AnalysisRun, Theme
from feedback.themes.roles import ensure_theme_permissions

MINT_SLUG = "mint-staff-consultation"
RESIDENTS_SLUG = "community-mental-health-support"
OFFICER_EMAIL = "editor@example.org"
ANALYST_EMAIL = "analyst@example.org"

# (name, description, keywords): written for the demo consultations' questions.
MINT_FRAME = [
    (
        "Travel and access",
        "Travel between sites, public transport and how far people would have to go.",
        ["travel", "travel time", "sites", "buses", "public transport", "further to go"],
    ),
    (
        "Continuity of care",
        "Keeping the same worker and relationships through the change.",
        ["continuity", "long-term caseloads", "keep their worker", "change of worker"],
    ),
    (
        "Caseloads, staffing and cover",
        "Caseload limits, vacancies, recruitment, admin time and cover for leave.",
        ["caseload", "caseloads", "recruitment", "vacancies", "cover", "admin", "paperwork"],
    ),
    (
        "Working with GP practices",
        "Links with practices, referral routes and shared space.",
        ["gp", "gps", "practices", "referral", "referral route", "named gp link"],
    ),
    (
        "Specialist skills and clinical responsibility",
        "Keeping specialist teams and skills; who holds clinical responsibility.",
        ["specialist", "specialist teams", "clinical responsibility", "diluted", "generic"],
    ),
]
RESIDENT_FRAME = [
    (
        "Waiting times",
        "How long people wait for a first appointment or support.",
        ["waiting lists", "waiting", "waited", "months"],
    ),
    (
        "Being listened to and kept informed",
        "Carers and service users being heard and told what happens next.",
        ["listened", "told", "discharged", "story again", "change of worker"],
    ),
    (
        "Getting there and appointment times",
        "Reaching services, evening appointments and time off work.",
        ["evening appointments", "time off work", "car", "travelling", "reach"],
    ),
    (
        "Peer support",
        "Groups and workers with lived experience.",
        ["peer support", "peer", "less alone"],
    ),
]
# How many discovered proposals to accept per consultation, biggest first.
ACCEPT_PROPOSALS = 2
# How many of a proposal's best answers the demo officer reads before naming it.
TYPICAL_ANSWERS = 3
# Better names and one-line descriptions an officer would give proposals, keyed by a word of
# the proposed name (accepting a proposal needs a definition: discovery's phrases are hints).
MORALE = ("Staff morale and the pace of change", "How staff feel about the change and its pace.")
PROPOSAL_NAMES = {
    "crisis": ("Quick help in a crisis", "Getting help quickly when someone is in crisis."),
    "morale": MORALE,
    "already": MORALE,
    "peer": ("Peer workers in every team", "Peer workers with lived experience in each team."),
    "family": ("Family and friends come first", "Families and friends as the first support."),
}
# Manual re-tags: (consultation slug, text the answer contains, theme name, add or remove).
RETAGS = [
    (MINT_SLUG, "Peer workers in every MINT", "Caseloads, staffing and cover", "add"),
    (MINT_SLUG, "Admin support is not mentioned", "Caseloads, staffing and cover", "remove"),
    (RESIDENTS_SLUG, "The building is hard to reach", "Getting there and appointment times", "add"),
]


def _officer():
    return (
        User.objects.filter(email=OFFICER_EMAIL).first()
        or User.objects.filter(is_superuser=True).first()
    )


def _load_consultation(consultation, frame, officer):
    if Theme.objects.filter(consultation=consultation).exists():
        return False  # already loaded: leave officers' demo edits alone
    if not selectors.analysable_answers(consultation=consultation).exists():
        return False
    for name, description, keywords in frame:
        services.theme_create(
            consultation=consultation,
            name=name,
            description=description,
            keywords=keywords,
            user=officer,
        )
    # The same services as the admin buttons, run here in-process so `make run` shows themes.
    runs.analysis_run_sync(
        consultation=consultation, kind=AnalysisRun.Kind.DISCOVERY, user=officer, max_themes=6
    )
    proposals = selectors.themes_for_review(consultation=consultation)[Theme.Status.PROPOSED]
    named = [(p, _better_name(p)) for p in proposals]
    # A mix of topics ("General comments (...)") is accepted only when nothing else was found.
    named.sort(key=lambda item: is_general(item[0].name))
    chosen = [(p, name) for p, name in named if name][:ACCEPT_PROPOSALS] or named[:1]
    used = set(Theme.objects.filter(consultation=consultation).values_list("name", flat=True))
    for proposal, better in chosen:
        name, description = better or (
            None,
            _("Answers about %(phrases)s.") % {"phrases": ", ".join(proposal.key_phrases[:3])},
        )
        name = name if name and name not in used else None
        services.theme_accept(theme=proposal, user=officer, name=name, description=description)
        used.add(name)
    return True


def _better_name(proposal):
    """The demo officer's (name, description) for a proposal, or None if they would not.

    The officer names a proposal after what its name, key phrases and most typical answers
    say. A mix of topics is never given one topic's name: its count would then be printed as
    the number of people who raised that topic.
    """
    if is_general(proposal.name):
        return None
    words = set(proposal.name.lower().replace("/", " ").split())
    words |= {w for phrase in proposal.key_phrases for w in phrase.split()}
    if proposal.pk:
        for tag in selectors.theme_answers(theme=proposal, limit=TYPICAL_ANSWERS):
            words |= set(re.findall(r"[a-z]+", tag.answer.text.lower()))
    for word, name in PROPOSAL_NAMES.items():
        if word in words:
            return name
    return None


def _retag(slug, contains, theme_name, action, officer):
    consultation = ConsultationPage.objects.filter(slug=slug).first()
    theme = Theme.objects.filter(consultation=consultation, name=theme_name).first()
    if consultation is None or theme is None:
        return
    answer = (
        selectors.analysable_answers(consultation=consultation)
        .filter(text__contains=contains)
        .order_by("pk")
        .first()
    )
    if answer is None:
        return
    if action == "add":
        services.answer_theme_add(answer=answer, theme=theme, user=officer)
    else:
        services.answer_theme_remove(answer=answer, theme=theme, user=officer)


def load():
    """Coding frames, a discovery run, two accepted proposals and a few re-tags per consultation."""
    ensure_theme_permissions()
    officer = _officer()
    analyst = User.objects.filter(email=ANALYST_EMAIL).first()
    loaded = []
    for slug, frame in ((MINT_SLUG, MINT_FRAME), (RESIDENTS_SLUG, RESIDENT_FRAME)):
        consultation = ConsultationPage.objects.filter(slug=slug).first()
        if consultation is None:
            continue
        if analyst is not None:
            ConsultationAssignment.objects.get_or_create(consultation=consultation, user=analyst)
        if _load_consultation(consultation, frame, officer):
            loaded.append(slug)
    for slug, contains, theme_name, action in RETAGS:
        if slug in loaded:
            _retag(slug, contains, theme_name, action, officer)
    return loaded
