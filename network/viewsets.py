"""Wagtail admin for the Involvement team: members, interests, involvement log, expense types."""

from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView

from engage import audit
from engage.viewsets import AdminModelViewSet, AdminSnippetViewSet
from network import selectors, services
from network.models import ExpenseType, ExpressionOfInterest, InvolvementRecord, MemberProfile

# ModelViewSet has no get_queryset(request) hook (only SnippetViewSet has), so each listing's
# joins are set on its index view: without them every row costs a query or two.


class MemberIndexView(IndexView):
    """Members with their email (user) and borough in the same query."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "borough")


class MemberOpenedMixin:
    """Opening a member's profile (to read or edit it) is recorded in the audit log."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            audit.audit_record(
                user=self.request.user, action=audit.VIEW_PERSONAL_DATA, obj=self.object
            )
        return context


class MemberInspectView(MemberOpenedMixin, InspectView):
    """A member's profile, read by the Involvement team."""


class MemberEditView(MemberOpenedMixin, EditView):
    """A member's profile, opened for editing."""


class InterestIndexView(IndexView):
    """Interests with their member and opportunity in the same query."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "opportunity")


class InvolvementIndexView(IndexView):
    """Involvement with its member, and its expenses for the totals, without a query per row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member").prefetch_related("expenses")

    def get_table(self, object_list):
        # The page's records are priced at the current rates read once (see with_payment_rates);
        # they are the same instances as the page's, so the queryset is not read twice.
        selectors.with_payment_rates(object_list)
        return super().get_table(object_list)


class MemberProfileViewSet(AdminModelViewSet):
    """Members' profiles, read by the Involvement team (members keep them up to date)."""

    model = MemberProfile
    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    edit_view_class = MemberEditView
    icon = "group"
    menu_label = _("Members")
    add_to_admin_menu = False
    url_prefix = "network/members"
    inspect_view_enabled = True
    list_display = [
        TitleColumn("preferred_name", label=_("Name"), get_url=None),
        Column("email", label=_("Email")),
        Column("get_taking_part_as_display", label=_("Takes part as")),
        Column("borough", label=_("Borough")),
        DateColumn("created_at", label=_("Joined")),
    ]
    list_filter = ["borough", "consent_contact_opportunities", "receives_digest"]
    search_fields = ["preferred_name", "user__email"]
    search_backend_name = None
    exclude_form_fields = ["last_digest_at"]
    inspect_view_fields = [
        "preferred_name",
        "email",
        "taking_part_as",
        "borough",
        "locality",
        "topics",
        "lived_experience",
        "access_needs",
        "contact_methods",
        "phone",
        "postal_address",
        "availability",
        "availability_notes",
        "consent_contact_opportunities",
        "consent_share_name",
        "receives_digest",
        "created_at",
        "updated_at",
    ]


class InterestEditRedirectView(EditView):
    """Decisions go through the decision view, which records who decided and emails the member."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("network_admin:interest_decide", pk=kwargs["pk"])


class ExpressionOfInterestViewSet(AdminModelViewSet):
    """Members' expressions of interest, reviewed through the decision view."""

    model = ExpressionOfInterest
    index_view_class = InterestIndexView
    icon = "mail"
    menu_label = _("Expressions of interest")
    add_to_admin_menu = False
    url_prefix = "network/interests"
    inspect_view_enabled = True
    list_display = [
        TitleColumn("member", label=_("Member"), url_name="network_admin:interest_decide"),
        Column("opportunity", label=_("Opportunity")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Received")),
    ]
    list_filter = ["status", "opportunity"]
    form_fields = ["status", "decision_message"]
    edit_view_class = InterestEditRedirectView
    inspect_view_fields = ["member", "opportunity", "why_me", "status", "decision_message"]


class InvolvementRecordCreateView(CreateView):
    """Involvement added in the admin is marked as logged by staff."""

    def save_instance(self):
        self.form.instance.source = InvolvementRecord.Source.STAFF
        return super().save_instance()


class InvolvementRecordEditView(EditView):
    """Approved and paid claims are shown read-only, saying why; saving them changes nothing."""

    template_name = "network/admin/involvement_record_edit.html"

    @cached_property
    def edit_refusal(self):
        return services.involvement_edit_refusal(record=self.object)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.edit_refusal:
            for field in form.fields.values():
                field.disabled = True
        return form

    def is_valid(self, form):
        # Wagtail's hook for "a locked status on the model": the form is shown again with
        # the reason as its error message, and nothing is saved.
        if self.edit_refusal:
            self.produced_error_code = "claim_settled"
            self.produced_error_message = self.edit_refusal
            return False
        return super().is_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edit_refusal"] = self.edit_refusal
        return context


class InvolvementRecordViewSet(AdminModelViewSet):
    """The involvement log; staff can add involvement for members, and see every claim."""

    model = InvolvementRecord
    index_view_class = InvolvementIndexView
    icon = "time"
    menu_label = _("Involvement log")
    add_to_admin_menu = False
    url_prefix = "network/involvement"
    inspect_view_enabled = True
    list_display = [
        TitleColumn("member", label=_("Member")),
        Column("activity", label=_("Activity"), accessor="get_activity_display"),
        DateColumn("date", label=_("Date")),
        Column("hours", label=_("Hours")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("total_owed", label=_("Total £")),
    ]
    list_filter = ["status", "activity", "is_paid", "source"]
    add_view_class = InvolvementRecordCreateView
    edit_view_class = InvolvementRecordEditView
    form_fields = ["member", "activity", "description", "date", "hours", "is_paid", "opportunity"]
    inspect_view_fields = [
        "member",
        "activity",
        "description",
        "date",
        "hours",
        "is_paid",
        "source",
        "status",
        "fee_amount",
        "total_owed",
        "decision_note",
        "approved_by",
        "approved_at",
        "paid_by",
        "paid_at",
    ]


class ExpenseTypeViewSet(AdminSnippetViewSet):
    """Expense types members may claim, with optional limits."""

    model = ExpenseType
    icon = "tag"
    menu_label = _("Expense types")
    add_to_admin_menu = False
    url_prefix = "network/expense-types"
    list_display = ["name", "maximum_amount", "receipt_required", "is_active"]


member_viewset = MemberProfileViewSet("network_members")
interest_viewset = ExpressionOfInterestViewSet("network_interests")
involvement_viewset = InvolvementRecordViewSet("network_involvement")
expense_type_viewset = ExpenseTypeViewSet()
