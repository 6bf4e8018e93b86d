"""The `user_display` filter: a member of staff as "Name (email)"."""

from django import template

from engage.users import user_display as _user_display

register = template.Library()


@register.filter
def user_display(user):
    """ "Name (email)" for a user, "" for none."""
    return _user_display(user)
