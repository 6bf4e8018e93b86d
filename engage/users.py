"""How a member of staff is named in the admin: "Name (email)", so two people called the same
can be told apart in every list and chooser."""

from django import forms


def user_display(user):
    """ "Priya Shah (priya@example.org)", or whichever of name and email the account has."""
    if user is None:
        return ""
    name = user.get_full_name().strip()
    email = (user.email or "").strip()
    if name and email:
        return f"{name} ({email})"
    return name or email or user.get_username()


class UserChoiceField(forms.ModelChoiceField):
    """A choice of one staff member, each shown with their email."""

    def label_from_instance(self, obj):
        return user_display(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several staff members, each shown with their email."""

    def label_from_instance(self, obj):
        return user_display(obj)
