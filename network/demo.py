"""Demo content for the co-production network: members, opportunities, involvement history."""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consultations.demo_languages import pages_translate
from consultations.models import Borough, Locality, Topic
from home import demo as home_demo
from home.languages import in_default_language
from home.models import HomePage
from network.models import (
    ExpenseType,
    ExpressionOfInterest,
    InvolvementExpense,
    InvolvementRecord,
    MemberProfile,
    OpportunityIndexPage,
    OpportunityPage,
    PaymentRates,
)
from network.permissions import grant_involvement_team_permissions

# The same places and topics as consultations.demo, so members match published consultations.
PLACES = {
    "Ealing": ["Acton", "Southall"],
    "Hammersmith & Fulham": ["North", "South"],
    "Hounslow": ["Brentford", "Feltham"],
}
TOPICS = [
    "Community mental health",
    "Peer support",
    "Carers",
    "Older adults",
    "Psychological therapies",
    "Staff and teams",
]

# email, name, taking part as, borough, locality, topics, lived experience, access needs,
# contact methods, phone, availability
MEMBERS = [
    (
        "member@example.org",
        "Morgan Member",
        ["service_user", "resident"],
        "Ealing",
        "Acton",
        ["Community mental health", "Peer support"],
        "Used community mental health services for several years.",
        "Papers a week before meetings, please.",
        ["email"],
        "",
        ["weekday_daytime"],
    ),
    (
        "priya.example@example.org",
        "Priya",
        ["carer"],
        "Ealing",
        "Southall",
        ["Carers", "Community mental health"],
        "Cares for an adult son.",
        "Meetings after 10am, as I do the school run.",
        ["email", "phone"],
        "01632 960101",
        ["weekday_daytime", "online_only"],
    ),
    (
        "tom.example@example.org",
        "Tom",
        ["peer_support"],
        "Hounslow",
        "Feltham",
        ["Peer support", "Psychological therapies"],
        "",
        "",
        ["email"],
        "",
        ["weekday_daytime", "weekday_evening"],
    ),
    (
        "ade.example@example.org",
        "Ade",
        ["service_user"],
        "Hammersmith & Fulham",
        "North",
        ["Psychological therapies", "Staff and teams"],
        "Experience of crisis services and supported housing.",
        "Step-free access; I use a wheelchair.",
        ["phone", "post"],
        "01632 960102",
        ["weekend"],
    ),
    (
        "grace.example@example.org",
        "Grace",
        ["vcse"],
        "Hammersmith & Fulham",
        "South",
        ["Community mental health", "Older adults"],
        "",
        "",
        ["email"],
        "",
        ["weekday_daytime"],
    ),
    (
        "sam.example@example.org",
        "Sam",
        ["resident", "carer"],
        "Hounslow",
        "Brentford",
        ["Carers"],
        "Supports a partner with bipolar disorder.",
        "British Sign Language interpreter.",
        ["email"],
        "",
        ["weekday_evening"],
    ),
    (
        "lena.example@example.org",
        "Lena",
        ["staff"],
        "Ealing",
        "Southall",
        ["Community mental health"],
        "",
        "",
        ["email"],
        "",
        ["weekday_daytime"],
    ),
    (
        "joe.example@example.org",
        "Joe",
        ["service_user", "peer_support"],
        "Ealing",
        "Acton",
        ["Peer support", "Older adults"],
        "Lived experience of psychosis in my early twenties.",
        "Large print papers.",
        ["email", "post"],
        "",
        ["weekday_daytime", "weekend"],
    ),
    (
        "mei.example@example.org",
        "Mei",
        ["resident"],
        "Hounslow",
        "Feltham",
        ["Staff and teams"],
        "",
        "Interpreter for Cantonese would help in longer meetings.",
        ["phone"],
        "01632 960103",
        ["weekend", "online_only"],
    ),
    (
        "kwame.example@example.org",
        "Kwame",
        ["service_user"],
        "Hammersmith & Fulham",
        "North",
        ["Community mental health", "Psychological therapies"],
        "Experience of inpatient care and of the home treatment team.",
        "",
        ["email"],
        "",
        ["weekday_evening"],
    ),
    (
        "rosa.example@example.org",
        "Rosa",
        ["carer", "vcse"],
        "Ealing",
        "Southall",
        ["Carers", "Older adults"],
        "Parent of a teenager who used CAMHS.",
        "Quiet room for breaks.",
        ["email", "phone"],
        "01632 960104",
        ["weekday_daytime"],
    ),
    (
        "dev.example@example.org",
        "Dev",
        ["peer_support", "staff"],
        "Hounslow",
        "Brentford",
        ["Peer support", "Community mental health"],
        "",
        "",
        ["email"],
        "",
        ["weekday_daytime", "weekday_evening"],
    ),
]

