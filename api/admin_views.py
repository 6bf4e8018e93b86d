"""Staff manage their personal API tokens in the admin: list, create (shown once), revoke."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from api import selectors, services
from api.models import ExportToken


class TokenForm(forms.Form):
    """A name for the new token, so its owner knows later what it is for."""

    name = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        max_length=100,
        help_text=gettext_lazy("For example “Monthly export to the analysis server”."),
    )


def _require(user):
    """Only staff who may export responses make tokens (a token can do nothing else)."""
    if not (user.is_active and user.has_perm(selectors.EXPORT_PERMISSION)):
        raise PermissionDenied


def tokens_index(request):
    """The user's tokens (every token, for superusers), and a form to make one."""
    _require(request.user)
    tokens = ExportToken.objects.select_related("user")
    if not request.user.is_superuser:
        tokens = tokens.filter(user=request.user)
    created = None
    form = TokenForm()
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
            created = {"token": token, "raw": raw}
            form = TokenForm()
    response = render(
        request,
        "api/admin/tokens.html",
        {
            "page_title": _("API tokens"),
            "header_icon": "key",
            "tokens": tokens,
            "form": form,
            "created": created,
            "consultations": selectors.export_consultations_for(user=request.user).only("title"),
        },
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@require_POST
def token_revoke(request, pk):
    """Revoke one of the user's tokens (any token, for a superuser)."""
    _require(request.user)
    tokens = ExportToken.objects.all()
    if not request.user.is_superuser:
        tokens = tokens.filter(user=request.user)
    token = get_object_or_404(tokens, pk=pk)
    services.token_revoke(token=token, user=request.user)
    from django.contrib import messages

    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:index")
