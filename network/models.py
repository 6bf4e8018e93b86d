"""Members of the co-production network, opportunities, interests, involvement and payment."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from engage.forms import AdminModelForm, PageForm

MONEY = {"max_digits": 9, "decimal_places": 2}


class TakingPart(models.TextChoices):
    """The ways someone takes part in the network (a person may be several)."""

    RESIDENT = "resident", _("Resident")
    SERVICE_USER = "service_user", _("Service user or expert by experience")
    CARER = "carer", _("Carer")
    PEER_SUPPORT = "peer_support", _("Peer support worker")
    VCSE = "vcse", _("Voluntary or community sector (VCSE) worker")
    STAFF = "staff", _("NHS or council staff")


class ContactMethod(models.TextChoices):
    """How a member is happy to be contacted."""

    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")


class Availability(models.TextChoices):
    """When a member can usually take part."""

    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekday daytimes")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")
    ONLINE_ONLY = "online_only", _("Online only")


# --- Members ---------------------------------------------------------------------------------


class MemberProfile(models.Model):
    """A network member: how and where they take part, what they care about, and consents."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_profile"
    )
    preferred_name = models.CharField(_("name you would like us to use"), max_length=150)
    taking_part_as = models.JSONField(_("how you take part"), default=list)
    borough = models.ForeignKey(
        "consultations.Borough",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_members",
    )
    locality = models.ForeignKey(
        "consultations.Locality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_members",
    )
    topics = models.ManyToManyField("consultations.Topic", blank=True, related_name="+")
    # Free text is bounded like every other field (the form had accepted a megabyte and more).
    lived_experience = models.TextField(
        _("lived experience you choose to share"),
        blank=True,
        max_length=2000,
        help_text=_("Only the Involvement team can see this."),
    )
    access_needs = models.TextField(
        _("communication and access needs"), blank=True, max_length=1000
    )
    contact_methods = models.JSONField(_("how we may contact you"), default=list, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True, max_length=500)
    availability = models.JSONField(_("when you can usually take part"), default=list, blank=True)
    availability_notes = models.CharField(_("anything else about when"), max_length=250, blank=True)
    consent_contact_opportunities = models.BooleanField(
        _("contact me about opportunities to get involved"), default=False
    )
    consent_share_name = models.BooleanField(
        _("share my name with other members of groups I join"), default=False
    )
    receives_digest = models.BooleanField(
        _("email me a daily digest of new consultations and workshops that match"), default=True
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A digest whose send failed is not marked sent: the next run tries it again. These say
    # when the last attempt failed, and how many times in a row (both cleared on success).
    digest_failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    digest_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["preferred_name", "pk"]
        verbose_name = _("network member")

    def __str__(self):
        return self.preferred_name

    def clean(self):
        if self.locality_id and self.borough_id and self.locality.borough_id != self.borough_id:
            raise ValidationError({"locality": _("Choose a locality in the borough you chose.")})

    @property
    def email(self):
        """The member's sign-in email address."""
        return self.user.email

    def get_taking_part_as_display(self):
        """The ways of taking part, as readable text."""
        labels = dict(TakingPart.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.taking_part_as)

    def get_contact_methods_display(self):
        """The contact methods, as readable text."""
        labels = dict(ContactMethod.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.contact_methods)

    def get_availability_display(self):
        """The availability, as readable text."""
        labels = dict(Availability.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.availability)


# --- Opportunities (Wagtail pages) -----------------------------------------------------------


class OpportunityIndexPage(Page):
    """Lists the co-production groups and roles open to network members."""

    base_form_class = PageForm

    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.OpportunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("opportunity index page")

    def get_context(self, request, *args, **kwargs):
        """Open opportunities first, then closed ones."""
        from home.languages import localized, source_page
        from network import selectors

        # A translation of this page lists the opportunities under the English one (which
        # holds them), each in the visitor's language where it has been translated.
        source = source_page(self)
        context = super().get_context(request, *args, **kwargs)
        context["open_opportunities"] = localized(selectors.opportunities_open(parent=source))
        context["closed_opportunities"] = localized(selectors.opportunities_closed(parent=source))
        return context


class OpportunityPage(Page):
    """A co-production group or role members can express interest in."""

    base_form_class = PageForm

    class Kind(models.TextChoices):
        GROUP = "group", _("Co-production group")
        PANEL = "panel", _("Panel")
        ROLE = "role", _("Role")

    class Setting(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GROUP)
    summary = models.TextField(help_text=_("One or two plain-English sentences."))
    involves = RichTextField(
        _("what it involves"), features=["bold", "italic", "link", "ul", "ol", "h2", "h3"]
    )
    time_commitment = models.CharField(
        max_length=250, help_text=_("For example: two hours a month for six months.")
    )
    is_paid = models.BooleanField(_("paid"), default=True)
    payment_note = models.CharField(
        max_length=250, blank=True, help_text=_("For example: paid at the half-day rate.")
    )
    setting = models.CharField(
        _("in person or online"), max_length=20, choices=Setting.choices, default=Setting.HYBRID
    )
    location = models.CharField(max_length=250, blank=True)
    closes_on = models.DateField(_("closing date"))
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
        help_text=_("The consultation this group works on, if any: its members hear the outcome."),
    )
    topics = models.ManyToManyField("consultations.Topic", blank=True, related_name="+")

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("involves"),
        MultiFieldPanel(
            [
                FieldPanel("time_commitment"),
                FieldRowPanel([FieldPanel("is_paid"), FieldPanel("payment_note")]),
                FieldRowPanel([FieldPanel("setting"), FieldPanel("location")]),
                FieldPanel("closes_on"),
            ],
            heading=_("Practical details"),
        ),
        FieldPanel("consultation"),
        FieldPanel("topics"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("involves"),
        index.FilterField("closes_on"),
    ]
    parent_page_types = ["network.OpportunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    @property
    def is_open(self):
        """True until the end of the closing date (local time)."""
        return timezone.localdate() <= self.closes_on

    def get_context(self, request, *args, **kwargs):
        """Add the signed-in member's interest, if any."""
        context = super().get_context(request, *args, **kwargs)
        profile = None
        if request.user.is_authenticated:
            profile = MemberProfile.objects.filter(user=request.user).first()
        interest = self.interests.filter(member=profile).first() if profile is not None else None
        context["member_profile"] = profile
        context["interest"] = interest
        if interest is not None and interest.status == ExpressionOfInterest.Status.ACCEPTED:
            # Fellow members see each other's names only when each agreed to share it.
            context["fellow_members"] = [
                accepted.member.preferred_name
                for accepted in self.interests.filter(
                    status=ExpressionOfInterest.Status.ACCEPTED, member__consent_share_name=True
                )
                .exclude(member=profile)
                .select_related("member")
                .order_by("member__preferred_name")
            ]
        return context


class ExpressionOfInterest(models.Model):
    """A member's interest in an opportunity, and the Involvement team's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    opportunity = models.ForeignKey(
        OpportunityPage, on_delete=models.CASCADE, related_name="interests"
    )
    member = models.ForeignKey(MemberProfile, on_delete=models.CASCADE, related_name="interests")
    why_me = models.TextField(_("why you would like to take part"), max_length=1500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_message = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "member"], name="one_interest_per_member_per_opportunity"
            )
        ]

    def __str__(self):
        return f"{self.member} - {self.opportunity}"


# --- Payment rates and expenses (editable by staff) ------------------------------------------


@register_setting(icon="tag")
class PaymentRates(BaseGenericSetting):
    """Involvement payment rates, and the hours each rate covers."""

    base_form_class = AdminModelForm  # text is saved without control characters

    hourly_rate = models.DecimalField(**MONEY, default=Decimal("20.00"))
    hourly_up_to_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.00"),
        help_text=_("Involvement up to this many hours is paid by the hour."),
    )
    half_day_rate = models.DecimalField(**MONEY, default=Decimal("75.00"))
    half_day_up_to_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("4.00"),
        help_text=_("Longer involvement, up to this many hours, is paid the half-day rate."),
    )
    day_rate = models.DecimalField(
        **MONEY,
        default=Decimal("150.00"),
        help_text=_("Anything longer in one day is paid the day rate."),
    )

    panels = [
        FieldRowPanel([FieldPanel("hourly_rate"), FieldPanel("hourly_up_to_hours")]),
        FieldRowPanel([FieldPanel("half_day_rate"), FieldPanel("half_day_up_to_hours")]),
        FieldPanel("day_rate"),
    ]

    class Meta:
        verbose_name = _("involvement payment rates")

    def clean(self):
        if self.half_day_up_to_hours <= self.hourly_up_to_hours:
            raise ValidationError(
                {"half_day_up_to_hours": _("This must be more than the hourly limit.")}
            )


class ExpenseType(models.Model):
    """A kind of expense members can claim, e.g. travel or care costs."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=250, blank=True)
    maximum_amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leave empty for no limit."),
    )
    receipt_required = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("maximum_amount"),
        FieldPanel("receipt_required"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("expense type")

    def __str__(self):
        return self.name


# --- Involvement log -------------------------------------------------------------------------


class InvolvementRecord(models.Model):
    """One piece of involvement by a member, and the claim for payment it may carry."""

    class Activity(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        GROUP_MEETING = "group_meeting", _("Group meeting")
        INTERVIEW_PANEL = "interview_panel", _("Interview panel")
        READING_PAPERS = "reading_papers", _("Reading papers")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        PAID = "paid", _("Paid")

    class Source(models.TextChoices):
        MEMBER = "member", _("Logged by the member")
        STAFF = "staff", _("Logged by staff")
        ATTENDANCE = "attendance", _("Workshop attendance")

    member = models.ForeignKey(
        MemberProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement",
        help_text=_("Empty once a member deletes their account (paid records are kept)."),
    )
    activity = models.CharField(max_length=30, choices=Activity.choices)
    description = models.CharField(max_length=250, blank=True)
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    is_paid = models.BooleanField(_("claim payment for my time"), default=True)
    opportunity = models.ForeignKey(
        OpportunityPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registration = models.OneToOneField(
        "consultations.Registration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement_record",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MEMBER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    fee_amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        help_text=_("Worked out from the rates when approved, and then fixed."),
    )
    decision_note = models.CharField(max_length=250, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("involvement record")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0), name="involvement_hours_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_activity_display()}, {self.date:%d %b %Y}"

    @property
    def expenses_total(self):
        """The sum of the expenses claimed with this record."""
        return sum((expense.amount for expense in self.expenses.all()), Decimal("0.00"))

    # The payment rates to price a claim not yet approved with; a selector reading a list of
    # claims sets them once for all, so the rates are not read again for every row.
    payment_rates = None

    @property
    def total_owed(self):
        """Fee (fixed at approval, otherwise worked out now) plus expenses."""
        from network.services import involvement_fee

        fee = (
            self.fee_amount
            if self.fee_amount is not None
            else involvement_fee(record=self, rates=self.payment_rates)
        )
        return fee + self.expenses_total


class InvolvementExpense(models.Model):
    """An expense claimed with a piece of involvement."""

    record = models.ForeignKey(InvolvementRecord, on_delete=models.CASCADE, related_name="expenses")
    expense_type = models.ForeignKey(ExpenseType, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("expense")

    def __str__(self):
        return f"{self.expense_type}: £{self.amount}"


# --- Keeping people informed -----------------------------------------------------------------


class OutcomeNotification(models.Model):
    """Records that the people who took part in a consultation were told its outcome (once)."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("outcome notification")

    def __str__(self):
        return f"{self.consultation} ({self.recipient_count})"
