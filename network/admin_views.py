"""Wagtail admin views for the Involvement team: decisions, claims, finance CSV, group members."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from engage import audit
from engage.ids import parse_id
from engage.spreadsheets import spreadsheet_row
from network import selectors, services
from network.forms import ClaimRejectForm, InterestDecisionForm
from network.models import ExpressionOfInterest, InvolvementRecord, OpportunityPage

CHANGE_INTEREST = "network.change_expressionofinterest"
VIEW_INTEREST = "network.view_expressionofinterest"
CHANGE_CLAIM = "network.change_involvementrecord"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def interest_decide(request, pk):
    """Read a member's interest and profile summary, then accept or decline with a message."""
    _require(request, CHANGE_INTEREST)
    interest = get_object_or_404(
        ExpressionOfInterest.objects.select_related("member__user", "opportunity"), pk=pk
    )
    form = InterestDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_decide(
                interest=interest,
                accept=form.cleaned_data["decision"] == "accept",
                message=form.cleaned_data["message"],
                decided_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision saved and emailed to the member."))
            return redirect("network_interests:index")
    return render(
        request,
        "network/admin/interest_decide.html",
        {
            "interest": interest,
            "member": interest.member,
            "form": form,
            "page_title": _("Review interest"),
            "header_icon": "mail",
        },
    )


def group_members(request):
    """Each opportunity with the members accepted into it."""
    _require(request, VIEW_INTEREST)
    groups = [
        {"opportunity": opportunity, "members": selectors.group_members(opportunity=opportunity)}
        for opportunity in OpportunityPage.objects.order_by("-closes_on", "title")
    ]
    return render(
        request,
        "network/admin/group_members.html",
        {"groups": groups, "page_title": _("Group members"), "header_icon": "group"},
    )


def claims(request):
    """Claims waiting for approval, and approved claims waiting to be paid."""
    _require(request, CHANGE_CLAIM)
    return render(
        request,
        "network/admin/claims.html",
        {
            "awaiting": selectors.claims_awaiting_approval(),
            "unpaid": selectors.claims_for_finance(),
            "page_title": _("Involvement claims"),
            "header_icon": "doc-full",
        },
    )


@require_POST
def claim_approve(request, pk):
    """Approve one claim at the current rates."""
    _require(request, CHANGE_CLAIM)
    record = get_object_or_404(InvolvementRecord, pk=pk)
    try:
        record = services.involvement_approve(record=record, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Claim approved: £%(total)s.") % {"total": record.total_owed})
    return redirect("network_admin:claims")


@require_http_methods(["GET", "POST"])
def claim_reject(request, pk):
    """Turn down one claim with a reason the member can see."""
    _require(request, CHANGE_CLAIM)
    record = get_object_or_404(InvolvementRecord.objects.select_related("member"), pk=pk)
    form = ClaimRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_reject(
                record=record, rejected_by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Claim turned down."))
        return redirect("network_admin:claims")
    return render(
        request,
        "network/admin/claim_reject.html",
        {
            "record": record,
            "form": form,
            "page_title": _("Turn down claim"),
            "header_icon": "cross",
        },
    )


@require_POST
def claims_mark_paid(request):
    """Mark the chosen approved claims as paid (recording who and when)."""
    _require(request, CHANGE_CLAIM)
    ids = {parse_id(value) for value in request.POST.getlist("record")} - {None}
    if not ids:
        messages.error(request, _("Choose at least one claim to mark as paid."))
        return redirect("network_admin:claims")
    count = services.involvement_mark_paid(record_ids=ids, paid_by=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)s claim marked as paid.", "%(count)s claims marked as paid.", count)
            % {"count": count},
        )
    if count < len(ids):
        # Another tab or person (or a double submit) got there first; say so plainly.
        messages.warning(
            request,
            _(
                "None of the chosen claims was marked as paid: someone has already marked "
                "them, or they are no longer approved."
            )
            if not count
            else _(
                "Some of the chosen claims were not marked as paid: someone has already "
                "marked them, or they are no longer approved."
            ),
        )
    return redirect("network_admin:claims")


def claims_csv(request):
    """The approved, unpaid claims as a CSV for the finance team."""
    _require(request, CHANGE_CLAIM)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="involvement-claims-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    audit.audit_record(
        user=request.user,
        action=audit.EXPORT_PERSONAL_DATA,
        details={"what": "involvement claims for finance", "format": "csv"},
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "claim_id",
            "member",
            "email",
            "postal_address",
            "date",
            "activity",
            "description",
            "hours",
            "fee_gbp",
            "expenses_gbp",
            "total_gbp",
            "approved_by",
            "approved_at",
        ]
    )
    for record in selectors.claims_for_finance():
        member = record.member
        writer.writerow(
            spreadsheet_row(
                [
                    record.pk,
                    member.preferred_name if member else "",
                    member.user.email if member else "",
                    member.postal_address if member else "",
                    record.date.isoformat(),
                    record.get_activity_display(),
                    record.description,
                    record.hours,
                    record.fee_amount,
                    record.expenses_total,
                    record.total_owed,
                    record.approved_by.get_username() if record.approved_by else "",
                    timezone.localtime(record.approved_at).isoformat()
                    if record.approved_at
                    else "",
                ]
            )
        )
    return response
