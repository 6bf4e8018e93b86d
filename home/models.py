"""Home page, plain content pages and the site's branding settings."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from engage.forms import AdminModelForm, PageForm
from home.blocks import BodyStreamBlock

hex_colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits.")
)


@register_setting(icon="site")
class BrandingSettings(BaseSiteSetting):
    """Organisation name, logo and colour: lets each partnership brand the site without code."""

    base_form_class = AdminModelForm  # text is saved without control characters

    # Shown on every page: fetch the logo and footer pages with the settings, not one by one.
    select_related = ["logo", "accessibility_page", "privacy_page"]

    organisation_name = models.CharField(max_length=120, default="engage")
    strapline = models.CharField(max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logo_alt_text = models.CharField(
        max_length=200, blank=True, help_text=_("Leave empty to use the organisation name.")
    )
    primary_colour = models.CharField(
        max_length=7,
        default="#005eb8",
        validators=[hex_colour_validator],
        help_text=_("Used for the header and buttons. Check it has 4.5:1 contrast with white."),
    )
    footer_text = models.TextField(blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("strapline"),
                FieldPanel("logo"),
                FieldPanel("logo_alt_text"),
                FieldPanel("primary_colour"),
            ],
            heading=_("Brand"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("branding")


class HomePage(Page):
    """The site's front page: a hero, an intro, and what is open now and coming up."""

    base_form_class = PageForm

    hero_title = models.CharField(max_length=150, default=_("Have your say"))
    hero_text = models.TextField(blank=True)
    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("intro"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        """Add the consultations open now and the next workshops."""
        from consultations import selectors
        from home.languages import localized

        context = super().get_context(request, *args, **kwargs)
        context["open_consultations"] = localized(selectors.consultations_open_now(limit=6))
        context["upcoming_events"] = localized(selectors.events_upcoming(limit=4))
        return context

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page, such as the accessibility statement or the privacy notice."""

    base_form_class = PageForm

    summary = models.TextField(blank=True, help_text=_("One or two plain-English sentences."))
    body = StreamField(BodyStreamBlock(), blank=True)
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
