"""Demo places, partners, consultations, documents and workshops; running it again changes nothing.

The people are invented (example.org addresses, 01632 96xxxx drama numbers) and every sentence
was written for this demo, drawing only on facts from the project's seed documents.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model

from consultations.ical import LONDON
from consultations.models import (
    Borough,
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    ContactOfficer,
    EventIndexPage,
    Locality,
    Organisation,
    PrimaryCareNetwork,
    Registration,
    Topic,
    Ward,
    WorkshopEventPage,
)
from consultations.permissions import grant_page_permissions, grant_role_permissions
from home.languages import in_default_language

MINT_SLUG = "mint-staff-consultation"
COMMUNITY_SLUG = "community-mental-health-support"

BOROUGHS = {
    "hammersmith-fulham": (
        "Hammersmith & Fulham",
        {
            "North": ["H&F North PCN"],
            "Central and Partnership": ["H&F Central PCN", "H&F Partnership PCN"],
            "South": ["H&F South PCN"],
        },
        ["Wormholt", "Shepherd's Bush Green", "Fulham Reach", "Sands End", "Brook Green"],
    ),
    "ealing": (
        "Ealing",
        {"Acton": ["Acton PCN"], "Southall": ["Southall Green PCN"]},
        ["Acton Central", "Southall Broadway"],
    ),
    "hounslow": (
        "Hounslow",
        {"Feltham": ["Feltham and Bedfont PCN"], "Brentford": ["Brentford and Isleworth PCN"]},
        ["Feltham North", "Brentford East"],
    ),
}
# Places people name when they write about where they live or work. Demo answers to a
# consultation for some boroughs name only theirs (feedback.demo).
PLACES = {
    "hammersmith-fulham": ["Hammersmith", "Fulham", "Shepherd's Bush", "White City"],
    "ealing": ["Ealing", "Southall", "Acton"],
    "hounslow": ["Hounslow", "Chiswick", "Feltham"],
}
PCN_POPULATIONS = [42000, 36000, 31000, 47000, 39000, 44000, 33000, 45000]

ORGANISATIONS = [
    ("Westway Mental Health NHS Trust", Organisation.Kind.NHS_TRUST, "https://nhs.example.org/"),
    ("Hammersmith & Fulham Council", Organisation.Kind.COUNCIL, "https://council.example.org/"),
    ("North West London Integrated Care Board", Organisation.Kind.ICB, "https://icb.example.org/"),
    ("Community Aid Network", Organisation.Kind.VCSE, "https://can.example.org/"),
    ("Peer Voices West London", Organisation.Kind.VCSE, "https://peervoices.example.org/"),
]

OFFICERS = [
    # name, job title, email, phone, organisation
    (
        "Dana Whitfield",
        "Head of Community Mental Health Transformation",
        "dana.whitfield@example.org",
        "01632 960101",
        "Westway Mental Health NHS Trust",
    ),
    (
        "Marcus Obi",
        "Engagement and Co-production Lead",
        "marcus.obi@example.org",
        "01632 960102",
        "Hammersmith & Fulham Council",
    ),
]

TOPICS = [
    ("Community mental health", "community-mental-health"),
    ("Peer support", "peer-support"),
    ("Older adults", "older-adults"),
    ("Psychological therapies", "psychological-therapies"),
    ("Carers", "carers"),
    ("Staff and teams", "staff-and-teams"),
]


def load_places():
    """Boroughs, their localities and PCNs, wards, partners, officers and topics."""
    population = iter(PCN_POPULATIONS * 2)
    for slug, (name, localities, wards) in BOROUGHS.items():
        borough, _ = Borough.objects.get_or_create(slug=slug, defaults={"name": name})
        for locality_name, pcns in localities.items():
            locality, _ = Locality.objects.get_or_create(borough=borough, name=locality_name)
            for pcn in pcns:
                PrimaryCareNetwork.objects.get_or_create(
                    name=pcn, defaults={"locality": locality, "population": next(population)}
                )
        for ward in wards:
            Ward.objects.get_or_create(borough=borough, name=ward)
    for name, kind, website in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "website": website})
    for name, job_title, email, phone, organisation in OFFICERS:
        ContactOfficer.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "job_title": job_title,
                "phone": phone,
                "organisation": Organisation.objects.get(name=organisation),
            },
        )
    for name, slug in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})


def _pdf(title, paragraphs, *, font_size=12):
    """A small tagged PDF made at load time, so the demo ships no binary files."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        f'<html lang="en-GB"><head><title>{escape(title)}</title>'
        f"<style>body{{font-family:sans-serif;font-size:{font_size}pt;line-height:1.5}}</style>"
        "</head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _document(title, filename, paragraphs, *, large=False):
    """A Wagtail document with a generated PDF, found by title when it already exists."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        data = _pdf(title, paragraphs, font_size=18 if large else 12)
        document = Document(title=title)
        document.file.save(filename, ContentFile(data), save=False)
        document.file_size = len(data)
        document._set_file_hash()
        document.save()
    return document


def _at(days, hour, minute=0):
    """A London wall-clock time a number of days from today (whole days keep reruns stable)."""
    day = timezone.localtime(timezone.now(), LONDON).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _index_pages(home):
    consultations = ConsultationIndexPage.objects.first()
    if consultations is None:
        consultations = home.add_child(
            instance=ConsultationIndexPage(
                title="Consultations",
                slug="consultations",
                show_in_menus=True,
                intro=(
                    "<p>Proposals about mental health services where we want to hear from "
                    "you, and what happened after people had their say.</p>"
                ),
            )
        )
        consultations.save_revision().publish()
    events = EventIndexPage.objects.first()
    if events is None:
        events = home.add_child(
            instance=EventIndexPage(
                title="Workshops",
                slug="workshops-and-events",
                show_in_menus=True,
                intro=(
                    "<p>Come and talk to us in person or online. Every workshop is free; "
                    "tell us what you need to take part when you register.</p>"
                ),
            )
        )
        events.save_revision().publish()
    return consultations, events


MINT_BODY = [
    ("heading", {"text": "Why we are proposing a change", "level": "h2"}),
    (
        "paragraph",
        "<p>The NHS Long Term Plan and the Community Mental Health Framework ask us to "
        "stop organising community mental health care around separate services with their own "
        "front doors. Instead, care should be built around the places people live, close to their "
        "GP practices, which work together in primary care networks (PCNs) of roughly 30,000 to "
        "50,000 patients each.</p>",
    ),
    (
        "paragraph",
        "<p>The trust was chosen as an early implementer. We want to bring primary and "
        "secondary care mental health staff together into Mental health Integrated Network Teams "
        "(MINT), with more psychology and occupational therapy, community link workers and peer "
        "support workers.</p>",
    ),
    ("heading", {"text": "Three teams, one for each locality", "level": "h2"}),
    (
        "paragraph",
        "<p>We propose three MINT teams in Hammersmith &amp; Fulham, each with its own "
        "team manager and each wrapped around a natural grouping of PCNs:</p>"
        "<ul><li>North</li><li>Central and Partnership</li><li>South</li></ul>"
        "<p>Staff and new funding would be shared between the teams according to the weighted "
        "population each one serves.</p>",
    ),
    (
        "table",
        {
            "caption": "Proposed MINT teams and the primary care networks they work with",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "data": [
                    ["Team", "Primary care networks", "Team manager"],
                    ["North", "H&F North PCN", "One manager"],
                    [
                        "Central and Partnership",
                        "H&F Central PCN, H&F Partnership PCN",
                        "One manager",
                    ],
                    ["South", "H&F South PCN", "One manager"],
                ],
            },
        },
    ),
    (
        "callout",
        {
            "kind": "important",
            "title": "This is an informal consultation",
            "text": "<p>No decision has been made. Your views will shape the model before any "
            "formal change to roles is proposed. You can respond anonymously.</p>",
        },
    ),
    ("heading", {"text": "What the new teams could offer", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>A quicker way in, with one front door and no wrong door</li>"
        "<li>More group-based psychological, occupational and wellbeing support</li>"
        "<li>Time for staff to build brief therapy skills</li>"
        "<li>A focus on strengths and goals, and on helping people connect with their "
        "communities</li>"
        "<li>Closer work with voluntary, community and social enterprise (VCSE) "
        "organisations and mutual aid groups</li></ul>",
    ),
    (
        "timeline",
        {
            "title": "What happens when",
            "stages": [
                {"date_label": "Now", "title": "Informal staff consultation", "description": ""},
                {
                    "date_label": "Next month",
                    "title": "Locality workshops",
                    "description": "One session per team, plus an online session for everyone.",
                },
                {
                    "date_label": "In two months",
                    "title": "Management response published",
                    "description": "We publish what staff told us and what we will change.",
                },
                {
                    "date_label": "Later this year",
                    "title": "Teams begin working by locality",
                    "description": "",
                },
            ],
        },
    ),
    (
        "faq",
        {
            "title": "Frequently asked questions",
            "items": [
                {
                    "question": "Will my job change?",
                    "answer": "<p>The first step is about where teams are based and which "
                    "practices they work with. Any change to a role would be discussed with you "
                    "and your union first.</p>",
                },
                {
                    "question": "Can I respond without giving my name?",
                    "answer": "<p>Yes. Choose to respond anonymously and we will store no name, "
                    "email address or account with your answers.</p>",
                },
                {
                    "question": "Which patients are out of scope?",
                    "answer": "<p>Most patients registered with digital-first GP services live "
                    "outside the borough, so commissioners agreed they are outside this work.</p>",
                },
                {
                    "question": "How do I find out what was decided?",
                    "answer": '<p>We will publish a "you said, we did" summary on this page '
                    "after the consultation closes.</p>",
                },
            ],
        },
    ),
]

COMMUNITY_BODY = [
    ("heading", {"text": "What we want to do together", "level": "h2"}),
    (
        "paragraph",
        "<p>Mental health support in the community should be easy to find and should "
        "not stop at the doors of NHS buildings. We want to design it with the people who use it: "
        "residents, service users, carers and peer support workers, alongside the NHS, the council "
        "and local voluntary organisations.</p>",
    ),
    ("heading", {"text": "What we would like to hear about", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>What helped you, or someone you care for, when things were hard</li>"
        "<li>Where you looked for help first, and what got in the way</li>"
        "<li>What peer support and community groups could offer near you</li>"
        "<li>How we should involve people in running the new services</li></ul>",
    ),
    (
        "callout",
        {
            "kind": "info",
            "title": "Paid involvement",
            "text": "<p>If you have lived experience and join one of our co-production groups, "
            "we will pay you for your time and your travel.</p>",
        },
    ),
    (
        "timeline",
        {
            "title": "How the engagement works",
            "stages": [
                {"date_label": "Now", "title": "Tell us what matters", "description": ""},
                {
                    "date_label": "Over the next weeks",
                    "title": "Workshops in Ealing and Hounslow",
                    "description": "In person and online, with interpreters on request.",
                },
                {
                    "date_label": "Afterwards",
                    "title": "Co-production groups",
                    "description": "Small groups turn what we heard into designs.",
                },
            ],
        },
    ),
    (
        "faq",
        {
            "title": "Questions people ask",
            "items": [
                {
                    "question": "Do I need to have used mental health services to take part?",
                    "answer": "<p>No. We want to hear from anyone who lives or works locally.</p>",
                },
                {
                    "question": "Can I get this information in another format?",
                    "answer": "<p>Yes. Easy read and large print versions are below, and we can "
                    "arrange other languages and British Sign Language.</p>",
                },
            ],
        },
    ),
]


def _consultation(index, slug, **fields):
    page = in_default_language(ConsultationPage.objects.filter(slug=slug)).first()
    if page is not None:
        return page
    m2m = {
        name: fields.pop(name)
        for name in ["boroughs", "localities", "pcns", "wards", "topics", "partner_organisations"]
        if name in fields
    }
    documents = fields.pop("documents", [])
    page = ConsultationPage(slug=slug, **fields)
    for name, values in m2m.items():
        getattr(page, name).set(values)
    for document in documents:
        page.documents.add(ConsultationDocument(**document))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_consultations(index):
    """The MINT staff consultation, the residents' engagement, a closed one with an outcome and
    a forthcoming one."""
    hf = Borough.objects.get(slug="hammersmith-fulham")
    trust = Organisation.objects.get(name="Westway Mental Health NHS Trust")
    council = Organisation.objects.get(name="Hammersmith & Fulham Council")
    icb = Organisation.objects.get(name="North West London Integrated Care Board")
    vcse = Organisation.objects.filter(kind=Organisation.Kind.VCSE)
    dana = ContactOfficer.objects.get(email="dana.whitfield@example.org")
    marcus = ContactOfficer.objects.get(email="marcus.obi@example.org")
    topic = {t.slug: t for t in Topic.objects.all()}

    mint_document = _document(
        "MINT: informal staff consultation document",
        "mint-staff-consultation.pdf",
        [
            "This document sets out the proposal to create three Mental health Integrated Network "
            "Teams in Hammersmith & Fulham: North, Central and Partnership, and South.",
            "Each team would have a team manager and would work with the primary care networks "
            "in its locality. Primary and secondary care mental health staff would join together.",
            "We would like every member of staff to tell us what they think before the model "
            "is agreed.",
        ],
    )
    mint_easy_read = _document(
        "MINT: easy read summary",
        "mint-easy-read.pdf",
        [
            "We want to change how our teams work.",
            "There will be 3 teams. Each team works with the GP practices near it.",
            "Tell us what you think. You do not have to give your name.",
        ],
    )
    stocktake = _document(
        "Stocktake: community mental health transformation",
        "community-transformation-stocktake.pdf",
        [
            "A summary of progress on community mental health transformation across the three "
            "boroughs, written for the committee.",
        ],
    )
    _consultation(
        index,
        MINT_SLUG,
        title="Mental health Integrated Network Teams (MINT) in Hammersmith & Fulham",
        summary=(
            "We propose to bring community mental health staff together into three teams, one "
            "for each locality of Hammersmith & Fulham, working alongside GP practices. Tell us "
            "what you think before anything is decided."
        ),
        kind=ConsultationPage.Kind.STAFF,
        audience=ConsultationPage.Audience.STAFF,
        opens_at=_at(-10, 9),
        closes_at=_at(18, 17),
        body=MINT_BODY,
        lead_organisation=trust,
        partner_organisations=[council, icb],
        contact_officer=dana,
        boroughs=[hf],
        localities=list(hf.localities.all()),
        pcns=list(PrimaryCareNetwork.objects.filter(locality__borough=hf)),
        wards=list(hf.wards.all()),
        topics=[topic["community-mental-health"], topic["staff-and-teams"]],
        documents=[
            {
                "document": mint_document,
                "description": "The full proposal, with the three locality teams.",
                "easy_read": mint_easy_read,
            },
            {
                "document": stocktake,
                "description": "Progress on transformation so far.",
                "is_background_paper": True,
            },
        ],
    )

    engagement_document = _document(
        "Community mental health support: what we want to co-produce",
        "community-support-engagement.pdf",
        [
            "We want to design community mental health support with the people who use it.",
            "This paper explains what is already in place, what could change, and how you can "
            "take part, including paid co-production groups.",
        ],
    )
    large_print = _document(
        "Community mental health support: large print",
        "community-support-large-print.pdf",
        ["A large print version of the engagement paper."],
        large=True,
    )
    _consultation(
        index,
        COMMUNITY_SLUG,
        title="Community mental health support: help us design it",
        summary=(
            "How should mental health support near where you live work? We want residents, "
            "service users, carers and peer support workers to shape it with us."
        ),
        kind=ConsultationPage.Kind.COPRODUCTION,
        audience=ConsultationPage.Audience.RESIDENTS,
        opens_at=_at(-5, 9),
        closes_at=_at(3, 23, 59),
        body=COMMUNITY_BODY,
        lead_organisation=council,
        partner_organisations=[trust, *vcse],
        contact_officer=marcus,
        boroughs=list(Borough.objects.all()),
        topics=[topic["community-mental-health"], topic["peer-support"], topic["carers"]],
        documents=[
            {
                "document": engagement_document,
                "description": "What we want to co-produce, and how to take part.",
                "large_print": large_print,
            }
        ],
    )

    _consultation(
        index,
        "older-adults-drop-in-sessions",
        title="Drop-in mental health sessions for older adults",
        summary=(
            "We asked older residents and their carers whether weekly drop-in sessions in "
            "community centres would help, and where and when they should run."
        ),
        kind=ConsultationPage.Kind.PUBLIC,
        audience=ConsultationPage.Audience.BOTH,
        opens_at=_at(-120, 9),
        closes_at=_at(-60, 17),
        outcome_published_at=_at(-20, 10),
        outcome_heard=(
            "<p>Most of the people who replied wanted sessions in the morning, close to a bus "
            "route, and with someone who speaks their language. Carers asked for a quiet "
            "space to talk on their own.</p>"
        ),
        outcome_decided=(
            "<p>Sessions will run on weekday mornings in two community centres in Ealing and "
            "Hounslow, with interpreters booked in advance and a separate carers' hour.</p>"
        ),
        body=[
            (
                "paragraph",
                "<p>This consultation has closed. Thank you to everyone who took part.</p>",
            )
        ],
        lead_organisation=trust,
        contact_officer=marcus,
        boroughs=list(Borough.objects.filter(slug__in=["ealing", "hounslow"])),
        topics=[topic["older-adults"], topic["community-mental-health"]],
    )

    _consultation(
        index,
        "carers-support-review",
        title="Support for carers of people with mental health needs",
        summary=(
            "Later this year we will ask carers what support they get today and what would make "
            "the biggest difference."
        ),
        kind=ConsultationPage.Kind.PUBLIC,
        audience=ConsultationPage.Audience.RESIDENTS,
        opens_at=_at(30, 9),
        closes_at=_at(72, 17),
        body=[("paragraph", "<p>Details will appear here when the consultation opens.</p>")],
        lead_organisation=council,
        contact_officer=marcus,
        boroughs=list(Borough.objects.all()),
        topics=[topic["carers"]],
    )


PEOPLE = [
    ("Alex Example", "alex.example@example.org", "resident"),
    ("Bea Sample", "bea.sample@example.org", "carer"),
    ("Chris Demo", "chris.demo@example.org", "service_user"),
    ("Dee Placeholder", "dee.placeholder@example.org", "peer_support"),
    ("Eli Testcase", "eli.testcase@example.org", "vcse"),
    ("Fran Mock", "fran.mock@example.org", "resident"),
    ("Gus Trial", "gus.trial@example.org", "staff"),
]


def _event(parent, slug, **fields):
    page = in_default_language(WorkshopEventPage.objects.filter(slug=slug)).first()
    if page is not None:
        return page
    facilitators = fields.pop("facilitators", [])
    page = WorkshopEventPage(slug=slug, **fields)
    page.facilitators.set(facilitators)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _register(event, people, *, status, attended=None):
    for offset, (name, email, capacity_type) in enumerate(people):
        Registration.objects.get_or_create(
            event=event,
            email=email,
            defaults={
                "name": name,
                "capacity_type": capacity_type,
                "status": status,
                "consent_to_contact": True,
                "attended": attended,
                "access_needs": ["step_free"] if offset == 0 else [],
            },
        )


def load_events(events_index):
    """Five workshops in three boroughs: past and upcoming, one full with a waitlist, one online."""
    # The English pages: their translations (consultations.demo_languages) share the slugs.
    mint = in_default_language(ConsultationPage.objects.all()).get(slug=MINT_SLUG)
    community = in_default_language(ConsultationPage.objects.all()).get(slug=COMMUNITY_SLUG)
    hf = Borough.objects.get(slug="hammersmith-fulham")
    ealing = Borough.objects.get(slug="ealing")
    hounslow = Borough.objects.get(slug="hounslow")
    facilitator = get_user_model().objects.filter(username="facilitator@example.org").first()
    facilitators = [facilitator] if facilitator else []

    past_mint = _event(
        mint,
        "mint-workshop-north-locality",
        title="MINT staff workshop: North locality",
        summary="An open discussion of the proposal for staff who work in the North locality.",
        starts_at=_at(-4, 13, 30),
        ends_at=_at(-4, 15, 30),
        format=WorkshopEventPage.Format.IN_PERSON,
        venue_name="Wormholt Community Centre",
        venue_address="1 Example Road\nLondon W12 0AA",
        step_free_access=True,
        hearing_loop=True,
        nearest_transport="White City station, then a 10 minute walk; buses 72 and 283.",
        capacity=20,
        consultation=mint,
        borough=hf,
        locality=hf.localities.get(name="North"),
        facilitators=facilitators,
    )
    _register(past_mint, PEOPLE[:3], status=Registration.Status.CONFIRMED, attended=True)

    _event(
        mint,
        "mint-online-session-all-localities",
        title="MINT staff session online: all three localities",
        summary="A lunchtime call for staff who cannot come to a locality workshop.",
        starts_at=_at(9, 12, 30),
        ends_at=_at(9, 13, 30),
        format=WorkshopEventPage.Format.ONLINE,
        joining_link="https://meet.example.org/mint-staff-session",
        capacity=100,
        consultation=mint,
        borough=hf,
        facilitators=facilitators,
    )

    full = _event(
        events_index,
        "community-support-conversation-ealing",
        title="Community mental health support: a conversation in Ealing",
        summary="Tell us what would help in your neighbourhood. Tea, coffee and lunch provided.",
        starts_at=_at(6, 10),
        ends_at=_at(6, 13),
        format=WorkshopEventPage.Format.IN_PERSON,
        venue_name="Acton Community Hall",
        venue_address="22 Sample Street\nLondon W3 0ZZ",
        step_free_access=True,
        hearing_loop=False,
        nearest_transport="Acton Central station; buses 207 and 440.",
        accessibility_notes="A quiet room is available all morning.",
        capacity=4,
        consultation=community,
        borough=ealing,
        locality=ealing.localities.get(name="Acton"),
        facilitators=facilitators,
    )
    _register(full, PEOPLE[:4], status=Registration.Status.CONFIRMED)
    _register(full, PEOPLE[4:6], status=Registration.Status.WAITLISTED)

    _event(
        events_index,
        "community-support-workshop-hounslow",
        title="Community mental health support: Hounslow workshop",
        summary="A workshop in Feltham that you can also join online.",
        starts_at=_at(13, 18),
        ends_at=_at(13, 20),
        format=WorkshopEventPage.Format.HYBRID,
        venue_name="Feltham Library meeting room",
        venue_address="5 Demo Lane\nFeltham TW13 0XX",
        step_free_access=True,
        hearing_loop=True,
        nearest_transport="Feltham station, 5 minutes on foot.",
        joining_link="https://meet.example.org/hounslow-workshop",
        capacity=25,
        consultation=community,
        borough=hounslow,
        locality=hounslow.localities.get(name="Feltham"),
        facilitators=facilitators,
    )

    peer = _event(
        events_index,
        "peer-support-workers-get-together",
        title="Peer support workers' get-together",
        summary="Peer support workers from across the partnership shared what works.",
        starts_at=_at(-21, 14),
        ends_at=_at(-21, 16),
        format=WorkshopEventPage.Format.IN_PERSON,
        venue_name="Southall Community Hub",
        venue_address="9 Placeholder Parade\nSouthall UB1 0YY",
        step_free_access=False,
        nearest_transport="Southall station; buses 105 and 120.",
        capacity=15,
        borough=ealing,
        locality=ealing.localities.get(name="Southall"),
        facilitators=facilitators,
    )
    _register(peer, PEOPLE[3:6], status=Registration.Status.CONFIRMED, attended=True)
    _register(peer, PEOPLE[6:], status=Registration.Status.CONFIRMED, attended=False)


def _ensure_root_collection():
    """Documents live in a collection; a database flushed by tests has lost the root one."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def load():
    """Load the demo places, consultations and workshops; safe to run again."""
    from home.demo import load_pages

    _ensure_root_collection()
    grant_role_permissions()
    load_places()
    home = load_pages()
    consultations_index, events_index = _index_pages(home)
    grant_page_permissions(pages=[consultations_index, events_index])
    load_consultations(consultations_index)
    load_events(events_index)
