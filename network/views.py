"""Public views for network members: joining, profile, data, interests and involvement."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from network import selectors, services
from network.forms import AccountDeleteForm, InterestForm, InvolvementLogForm, MemberProfileForm
from network.models import ExpressionOfInterest, OpportunityPage


def _add_errors(form, error):
    """Put a service's ValidationError onto a form so the error summary shows it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def join(request):
    """What the network is and how to join; members are sent to their profile."""
    profile = selectors.member_profile_for(user=request.user)
    if profile is not None:
        return redirect("network:profile")
    return render(
        request,
        "network/join.html",
        {
            "signup_url": f"{reverse('account_signup')}?next={reverse('network:profile_edit')}",
            "login_url": f"{reverse('account_login')}?next={reverse('network:profile_edit')}",
        },
    )


@login_required
def profile(request):
    """Everything we hold about the member, with links to change, download or delete it."""
    member = selectors.member_profile_for(user=request.user)
    if member is None:
        return redirect("network:profile_edit")
    return render(
        request,
        "network/member_profile.html",
        {
            "member": member,
            "interests": selectors.member_interests(member=member),
            "topics": list(member.topics.all()),
            "responses": selectors.member_responses(user=request.user),
            "registrations": selectors.member_registrations(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """Create or change the member profile."""
    member = selectors.member_profile_for(user=request.user)
    creating = member is None
    # A new member's name is the one they signed up with, until they change it.
    initial = {"preferred_name": request.user.get_full_name()} if creating else None
    form = MemberProfileForm(request.POST or None, instance=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_profile_save(user=request.user, **form.profile_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Welcome to the network. Your profile is saved.")
                if creating
                else _("Your profile is saved."),
            )
            return redirect("network:profile")
    return render(request, "network/member_profile_form.html", {"form": form, "creating": creating})


@login_required
def profile_download(request):
    """Download everything held about the signed-in person as JSON."""
    data = selectors.member_data_export(user=request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-engage-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete the account and profile after the password is confirmed."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_delete(user=request.user)
        logout(request)
        return render(request, "network/account_deleted.html")
    return render(request, "network/account_delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def interest_create(request, page_id):
    """Express interest in an opportunity, with a short "why me"."""
    opportunity = get_object_or_404(OpportunityPage.objects.live().public(), pk=page_id)
    member = selectors.member_profile_for(user=request.user)
    if member is None:
        messages.info(request, _("Please complete your member profile first."))
        return redirect(f"{reverse('network:profile_edit')}")
    existing = opportunity.interests.filter(member=member).first()
    if existing and existing.status != ExpressionOfInterest.Status.WITHDRAWN:
        messages.info(request, _("You have already expressed interest in this."))
        return redirect("network:profile")
    if not opportunity.is_open:
        # Say so before they write their "why me", not after (an old tab or bookmark).
        messages.info(
            request,
            _("This opportunity has closed, so it no longer takes expressions of interest."),
        )
        return redirect(opportunity.url)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(
                member=member, opportunity=opportunity, why_me=form.cleaned_data["why_me"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. We have your interest in %(title)s and will be in touch.")
                % {"title": opportunity.title},
            )
            return redirect("network:profile")
    return render(
        request,
        "network/expression_of_interest_form.html",
        {"form": form, "opportunity": opportunity},
    )


@login_required
@require_POST
def interest_withdraw(request, pk):
    """Withdraw one of the member's own interests."""
    member = selectors.member_profile_for(user=request.user)
    if member is None:
        raise Http404
    interest = get_object_or_404(ExpressionOfInterest, pk=pk, member=member)
    services.interest_withdraw(interest=interest)
    messages.success(request, _("You have withdrawn your interest."))
    return redirect("network:profile")


@login_required
def involvement(request):
    """The member's involvement history and what has been paid."""
    member = selectors.member_profile_for(user=request.user)
    if member is None:
        return redirect("network:profile_edit")
    records = selectors.member_involvement(member=member)
    return render(
        request,
        "network/involvement_record_list.html",
        {
            "member": member,
            "records": records,
            "totals": selectors.involvement_totals(records=records),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def involvement_log(request):
    """Log a piece of involvement (and claim for it)."""
    member = selectors.member_profile_for(user=request.user)
    if member is None:
        return redirect("network:profile_edit")
    form = InvolvementLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.involvement_log(
                member=member,
                activity=data["activity"],
                date=data["date"],
                hours=data["hours"],
                is_paid=data["is_paid"],
                description=data["description"],
                expenses=form.expenses(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. Your involvement is logged and waiting for approval.")
            )
            return redirect("network:involvement")
    return render(request, "network/involvement_record_form.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients post one-click unsubscribes
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop the daily digest without logging in (GET asks, POST does it)."""
    member = services.member_from_unsubscribe_token(token)
    if member is None:
        return render(request, "network/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.member_unsubscribe(profile=member)
        return render(request, "network/unsubscribe_done.html")
    return render(request, "network/unsubscribe.html", {"token": token})
