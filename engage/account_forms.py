"""allauth's account forms as this site needs them: each error names its field, and sign-up
asks for the person's name so that emails can greet them by it."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from engage.forms import EMAIL_FORMAT_ERROR, AccessibleFormMixin

# GOV.UK style: say what to do in the field's own words, never "This field is required."
REQUIRED_MESSAGES = {
    "name": _("Enter your name"),
    "login": _("Enter your email address"),
    "email": _("Enter your email address"),
    "password": _("Enter your password"),
    "oldpassword": _("Enter your current password"),
    "password1": _("Enter a password"),
    "password2": _("Enter the password again"),
}


class FieldNamedErrorsMixin(AccessibleFormMixin):
    """Give every field an error message of its own, linked to it like the site's forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in REQUIRED_MESSAGES:
                field.error_messages["required"] = REQUIRED_MESSAGES[name]
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = EMAIL_FORMAT_ERROR


class LoginForm(FieldNamedErrorsMixin, allauth_forms.LoginForm):
    """Sign in."""


class SignupForm(FieldNamedErrorsMixin, allauth_forms.SignupForm):
    """Create an account: name, email address and password."""

    name = forms.CharField(
        label=_("Your name"),
        help_text=_("We use it to greet you in emails and fill it in on forms for you."),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]

    def custom_signup(self, request, user):
        # One box, not first and last names: not everyone's name splits that way.
        user.first_name = self.cleaned_data["name"].strip()
        user.save(update_fields=["first_name"])


class AddEmailForm(FieldNamedErrorsMixin, allauth_forms.AddEmailForm):
    """Add an email address."""


class ChangePasswordForm(FieldNamedErrorsMixin, allauth_forms.ChangePasswordForm):
    """Change the password."""


class SetPasswordForm(FieldNamedErrorsMixin, allauth_forms.SetPasswordForm):
    """Set a password."""


class ResetPasswordForm(FieldNamedErrorsMixin, allauth_forms.ResetPasswordForm):
    """Ask for a password reset link."""


class ResetPasswordKeyForm(FieldNamedErrorsMixin, allauth_forms.ResetPasswordKeyForm):
    """Choose a new password from a reset link."""


class ReauthenticateForm(FieldNamedErrorsMixin, allauth_forms.ReauthenticateForm):
    """Confirm the password again before a sensitive change."""
