"""StreamField blocks shared by every page body on the site."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2 or 3 (the page title is the only h1)."""

    text = blocks.CharBlock(label=_("Heading text"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading level 2")), ("h3", _("Heading level 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for something readers must not miss."""

    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("important", _("Important"))], default="info"
    )
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"


class AccessibleImageBlock(blocks.StructBlock):
    """An image that cannot be published without alternative text."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class AccessibleTableBlock(blocks.StructBlock):
    """A data table with a caption and header row."""

    caption = blocks.CharBlock(max_length=200, help_text=_("What the table shows."))
    table = TableBlock(table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"


class FAQItemBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class FAQBlock(blocks.StructBlock):
    """Frequently asked questions shown as an accordion (native details/summary)."""

    title = blocks.CharBlock(max_length=120, default=_("Frequently asked questions"))
    items = blocks.ListBlock(FAQItemBlock())

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"


class TimelineStageBlock(blocks.StructBlock):
    """A stage of a process with its date."""

    date_label = blocks.CharBlock(max_length=60, help_text=_('For example "March 2026".'))
    title = blocks.CharBlock(max_length=150)
    description = blocks.TextBlock(required=False)


class TimelineBlock(blocks.StructBlock):
    """The stages of a consultation or project, in order."""

    title = blocks.CharBlock(max_length=120, default=_("Timeline"))
    stages = blocks.ListBlock(TimelineStageBlock())

    class Meta:
        icon = "date"
        template = "blocks/timeline_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """The body blocks every content page can use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "document-link", "ul", "ol"]
    )
    callout = CalloutBlock()
    image = AccessibleImageBlock()
    table = AccessibleTableBlock()
    faq = FAQBlock()
    timeline = TimelineBlock()
