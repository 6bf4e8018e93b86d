"""Demo questionnaires and invented responses for the demo consultations (fixed seed)."""

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from consultations.demo import PLACES
from consultations.models import Borough, ConsultationPage, Locality, WorkshopEventPage
from feedback import conditions, safeguarding
from feedback.models import (
    Answer,
    EqualityMonitoring,
    Question,
    Questionnaire,
    QuestionSection,
    Response,
    SafeguardingAlert,
)
from feedback.roles import ensure_feedback_permissions
from feedback.selectors import questionnaire_sections
from home.languages import in_default_language

SEED = 4042
MINT_SLUG = "mint-staff-consultation"
RESIDENTS_SLUG = "community-mental-health-support"

K = Question.Kind
MINT_SECTIONS = [
    (
        "The proposal",
        "These questions are about organising community teams around primary care networks.",
        [
            (K.AGREEMENT, "How far do you agree with moving to place-based MINT teams?", True, []),
            (
                K.AGREEMENT,
                "How far do you agree that the proposed localities make sense for the people "
                "you support?",
                False,
                [],
            ),
            (
                K.MULTIPLE_CHOICE,
                "What matters most to you about the change?",
                False,
                [
                    "Keeping caseloads manageable",
                    "Continuity for the people we support",
                    "Travel time between sites",
                    "Working closely with GP practices",
                    "Training and development",
                    "Keeping our team identity",
                ],
            ),
        ],
    ),
    (
        "Impact on you and the people you support",
        "",
        [
            (
                K.RATING,
                "How well informed do you feel about the proposals? (1 = not at all)",
                False,
                [],
            ),
            (K.YES_NO, "Would the change affect your working pattern?", False, []),
            (
                K.LONG_TEXT,
                "What would help make the change work for you and the people you support?",
                False,
                [],
            ),
            (K.LONG_TEXT, "Do you have any concerns about the proposals?", False, []),
        ],
    ),
    (
        "Your working pattern",
        "You said the change would affect your working pattern.",
        [
            (
                K.SINGLE_CHOICE,
                "What would change most for you?",
                False,
                ["Travel between sites", "My hours", "Who I work with", "Where I am based"],
            ),
        ],
        # Skip logic: asked only of people who answered "Yes" (see feedback.conditions).
        ("Would the change affect your working pattern?", ["Yes"]),
    ),
]

RESIDENT_SECTIONS = [
    (
        "Your experience",
        "",
        [
            (
                K.SINGLE_CHOICE,
                "Have you used community mental health support in the last two years?",
                True,
                ["Yes, for myself", "Yes, as a carer or family member", "No", "Not sure"],
            ),
            (K.RATING, "How would you rate the support you received? (5 = very good)", False, []),
            (K.LONG_TEXT, "What worked well?", False, []),
            (K.LONG_TEXT, "What could be better?", False, []),
        ],
    ),
    (
        "What matters where you live",
        "",
        [
            (
                K.MULTIPLE_CHOICE,
                "Which of these would help you most?",
                False,
                [
                    "Support closer to home",
                    "Evening and weekend appointments",
                    "Peer support",
                    "Help in a crisis",
                    "Support for carers",
                    "Information in other languages",
                ],
            ),
            (
                K.AGREEMENT,
                "Support should be organised around local groups of GP practices.",
                False,
                [],
            ),
            (K.SHORT_TEXT, "Where do you usually go first for help?", False, []),
            (
                K.SINGLE_CHOICE,
                "How did you find out about the support you used?",
                False,
                ["My GP", "A friend or family member", "A charity", "Online", "Other services"],
                # Skip logic: asked only of people who have used support.
                (
                    "Have you used community mental health support in the last two years?",
                    ["Yes, for myself", "Yes, as a carer or family member"],
                ),
            ),
        ],
    ),
]

