"""Data protection officers' views: find what is held for an address, export it, erase it.

The address travels only in POST bodies, never in a URL, so it stays out of server logs.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.paginator import WagtailPaginator

from privacy import selectors, services
from privacy.forms import EraseForm, ExportForm, SearchForm
from privacy.roles import can_handle_data_requests

REQUESTS_PER_PAGE = 20


def _require(request):
    if not can_handle_data_requests(request.user):
        raise PermissionDenied


def _render(request, template, title, context, status=200):
    context = {
        "page_title": title,
        "header_icon": "lock",
        "equality_excluded": selectors.EQUALITY_EXCLUDED,
        **context,
    }
    return render(request, template, context, status=status)


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_http_methods(["GET", "POST"])
def index(request):
    """The search form and the register of requests; a search shows what is held."""
    _require(request)
    form = SearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        holdings = services.data_request_search(
            email=form.cleaned_data["email"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        action_initial = {"email": holdings.email, "reason": form.cleaned_data["reason"]}
        return _render(
            request,
            "privacy/admin/results.html",
            _("What is held for this address"),
            {
                "holdings": holdings,
                "export_form": ExportForm(initial=action_initial, prefix="export"),
                "erase_form": EraseForm(initial=action_initial),
            },
        )
    paginator = WagtailPaginator(selectors.requests_recent(), REQUESTS_PER_PAGE)
    requests_page = paginator.get_page(request.GET.get("p"))
    return _render(
        request,
        "privacy/admin/index.html",
        _("Data protection requests"),
        {
            "form": form,
            "requests": requests_page,
            "elided_page_range": paginator.get_elided_page_range(requests_page.number),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def export(request, fmt):
    """Download everything held for the address as JSON or CSV."""
    _require(request)
    form = ExportForm(request.POST, prefix="export")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("data_protection:index")
    try:
        filename, content_type, content = services.data_request_export(
            email=form.cleaned_data["email"],
            fmt=fmt,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.DataRequestError as error:
        messages.error(request, str(error))
        return redirect("data_protection:index")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def erase(request):
    """Ask the officer to confirm, then erase everything held for the address."""
    _require(request)
    form = EraseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("data_protection:index")
    email = form.cleaned_data["email"]
    if request.POST.get("stage") == "confirm" and form.cleaned_data["confirm"]:
        try:
            counts = services.data_request_erase(
                email=email, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.DataRequestError as error:
            messages.error(request, str(error))
            return redirect("data_protection:index")
        messages.success(
            request,
            _(
                "Erased: %(responses)s responses, %(registrations)s workshop registrations, "
                "%(accounts)s accounts and %(profiles)s network profiles."
            )
            % {
                "responses": counts["responses"],
                "registrations": counts["registrations"],
                "accounts": counts["accounts"],
                "profiles": counts["network_profiles"],
            },
        )
        return redirect("data_protection:index")
    not_confirmed = request.POST.get("stage") == "confirm"
    if not_confirmed:
        form.add_error("confirm", _("Tick the box to confirm, or go back."))
    holdings = selectors.holdings_for(email=email)
    return _render(
        request,
        "privacy/admin/erase_confirm.html",
        _("Erase what is held for this address"),
        {"holdings": holdings, "form": form},
        status=400 if not_confirmed else 200,
    )