OPPORTUNITIES = [
    {
        "slug": "community-teams-design-group",
        "title": "Design group for the new community mental health teams",
        "kind": OpportunityPage.Kind.GROUP,
        "summary": (
            "Work alongside clinicians and managers to shape how the new place-based community "
            "teams will welcome people, share information and follow up."
        ),
        "involves": (
            "<p>Six meetings of the design group, each about two and a half hours, with short "
            "papers to read before each one. You will help decide what a good first contact "
            "looks like and test draft leaflets.</p>"
        ),
        "time_commitment": "About three hours a month for six months",
        "is_paid": True,
        "payment_note": "Paid at the half-day rate for each meeting, plus travel.",
        "setting": OpportunityPage.Setting.HYBRID,
        "location": "Acton community hub, or online",
        "days_open": 30,
    },
    {
        "slug": "peer-reviewer-panel",
        "title": "Peer reviewer panel",
        "kind": OpportunityPage.Kind.PANEL,
        "summary": (
            "Read draft leaflets, letters and web pages and tell us whether they make sense to "
            "people who use services."
        ),
        "involves": (
            "<p>We send you a few documents each month. You read them at home and send "
            "comments by email or phone, or talk them through with us.</p>"
        ),
        "time_commitment": "One to two hours a month, in your own time",
        "is_paid": True,
        "payment_note": "Paid by the hour.",
        "setting": OpportunityPage.Setting.ONLINE,
        "location": "",
        "days_open": 60,
    },
    {
        "slug": "interview-panel-peer-support-lead",
        "title": "Interview panel: peer support lead",
        "kind": OpportunityPage.Kind.ROLE,
        "summary": (
            "Sit on the interview panel for the new peer support lead, with a manager and an "
            "experienced peer worker."
        ),
        "involves": (
            "<p>A half-hour briefing, then a day of interviews. We give training on fair "
            "recruitment first.</p>"
        ),
        "time_commitment": "One day, plus a half-hour briefing",
        "is_paid": True,
        "payment_note": "Paid at the day rate.",
        "setting": OpportunityPage.Setting.IN_PERSON,
        "location": "Trust headquarters, Southall",
        "days_open": 14,
    },
]


def _borough(name):
    borough = Borough.objects.filter(name__iexact=name).first()
    if borough is None:
        borough = Borough.objects.filter(slug=slugify(name)).first()
    return borough or Borough.objects.create(name=name, slug=slugify(name))


def load_places_and_topics():
    """Use the published places and topics, adding the few the demo needs if missing."""
    localities = {}
    for borough_name, names in PLACES.items():
        borough = _borough(borough_name)
        for name in names:
            localities[name], _ = Locality.objects.get_or_create(borough=borough, name=name)
    topics = {}
    for name in TOPICS:
        topic = Topic.objects.filter(name__iexact=name).first()
        if topic is None:
            topic = Topic.objects.filter(slug=slugify(name)).first()
        topics[name] = topic or Topic.objects.create(name=name, slug=slugify(name))
    return localities, topics


