"""Demo content for the site shell: home page, statement pages, branding and demo logins."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, User
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from engage import roles
from engage.roles import ensure_groups
from home.models import BrandingSettings, HomePage, StandardPage

DEMO_PASSWORD = "engage-demo-2026"  # noqa: S105 - development demo only, printed by make run

DEMO_USERS = [
    # (email, first name, last name, group, is_superuser)
    ("admin@example.org", "Alex", "Admin", None, True),
    ("editor@example.org", "Erin", "Editor", roles.CONSULTATION_EDITORS, False),
    ("analyst@example.org", "Ana", "Analyst", roles.ANALYSTS, False),
    ("facilitator@example.org", "Femi", "Facilitator", roles.FACILITATORS, False),
    ("safeguarding@example.org", "Sam", "Safeguarding", roles.SAFEGUARDING_LEADS, False),
    ("involvement@example.org", "Indra", "Involvement", roles.INVOLVEMENT_TEAM, False),
    ("member@example.org", "Morgan", "Member", None, False),
]

ACCESSIBILITY_BODY = [
    (
        "paragraph",
        "<p>This website is run by the engage partnership. We want as many people as "
        "possible to be able to use it. You should be able to change colours and fonts, zoom in up "
        "to 400% without text spilling off the screen, and get around the whole site using just a "
        "keyboard or speech recognition software, or a screen reader.</p>",
    ),
    ("heading", {"text": "How accessible this website is", "level": "h2"}),
    (
        "paragraph",
        "<p>We test every public page against the Web Content Accessibility "
        "Guidelines (WCAG) 2.2 at level AA with automated checks in a real browser, and by hand "
        "with a keyboard. Some older consultation documents in PDF format may not be fully "
        "accessible: ask us for an easy read, large print or other version.</p>",
    ),
    ("heading", {"text": "Feedback and contact information", "level": "h2"}),
    (
        "paragraph",
        "<p>If you need information on this website in a different format, such as an accessible "
        "PDF, large print, easy read, audio recording or braille, email engagement@example.org or "
        "call 01632 960000. We will consider your request and get back to you within 5 working "
        "days.</p>",
    ),
    ("heading", {"text": "Reporting accessibility problems with this website", "level": "h2"}),
    (
        "paragraph",
        "<p>We are always looking to improve the accessibility of this website. If you find any "
        "problems not listed on this page or think we are not meeting accessibility requirements, "
        "email engagement@example.org or call 01632 960000. Tell us the web address of the page, "
        "what you were trying to do and what went wrong.</p>",
    ),
    ("heading", {"text": "Enforcement procedure", "level": "h2"}),
    (
        "paragraph",
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for "
        "enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
        "Accessibility Regulations 2018. If you are not happy with how we respond to your "
        "complaint, contact the Equality Advisory and Support Service (EASS).</p>",
    ),
    (
        "heading",
        {"text": "Technical information about this website's accessibility", "level": "h2"},
    ),
    (
        "paragraph",
        "<p>The engage partnership is committed to making its website accessible, in accordance "
        "with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
        "Regulations 2018.</p>",
    ),
    ("heading", {"text": "Compliance status", "level": "h3"}),
    (
        "paragraph",
        "<p>This website is partially compliant with the Web Content Accessibility Guidelines "
        "version 2.2 AA standard, due to the non-compliances listed below.</p>",
    ),
    ("heading", {"text": "Non-accessible content", "level": "h3"}),
    (
        "paragraph",
        "<p>Some consultation documents published before December 2026 are PDFs that do not "
        "have headings or tags a screen reader can use (WCAG 1.3.1 Info and relationships). We "
        "publish an accessible version of any such document on request, and every new document "
        "is checked before it is published.</p>",
    ),
    ("heading", {"text": "Preparation of this accessibility statement", "level": "h2"}),
    (
        "paragraph",
        "<p>This statement was prepared on 2 March 2026. It was last reviewed on 6 December "
        "2026.</p><p>This website was last tested on 6 December 2026 against the WCAG 2.2 AA "
        "standard. Every public page and form was tested with automated checks (axe-core) in "
        "Chromium, by keyboard alone and at 320 pixels wide, by the engage partnership's own "
        "team.</p>",
    ),
]

PRIVACY_BODY = [
    (
        "paragraph",
        "<p>This notice explains what we do with the information you give us when you "
        "respond to a consultation, register for a workshop or join the co-production network.</p>",
    ),
    ("heading", {"text": "What we collect and why", "level": "h2"}),
    (
        "paragraph",
        "<p>We collect your answers so that we can understand what people think about "
        "proposals and report it to decision makers. Your name and email address are optional when "
        "you respond. If you respond as a member of staff you may choose to respond anonymously: "
        "then we store no name, email address, account or IP address with your answers.</p>",
    ),
    ("heading", {"text": "Equality monitoring", "level": "h2"}),
    (
        "paragraph",
        "<p>Equality questions are optional. Your answers are stored separately from "
        "your consultation response and are only ever reported in groups of 5 or more people.</p>",
    ),
    ("heading", {"text": "Quotes", "level": "h2"}),
    (
        "paragraph",
        "<p>We only quote what you wrote if you say we may, and we remove names, "
        "contact details and other personal details first.</p>",
    ),
    ("heading", {"text": "How long we keep it", "level": "h2"}),
    (
        "paragraph",
        "<p>Each consultation has a retention period. When it ends we delete names, "
        "email addresses and private links, and keep only the anonymous answers.</p>",
    ),
    ("heading", {"text": "Your rights", "level": "h2"}),
    (
        "paragraph",
        "<p>You can withdraw your response until the consultation closes using the "
        "link in your receipt, and ask us for a copy of what we hold about you: email "
        "dataprotection@example.org.</p>",
    ),
]


def load_users():
    """Create one login per role plus a superuser (password DEMO_PASSWORD); return them."""
    ensure_groups()
    users = []
    for email, first, last, group_name, is_superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=email,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        users.append(user)
    return users


def load_pages():
    """Put a HomePage at the site root with the accessibility statement and privacy notice."""
    # A database flushed by transactional tests loses the rows the migrations made (Wagtail's
    # and home 0002's): the site's languages.
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(code))
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(
            instance=HomePage(
                title="Home",
                slug="home-page",
                hero_title="Have your say on mental health services",
                hero_text=(
                    "The NHS trust, the council and local voluntary organisations are working "
                    "together to shape community mental health support. Tell us what you think, "
                    "come to a workshop, or join our co-production network."
                ),
                intro=(
                    "<p>Read the proposals in plain English, respond online in your own time, "
                    "and see what changed because of what people said.</p>"
                ),
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "engage"
            site.save()
        else:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name="engage"
            )
        if old_root and old_root.pk != home.pk and not old_root.get_children().exists():
            old_root.delete()
        home.save_revision().publish()

    pages = {}
    for slug, title, summary, body in [
        (
            "accessibility",
            "Accessibility statement",
            "How accessible this website is, and how to tell us about a problem.",
            ACCESSIBILITY_BODY,
        ),
        (
            "privacy",
            "Privacy notice",
            "What we do with the information you give us, and your rights.",
            PRIVACY_BODY,
        ),
    ]:
        page = StandardPage.objects.filter(slug=slug).first()
        if page is None:
            page = home.add_child(
                instance=StandardPage(title=title, slug=slug, summary=summary, body=body)
            )
            page.save_revision().publish()
        pages[slug] = page

    site = Site.objects.get(is_default_site=True)
    branding = BrandingSettings.for_site(site)
    branding.organisation_name = "engage: Mental Health Partnership"
    branding.strapline = "NHS, council and voluntary sector, working together"
    branding.footer_text = (
        "A partnership of the local NHS mental health trust, the borough council and "
        "voluntary, community and social enterprise organisations."
    )
    branding.accessibility_page = pages["accessibility"]
    branding.privacy_page = pages["privacy"]
    branding.save()
    return home


def load():
    """Load the shell's demo content; safe to run again."""
    load_users()
    load_pages()
