"""StreamField blocks for the editable parts of a committee report."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Rich text in a committee report stays plain: the PDF is tagged, so only structure-bearing
# features that map onto real PDF tags are offered.
REPORT_RICH_TEXT_FEATURES = ["bold", "italic", "ul", "ol", "link"]


class ValueAlignmentBlock(blocks.StructBlock):
    """One row of the council's values table: a value and how the report aligns to it."""

    value = blocks.CharBlock(label=_("Our value"), max_length=150)
    alignment = blocks.TextBlock(label=_("How this report aligns"))

    class Meta:
        icon = "list-ul"
        label = _("Value")


class NarrativeSectionBlock(blocks.StructBlock):
    """A numbered body section: a title and paragraphs numbered 1.1, 1.2 and so on."""

    title = blocks.CharBlock(max_length=200)
    body = blocks.RichTextBlock(features=REPORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Section")


class BackgroundPaperBlock(blocks.StructBlock):
    """A background paper used in preparing the report, beyond the consultation's own."""

    title = blocks.CharBlock(max_length=250)
    link = blocks.URLBlock(required=False)

    class Meta:
        icon = "doc-full"
        label = _("Background paper")


class RecommendationBlock(blocks.TextBlock):
    """One numbered recommendation to the committee."""

    class Meta:
        icon = "tick"
        label = _("Recommendation")


class AppendixTitleBlock(blocks.CharBlock):
    """An appendix supplied separately (the consultation summary is always Appendix 1)."""

    class Meta:
        icon = "doc-full"
        label = _("Appendix")