def load_members():
    """A dozen members with varied, invented profiles; returns them by email."""
    localities, topics = load_places_and_topics()
    members = {}
    for index, row in enumerate(MEMBERS):
        email, name, taking_part, borough, locality, topic_names = row[:6]
        lived, access, contact, phone, availability = row[6:]
        user = User.objects.filter(username=email).first()
        if user is None:
            first, _, last = name.partition(" ")
            user = User.objects.create_user(
                username=email,
                email=email,
                password=home_demo.DEMO_PASSWORD,
                first_name=first,
                last_name=last or "Example",
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        profile, created = MemberProfile.objects.get_or_create(
            user=user,
            defaults={
                "preferred_name": name,
                "taking_part_as": taking_part,
                "borough": localities[locality].borough,
                "locality": localities[locality],
                "lived_experience": lived,
                "access_needs": access,
                "contact_methods": contact,
                "phone": phone,
                "postal_address": (
                    f"{10 + index} Example Road\nLondon" if "post" in contact else ""
                ),
                "availability": availability,
                "consent_contact_opportunities": True,
                "consent_share_name": index % 3 != 0,
                "receives_digest": index % 4 != 3,
            },
        )
        if created:
            profile.topics.set([topics[topic] for topic in topic_names])
        members[email] = profile
    return members


def load_opportunities():
    """The opportunity index under the home page (in menus) and three opportunities."""
    home = HomePage.objects.first()
    index = in_default_language(OpportunityIndexPage.objects.all()).first()
    if index is None:
        index = home.add_child(
            instance=OpportunityIndexPage(
                title="Get involved",
                slug="get-involved",
                show_in_menus=True,
                intro=(
                    "<p>Join a co-production group, review papers or sit on an interview "
                    "panel. We pay for your time on paid roles, and cover travel and care "
                    "costs.</p>"
                ),
            )
        )
        index.save_revision().publish()
    _let_involvement_team_publish(index)
    opportunities = {}
    today = timezone.localdate()
    for spec in OPPORTUNITIES:
        page = in_default_language(OpportunityPage.objects.filter(slug=spec["slug"])).first()
        if page is None:
            fields = {k: v for k, v in spec.items() if k != "days_open"}
            page = index.add_child(
                instance=OpportunityPage(
                    **fields, closes_on=today + datetime.timedelta(days=spec["days_open"])
                )
            )
            page.save_revision().publish()
        opportunities[spec["slug"]] = page
    # The page in the main menu reads in Polish, Punjabi and Arabic like the others.
    pages_translate([index])
    return opportunities


def _let_involvement_team_publish(index):
    """The Involvement team may add, edit and publish opportunities under the index."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from engage.roles import INVOLVEMENT_TEAM

    group = Group.objects.get(name=INVOLVEMENT_TEAM)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def load_payment_settings():
    """Rates and expense types as a partnership might set them."""
    rates = PaymentRates.load()
    if rates.pk is None:
        rates.save()
    for name, description, maximum, receipt in [
        ("Travel", "Public transport, taxi where agreed, or mileage.", Decimal("40.00"), True),
        ("Care costs", "Care for someone you look after while you take part.", None, True),
        ("Phone or data", "Top-up to join online meetings.", Decimal("10.00"), False),
    ]:
        ExpenseType.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "maximum_amount": maximum,
                "receipt_required": receipt,
            },
        )


def load_interests_and_involvement(members, opportunities):
    """Interests (some accepted) and an involvement history with approved and paid claims."""
    staff = User.objects.filter(username="involvement@example.org").first()
    now = timezone.now()
    design = opportunities["community-teams-design-group"]
    panel = opportunities["peer-reviewer-panel"]
    interview = opportunities["interview-panel-peer-support-lead"]
    interests = [
        ("member@example.org", design, "accepted", "I have used the community team for years."),
        ("priya.example@example.org", design, "accepted", "Carers are often left out."),
        ("joe.example@example.org", design, "pending", "I want services to feel less scary."),
        ("tom.example@example.org", interview, "accepted", "I have done peer work for 5 years."),
        ("rosa.example@example.org", panel, "pending", "I read a lot of NHS letters."),
        ("ade.example@example.org", panel, "declined", "I would like to help with letters."),
    ]
    for email, opportunity, status, why in interests:
        ExpressionOfInterest.objects.get_or_create(
            member=members[email],
            opportunity=opportunity,
            defaults={
                "why_me": why,
                "status": status,
                "decision_message": (
                    "Welcome aboard: we will send the dates soon."
                    if status == "accepted"
                    else "The panel is full for now; we will keep your details."
                    if status == "declined"
                    else ""
                ),
                "decided_by": staff if status != "pending" else None,
                "decided_at": now if status != "pending" else None,
            },
        )

    travel = ExpenseType.objects.get(name="Travel")
    today = timezone.localdate()
    history = [
        # email, days ago, activity, hours, paid, status, description, travel
        ("member@example.org", 60, "group_meeting", "2.5", True, "paid", "Design group 1", "6.80"),
        ("member@example.org", 30, "group_meeting", "2.5", True, "approved", "Design group 2", ""),
        ("member@example.org", 5, "reading_papers", "1.5", True, "submitted", "Draft leaflet", ""),
        ("priya.example@example.org", 60, "group_meeting", "2.5", True, "paid", "Design 1", "4.20"),
        ("priya.example@example.org", 30, "group_meeting", "2.5", True, "approved", "", "4.20"),
        ("tom.example@example.org", 20, "interview_panel", "7", True, "approved", "Interviews", ""),
        ("joe.example@example.org", 12, "workshop", "2", False, "approved", "Public workshop", ""),
        ("kwame.example@example.org", 3, "reading_papers", "1", True, "submitted", "Papers", ""),
    ]
    for email, days_ago, activity, hours, is_paid, status, description, travel_cost in history:
        member = members[email]
        date = today - datetime.timedelta(days=days_ago)
        if InvolvementRecord.objects.filter(member=member, date=date, activity=activity).exists():
            continue
        record = InvolvementRecord.objects.create(
            member=member,
            activity=activity,
            description=description,
            date=date,
            hours=Decimal(hours),
            is_paid=is_paid,
            source=InvolvementRecord.Source.MEMBER,
        )
        if travel_cost:
            InvolvementExpense.objects.create(
                record=record, expense_type=travel, amount=Decimal(travel_cost), note="Bus fare"
            )
        if status in ("approved", "paid"):
            from network.services import involvement_approve, involvement_mark_paid

            involvement_approve(record=record, approved_by=staff)
            if status == "paid":
                involvement_mark_paid(record_ids=[record.pk], paid_by=staff)


@transaction.atomic
def load():
    """Load the network's demo content; safe to run again."""
    home_demo.load_users()
    home_demo.load_pages()
    grant_involvement_team_permissions()
    load_payment_settings()
    members = load_members()
    opportunities = load_opportunities()
    load_interests_and_involvement(members, opportunities)