STAFF_TEAMS = [
    ("nhs_staff", "Ealing community mental health team"),
    ("nhs_staff", "Hounslow early intervention in psychosis"),
    ("nhs_staff", "Hammersmith & Fulham recovery team"),
    ("nhs_staff", "Crisis and home treatment"),
    ("nhs_staff", "Psychology and psychotherapy"),
    ("nhs_staff", "Older adults community team"),
    ("council_staff", "Adult social care, mental health"),
    ("peer_support", "Peer support service"),
    ("primary_care", "GP practice"),
    ("vcse", "Local mental health charity"),
]

# What people write is built from topics. Each topic has a few ways of saying it, some with
# details filled in ({place}, {weeks}...), and an answer takes one to three topics, sometimes with
# an opening or closing remark, so that answers vary the way real ones do. The first wording of
# some topics is quoted by the themes demo (re-tags) and must stay as it is.
HELPS_FOR = [
    [
        "Having a named GP link for each team would make joint working real rather than a slogan.",
        "A named link worker for every practice in {place}, so the GPs know who to call.",
        "If each practice had one named person from our team, referrals would stop bouncing back.",
    ],
    [
        "Shared space in the practices one or two days a week would cut down on phone tag.",
        "A room at the surgery on {day}s would let us see people where they already go.",
        "Hot-desking at the practices would help, as long as there is a private room for sessions.",
    ],
    [
        "Clear caseload limits written into the new model, so we are not stretched across two "
        "areas.",
        "Agree a maximum caseload per worker before the change, not after it has gone wrong.",
        "Protected caseload numbers: at the moment I hold {caseload} people and it is not safe.",
    ],
    [
        "A single referral route that GPs actually understand, with someone answering the phone.",
        "One referral form for all the teams in {place}, with a named duty worker each day.",
        "Please simplify referrals; three forms for three teams confuses everyone, GPs included.",
    ],
    [
        "Time for the new teams to meet and get to know the practices before the go-live date.",
        "A few weeks of overlap so we can hand over properly instead of switching overnight.",
        "Team days before the launch, so we are not meeting new colleagues in a crisis.",
    ],
    [
        "Keeping the specialist clinics we already run and linking them to each locality.",
        "The {clinic} clinic should stay as it is and take referrals from every MINT.",
    ],
    [
        "Peer workers in every MINT from day one, not added later when money allows.",
        "Budget for peer support workers in each team, with proper supervision for them.",
        "The people we support say peer workers help most, so build them into every team.",
    ],
    [
        "Good laptops and rooms to work from, since we will be moving around more.",
        "Phones and laptops that actually connect at the practices; ours often do not.",
        "Mileage paid on time and pool cars, because we will be driving between sites.",
    ],
    [
        "Training in primary care work, as some of us have never worked in a GP surgery.",
        "Joint training with practice staff so that we understand each other's pressures.",
    ],
]
HELPS_AGAINST = [
    [
        "Leave the specialist teams as they are; they work and people know where to find us.",
        "If it is not broken, do not fix it: the specialist teams are this service's strength.",
        "Keep the {team} team whole rather than splitting it across the localities.",
    ],
    [
        "Do not start until recruitment has caught up; moving vacancies around solves nothing.",
        "Fill the {vacancies} vacancies we already have first, then talk about new structures.",
        "Recruit and keep staff before anything else changes.",
    ],
    [
        "Pilot it in one locality first and publish what happened before changing everything.",
        "Try it in {place} for six months and share the results honestly, good and bad.",
    ],
    [
        "Protect time for supervision and reflective practice in the new structure.",
        "Whatever happens, keep weekly supervision; it is what keeps us and our patients safe.",
    ],
]
CONCERNS = [
    [
        "I worry about travel between sites eating into clinical time, especially in the west.",
        "Driving between {place} and {place2} can take an hour at rush hour, an hour less with "
        "patients.",
        "Travel time is not in the plans, but it will come out of clinical time.",
    ],
    [
        "Continuity for people on long-term caseloads could suffer when teams are redrawn.",
        "Some people I support have had the same worker for years; losing that could set them "
        "back.",
        "A change of worker is hard for people who find it difficult to trust services.",
    ],
    [
        "The localities do not match how buses run, so some people would have further to go.",
        "From {place} there is no direct bus to the proposed hub.",
    ],
    [
        "Smaller teams could mean less cover during leave and sickness.",
        "With only {small} staff in a team, one person off sick leaves the duty rota empty.",
    ],
    [
        "There is not enough detail yet on who holds clinical responsibility in each MINT.",
        "Who is the responsible clinician when the GP and the MINT disagree about a patient?",
    ],
    [
        "Staff morale is already low and another restructure feels rushed.",
        "We have had three reorganisations in five years and people are tired.",
        "Colleagues in {team} are already leaving because of the uncertainty.",
    ],
    [
        "I am concerned that specialist skills will be diluted when everyone becomes generic.",
        "Psychologists and specialist nurses could be spread so thin that their skills are lost.",
    ],
    [
        "Admin support is not mentioned and we lose hours each week to paperwork already.",
        "Without admin staff in each team, clinicians will end up booking rooms and typing "
        "letters.",
    ],
]
RESIDENT_WORKED = [
    [
        "My care coordinator rang back when she said she would, which made a real difference.",
        "My worker always called when she said she would, even on busy days.",
        "Someone phoned me the day after my appointment to check I was okay.",
    ],
    [
        "The peer support group on {day}s helped me feel less alone.",
        "Meeting people who had been through the same thing helped more than anything else.",
    ],
    [
        "Being seen at my own GP surgery instead of travelling across the borough.",
        "Appointments at the surgery in {place}, five minutes from home.",
    ],
    [
        "The crisis team came quickly when {relative} was unwell.",
        "When I rang the crisis line they listened, and someone came out the same night.",
    ],
    [
        "Being able to text to change an appointment.",
        "Text reminders the day before, so I did not miss sessions.",
    ],
    [
        "The talking therapy sessions were exactly what I needed at the time.",
        "My therapist was patient and never rushed me.",
    ],
]
RESIDENT_BETTER = [
    [
        "Waiting lists are far too long; I waited months for a first appointment.",
        "I waited {weeks} weeks to be seen and things got worse in that time.",
        "{Relative} has been on the waiting list since {month} with no news at all.",
    ],
    [
        "Nobody told me what would happen after I was discharged.",
        "After discharge I was given a leaflet and no one to call.",
    ],
    [
        "Evening appointments would help because I cannot take time off work.",
        "Everything is nine to five, which is impossible when you work shifts.",
    ],
    [
        "Carers need to be listened to; we know the person best.",
        "As a carer for {relative} I was never asked what I had noticed at home.",
    ],
    [
        "Information in other languages, and interpreters who know mental health words.",
        "My mum speaks {language} and there was never an interpreter at her appointments.",
    ],
    [
        "Too many changes of worker. I had to tell my story again each time.",
        "I have had {workers} different workers in two years.",
    ],
    [
        "The building is hard to reach without a car.",
        "The clinic in {place} has no step-free access and the bus stop is a long walk away.",
    ],
]
# A few people send the same words, as in an organised campaign; the analysis groups them.
RESIDENT_CAMPAIGN = (
    "Keep the Riverside clinic open. It is the only mental health service I can reach by bus, "
    "and the staff there know me."
)
# Something about the person, sometimes added to an answer (staff, residents).
STAFF_DETAILS = [
    "I am a {role} and have worked here for {years} years.",
    "I work across {place} and {place2}.",
    "Our team covers about {patients} people.",
    "I have been a {role} in {team} since {since}.",
]
RESIDENT_DETAILS = [
    "I live in {place}.",
    "I have used the service for {years} years.",
    "I look after {relative} as well as working.",
    "This was in {month}.",
]
OPENERS = [
    "Thanks for asking.",
    "Two things from me.",
    "I have thought about this a lot.",
    "Speaking from experience.",
]
CLOSERS = [
    "Thank you for listening.",
    "Please keep us updated.",
    "I hope this helps.",
    "That is all from me.",
]
FILLS = {
    "place": ["Ealing", "Hounslow", "Southall", "Acton", "Chiswick", "Feltham", "Hammersmith"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "clinic": ["memory", "perinatal", "eating disorders", "early psychosis"],
    "team": ["psychology", "older adults", "recovery", "early intervention"],
    "relative": ["my son", "my daughter", "my partner", "my brother", "my dad"],
    "language": ["Punjabi", "Polish", "Somali", "Arabic", "Tamil", "Portuguese"],
    "month": ["January", "March", "May", "the summer", "last autumn"],
    "role": [
        "community psychiatric nurse",
        "social worker",
        "occupational therapist",
        "psychologist",
        "support worker",
        "team manager",
    ],
}
FILLS["Relative"] = [r[0].upper() + r[1:] for r in FILLS["relative"]]
FIRST_HELP = ["My GP", "A pharmacy", "NHS 111", "Family or friends", "A local charity", "A&E"]
WORKSHOP_NOTES = [
    (
        "Table 1: travel and access",
        "Group felt localities drawn around PCNs make sense on a map but not on public "
        "transport. Suggested home visits or outreach at the practices for people who cannot "
        "travel. Two people said evening clinics would matter more than location.",
    ),
    (
        "Table 2: working with GP practices",
        "Practice staff welcomed a named link worker. Concern that GPs would refer everything to "
        "the MINT. Agreed a shared referral form and a weekly huddle would help. Question raised "
        "about who holds clinical responsibility.",
    ),
    (
        "Table 3: continuity of care",
        "Strong feeling that people on long-term caseloads should keep their worker through the "
        "change. Carers at the table asked to be told in writing about any change of worker.",
    ),
    (
        "Topic: peer support",
        "Peer support workers want to be part of each team from the start, with proper "
        "supervision. Residents said peer support was the most helpful thing they had used.",
    ),
]
FIRST_NAMES = ["Alex", "Sam", "Jo", "Priya", "Tomasz", "Aisha", "Chris", "Niamh", "Kwame", "Mei"]
LAST_NAMES = ["Example", "Sample", "Testwood", "Demoford", "Placeholder", "Mockley"]


def _questionnaire(consultation, sections, intro):
    questionnaire, created = Questionnaire.objects.get_or_create(
        consultation=consultation, defaults={"intro": intro}
    )
    if created:
        by_text = {}

        def condition(rule):
            # (text of an earlier question, answers that mean it is asked), or nothing
            if not rule:
                return {}
            text, values = rule
            return {"shown_if": by_text[text], "shown_if_answers": values}

        for s_index, (title, section_intro, questions, *rule) in enumerate(sections):
            section = QuestionSection.objects.create(
                questionnaire=questionnaire,
                title=title,
                intro=section_intro,
                sort_order=s_index,
                **condition(rule[0] if rule else None),
            )
            for q_index, (kind, text, required, choices, *q_rule) in enumerate(questions):
                by_text[text] = Question.objects.create(
                    section=section,
                    sort_order=q_index,
                    kind=kind,
                    text=text,
                    required=required,
                    choices=choices,
                    allow_other=kind == K.MULTIPLE_CHOICE,
                    **condition(q_rule[0] if q_rule else None),
                )
    return questionnaire


def _moment(rng, consultation):
    end = min(timezone.now(), consultation.closes_at)
    start = consultation.opens_at
    if end <= start:
        return start
    return start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def _agreement(rng, stance):
    weights = {
        "for": [40, 40, 10, 5, 3, 2],
        "against": [3, 7, 15, 35, 35, 5],
        "mixed": [10, 25, 30, 20, 10, 5],
    }[stance]
    return rng.choices([str(o) for o in Question.AGREEMENT_OPTIONS], weights=weights)[0]


def _say(rng, wordings, places=None):
    """One wording of a topic, with its details filled in; `places`, when given, are the only
    ones the person names (see _area)."""
    fills = {key: rng.choice(values) for key, values in FILLS.items()}
    fills["place2"] = rng.choice([p for p in FILLS["place"] if p != fills["place"]])
    if places:
        fills["place"] = _nearby(fills["place"], places)
        fills["place2"] = _nearby(fills["place2"], places, besides=fills["place"])
    fills.update(
        weeks=rng.randint(6, 40),
        caseload=rng.randint(32, 48),
        vacancies=rng.randint(3, 9),
        small=rng.randint(4, 7),
        workers=rng.randint(3, 6),
        years=rng.randint(2, 25),
        patients=rng.randrange(150, 900, 10),
        since=rng.randint(1998, 2023),
    )
    return rng.choice(wordings).format(**fills)


def _nearby(place, places, besides=None):
    """`place` if it is one of `places`, or else the one of them that stands in for it, never
    `besides`. Drawn by position, not at random, so every other demo answer stays as it was."""
    if place in places and place != besides:
        return place
    others = [p for p in places if p != besides] or places
    return others[FILLS["place"].index(place) % len(others)]


def _area(consultation):
    """What respondents to a consultation for some boroughs call their places and teams:
    (the places they name, {another borough's name: their own borough's}). For a consultation
    for everyone, or one whose boroughs the demo has no places for: (None, {})."""
    covered = list(consultation.boroughs.order_by("name"))
    if not covered or len(covered) == Borough.objects.count():
        return None, {}
    places = [place for borough in covered for place in PLACES.get(borough.slug, [])]
    others = Borough.objects.exclude(pk__in=[borough.pk for borough in covered])
    return places or None, {other.name: covered[0].name for other in others}


def _team_here(team, renamed):
    """A team named after another borough is, for this respondent, their own borough's."""
    for other, own in renamed.items():
        if team.startswith(f"{other} "):
            return own + team[len(other) :]
    return team


def _compose(rng, topics, details, most=2, places=None):
    """An answer: one to `most` different topics, sometimes with something about the person
    and an opening or closing remark."""
    count = rng.choices(range(1, most + 1), weights=[30, 50, 20][:most])[0]
    parts = [_say(rng, wordings, places) for wordings in rng.sample(topics, count)]
    if rng.random() < 0.5:
        parts.insert(rng.randint(0, len(parts)), _say(rng, details, places))
    if rng.random() < 0.25:
        parts.insert(0, rng.choice(OPENERS))
    if rng.random() < 0.2:
        parts.append(rng.choice(CLOSERS))
    return " ".join(parts)


def _answers_for(rng, response, questions, stance, resident, places=None):
    answers = []
    for question in questions:
        if not question.required and rng.random() < 0.12:
            continue  # people skip optional questions
        text, choices, number = "", [], None
        if question.kind == K.AGREEMENT:
            choices = [_agreement(rng, stance)]
        elif question.kind == K.MULTIPLE_CHOICE:
            choices = rng.sample(question.options(), rng.randint(1, 3))
            if rng.random() < 0.08:
                text = rng.choice(["Parking at the hubs", "Lone working safety", "Clear job plans"])
        elif question.kind == K.SINGLE_CHOICE:
            choices = [rng.choice(question.options())]
        elif question.kind == K.RATING:
            base = {"for": 4, "against": 2, "mixed": 3}[stance]
            number = max(1, min(5, base + rng.choice([-1, 0, 0, 1])))
            choices = [str(number)]
        elif question.kind == K.YES_NO:
            choices = [rng.choice(["Yes", "No"])]
        elif question.kind == K.SHORT_TEXT:
            text = rng.choice(FIRST_HELP)
        elif resident:
            worked = question.text.startswith("What worked")
            if not worked and rng.random() < 0.08:
                text = RESIDENT_CAMPAIGN
            else:
                text = _compose(
                    rng, RESIDENT_WORKED if worked else RESIDENT_BETTER, RESIDENT_DETAILS
                )
        elif "concerns" in question.text:
            if stance == "for" and rng.random() < 0.5:
                continue
            text = _compose(rng, CONCERNS, STAFF_DETAILS, most=3, places=places)
        else:
            pool = HELPS_AGAINST if stance == "against" else HELPS_FOR
            text = _compose(rng, pool, STAFF_DETAILS, places=places)
        answers.append(
            Answer(response=response, question=question, text=text, choices=choices, number=number)
        )
    return answers


def _asked_only(sections, answers):
    """The answers a respondent was asked for (skip logic: see feedback.conditions)."""
    given = {answer.question_id: list(answer.choices) for answer in answers}
    _sections, asked = conditions.asked(sections, given)
    return [answer for answer in answers if answer.question_id in asked]


def _responses(rng, consultation, count, *, resident):
    sections = questionnaire_sections(consultation=consultation)
    every = [question for section in sections for question in section.questions.all()]
    # Questions with skip logic get their own random numbers, so adding one leaves every
    # other demo answer as it was.
    conditional = {q.pk for q in every if conditions.governing(q)}
    questions = [q for q in every if q.pk not in conditional]
    extra = [q for q in every if q.pk in conditional]
    extra_rng = random.Random(SEED + 1)
    localities = list(Locality.objects.select_related("borough"))
    # A consultation limited to some boroughs hears from people there, as its form offers only
    # their localities. Each locality is drawn as before and only then moved (with its own
    # random numbers), so every other demo answer stays as it was.
    covered = set(consultation.boroughs.values_list("pk", flat=True))
    local = [place for place in localities if not covered or place.borough_id in covered]
    place_rng = random.Random(SEED + 2)
    # What they write names their places and teams too, not another borough's.
    places, renamed = _area(consultation)
    answers = []
    for index in range(count):
        stance = rng.choices(["for", "against", "mixed"], weights=[45, 30, 25])[0]
        if resident:
            capacity = rng.choice(["resident", "service_user", "carer", "service_user", "vcse"])
            team = ""
        else:
            capacity, team = rng.choice(STAFF_TEAMS)
            team = _team_here(team, renamed)
        anonymous = rng.random() < (0.25 if resident else 0.4)
        locality = rng.choice(localities) if localities and rng.random() < 0.85 else None
        if locality is not None and covered and locality.borough_id not in covered:
            locality = place_rng.choice(local) if local else None
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        channel = "online" if resident or rng.random() < 0.9 else rng.choice(["paper", "email"])
        response = Response.objects.create(
            consultation=consultation,
            submission_key=uuid.UUID(int=rng.getrandbits(128)),
            status=Response.Status.SUBMITTED,
            channel=channel,
            submitted_at=_moment(rng, consultation),
            capacity=capacity,
            team_or_service=team,
            on_behalf_of_organisation=capacity == "vcse",
            organisation_name="Example Wellbeing Network" if capacity == "vcse" else "",
            locality=locality,
            borough=locality.borough if locality else None,
            consent_to_quote=rng.random() < 0.7,
            is_anonymous=anonymous,
            respondent_name="" if anonymous else f"{first} {last}",
            respondent_email="" if anonymous else f"{first}.{last}.{index}@example.org".lower(),
            is_demo=True,
        )
        given = _answers_for(rng, response, questions, stance, resident, places)
        given += _answers_for(extra_rng, response, extra, stance, resident, places)
        answers.extend(_asked_only(sections, given))
    Answer.objects.bulk_create(answers)


def _workshop_notes(consultation):
    question = (
        Question.objects.filter(section__questionnaire__consultation=consultation, kind=K.LONG_TEXT)
        .order_by("section__sort_order", "sort_order")
        .first()
    )
    if question is None:
        return
    event = (
        WorkshopEventPage.objects.filter(consultation=consultation).order_by("starts_at").first()
    )
    for index, (table, notes) in enumerate(WORKSHOP_NOTES):
        response = Response.objects.create(
            consultation=consultation,
            submission_key=uuid.UUID(int=SEED * 1000 + index),
            status=Response.Status.SUBMITTED,
            channel=Response.Channel.WORKSHOP,
            submitted_at=event.ends_at if event else consultation.opens_at + timedelta(days=7),
            event=event,
            table_or_topic=table,
            is_anonymous=True,
            consent_to_quote=True,
            is_demo=True,
        )
        Answer.objects.create(response=response, question=question, text=notes)


DISCLOSURE = (
    "Honestly some days I want to end my life and the waiting list made it worse. "
    "Please make it quicker to get seen."
)


def _disclosure(consultation, text):
    """One invented response whose text the safeguarding screen should catch."""
    question = (
        Question.objects.filter(section__questionnaire__consultation=consultation, kind=K.LONG_TEXT)
        .order_by("-section__sort_order", "-sort_order")
        .first()
    )
    if question is None:
        return
    response = Response.objects.create(
        consultation=consultation,
        submission_key=uuid.UUID(int=SEED * 1000 + 99),
        status=Response.Status.SUBMITTED,
        submitted_at=consultation.opens_at + timedelta(days=3),
        capacity="service_user",
        is_anonymous=True,
        is_demo=True,
    )
    Answer.objects.create(response=response, question=question, text=text)


def _flag_demo(consultation):
    """Screen demo text so the safeguarding queue has something to show (no emails sent)."""
    for response in consultation.responses.filter(is_demo=True, safeguarding_flagged=False):
        texts = list(response.answers.exclude(text="").values_list("text", flat=True))
        categories = safeguarding.screen_texts(texts)
        if categories:
            response.safeguarding_flagged = True
            response.save(update_fields=["safeguarding_flagged"])
            SafeguardingAlert.objects.create(response=response, categories=categories)


def _equality(rng, consultation, count):
    from feedback import equality

    rows = []
    for _ in range(count):
        values = {}
        for name, (_question, options) in equality.QUESTIONS.items():
            if rng.random() < 0.1:
                continue
            values[name] = rng.choice([value for value, _label in options])
        rows.append(
            EqualityMonitoring(
                consultation=consultation,
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
                submitted_month=timezone.localdate(_moment(rng, consultation)).replace(day=1),
                is_demo=True,
                **values,
            )
        )
    EqualityMonitoring.objects.bulk_create(rows)


@transaction.atomic
def load():
    """Create questionnaires and demo responses once; running again changes nothing."""
    ensure_feedback_permissions()
    rng = random.Random(SEED)
    # The English pages: their translations (consultations.demo_languages) share the slugs.
    pages = in_default_language(ConsultationPage.objects.all())
    mint = pages.filter(slug=MINT_SLUG).first()
    residents = pages.filter(slug=RESIDENTS_SLUG).first()
    if mint is not None:
        _questionnaire(
            mint,
            MINT_SECTIONS,
            "About 10 minutes. You can respond anonymously, and save your answers to finish later.",
        )
        if not mint.responses.filter(is_demo=True).exists():
            _responses(rng, mint, 300, resident=False)
            _workshop_notes(mint)
            _flag_demo(mint)
            _equality(rng, mint, 160)
    if residents is not None:
        _questionnaire(
            residents,
            RESIDENT_SECTIONS,
            "Tell us what helps and what could be better. It takes about 5 minutes.",
        )
        if not residents.responses.filter(is_demo=True).exists():
            _responses(rng, residents, 150, resident=True)
            _disclosure(residents, DISCLOSURE)
            _flag_demo(residents)
            _equality(rng, residents, 80)
