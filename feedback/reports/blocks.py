"""StreamField blocks for the editable parts of a committee report."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Rich text in a committee report stays plain: the PDF is tagged, so only structure-bearing
# features that map onto real PDF tags are offered.
REPORT_RICH_TEXT_FEATURES = ["bold", "italic", "ul", "ol", "link"]


def name_editor(widget, label):
    """Give a field's widget an accessible name of its own.

    Wagtail labels the hidden input behind a rich-text editor, not the editing area a screen
    reader lands in, and shows a stream child's label as a heading, not a <label>: axe counts
    both as fields without a name. Draftail passes `ariaLabel` on to the editing area.
    """
    if hasattr(widget, "options"):
        widget.options = {**widget.options, "ariaLabel": str(label)}
    else:
        widget.attrs["aria-label"] = str(label)
    return widget


def report_rich_text_widget(*, label):
    """The committee report's rich-text editor, named `label` for assistive technology."""
    from wagtail.admin.rich_text import get_rich_text_editor_widget

    return name_editor(get_rich_text_editor_widget(features=REPORT_RICH_TEXT_FEATURES), label)


class NamedRichTextBlock(blocks.RichTextBlock):
    """Rich text whose editing area is named after the block's label."""

    def deconstruct(self):
        # Stored and migrated as a plain RichTextBlock: the name only changes the editor.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs

    @cached_property
    def field(self):
        field = super().field
        name_editor(field.widget, self.label)
        return field


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
    body = NamedRichTextBlock(features=REPORT_RICH_TEXT_FEATURES)

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

    @cached_property
    def field(self):
        field = super().field
        name_editor(field.widget, self.label)
        return field

    class Meta:
        icon = "tick"
        label = _("Recommendation")


class AppendixTitleBlock(blocks.CharBlock):
    """An appendix supplied separately (the consultation summary is always Appendix 1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # CharBlock builds its form field here, not lazily as TextBlock does.
        name_editor(self.field.widget, self.label)

    class Meta:
        icon = "doc-full"
        label = _("Appendix")
