"""Template tags for the equality monitoring form: ethnicity under its GSS group headings."""

from django import template

from feedback import equality

register = template.Library()

# The "any other ..." option of each group, next to which the "describe it" box belongs.
ANY_OTHER = {choices[-1][0] for _heading, choices in equality.ETHNICITY_GROUPS}


@register.simple_tag
def ethnicity_groups(field):
    """The ethnicity radios as (heading, options) under the five GSS group headings, then
    the options under no heading ("Prefer not to say"). Each option is a bound radio with
    ``is_any_other`` set on the last option of each group."""
    by_value = {str(option.data["value"]): option for option in field}
    groups = []
    grouped = set()
    for heading, choices in equality.ETHNICITY_GROUPS:
        options = []
        for value, _label in choices:
            option = by_value[value]
            option.is_any_other = value in ANY_OTHER
            options.append(option)
            grouped.add(value)
        groups.append((heading, options))
    rest = [option for value, option in by_value.items() if value not in grouped]
    return {"groups": groups, "rest": rest}


@register.simple_tag
def describe_box_after(field):
    """The "any other" option the describe box sits under: the one chosen, else the last."""
    value = field.value()
    return value if value in ANY_OTHER else equality.ETHNICITY_GROUPS[-1][1][-1][0]
