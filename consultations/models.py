"""Places, partners, consultations and workshop events, as published in Wagtail."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consultations.page_forms import WorkshopEventPageForm
from engage import tokens
from engage.forms import PageForm
from home.blocks import BodyStreamBlock

# --- Places, partners and people (snippets) -----------------------------------------------


class Borough(models.Model):
    """A London borough (or other council area) that the partnership covers."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("borough")

    def __str__(self):
        return self.name


class Locality(models.Model):
    """A locality inside a borough, grouping primary care networks."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="localities")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["borough__name", "name"]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="unique_locality_per_borough")
        ]

    def __str__(self):
        return f"{self.name} ({self.borough})"


class PrimaryCareNetwork(models.Model):
    """A primary care network (PCN): GP practices serving about 30,000-50,000 people."""

    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="pcns")
    name = models.CharField(max_length=150, unique=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("primary care network")

    def __str__(self):
        return self.name


class Ward(models.Model):
    """A council ward, as named in a committee report's "Wards affected"."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["borough__name", "name"]
        verbose_name = _("ward")
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="unique_ward_per_borough")
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A partner organisation: NHS trust, council, ICB, or voluntary-sector (VCSE) body."""

    class Kind(models.TextChoices):
        NHS_TRUST = "nhs_trust", _("NHS trust")
        COUNCIL = "council", _("Council")
        ICB = "icb", _("Integrated care board / CCG")
        VCSE = "vcse", _("Voluntary, community or social enterprise")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name


class ContactOfficer(models.Model):
    """A named officer people can contact about a consultation or report."""

    name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="officers"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact officer")

    def __str__(self):
        return f"{self.name}, {self.job_title}"


class Topic(models.Model):
    """A subject people care about, e.g. community mental health or peer support."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")

    def __str__(self):
        return self.name


# --- Consultations ------------------------------------------------------------------------


class ConsultationIndexPage(Page):
    """Lists consultations with filters, search and pagination."""

    base_form_class = PageForm

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1
    page_size = 10

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        """Add the filter form and one page of matching consultations."""
        from django.core.paginator import Paginator

        from consultations import selectors
        from consultations.forms import ConsultationFilterForm
        from home.languages import localized

        context = super().get_context(request, *args, **kwargs)
        form = ConsultationFilterForm(request.GET or None)
        filters = {}
        if form.is_bound:
            # Unknown filter values (a borough that no longer exists, say) count as not set;
            # anything else invalid is flagged on its field and left out. The valid filters
            # still apply.
            form.is_valid()
            filters = form.cleaned_data
        consultations = selectors.consultations_listing(
            status=filters.get("status") or None,
            audience=filters.get("audience") or None,
            borough=filters.get("borough"),
            topic=filters.get("topic"),
            query=(filters.get("q") or "").strip() or None,
        )
        page_obj = Paginator(consultations, self.page_size).get_page(request.GET.get("page"))
        context.update(
            {
                "filter_form": form,
                "page_obj": page_obj,
                "consultations": localized(page_obj.object_list),
                "is_filtered": any(filters.get(name) for name in form.fields),
                "now": timezone.now(),
            }
        )
        return context


class ConsultationStatus(models.TextChoices):
    """Where a consultation is in its life; always derived from its dates, never typed."""

    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed, awaiting outcome")
    OUTCOME_PUBLISHED = "outcome", _("Outcome published")


class ConsultationPage(Page):
    """A consultation or engagement: what is proposed, its documents, and later its outcome."""

    base_form_class = PageForm

    class Kind(models.TextChoices):
        STAFF = "staff", _("Informal staff consultation")
        PUBLIC = "public", _("Public consultation")
        COPRODUCTION = "coproduction", _("Co-production engagement")

    class Audience(models.TextChoices):
        STAFF = "staff", _("Staff")
        RESIDENTS = "residents", _("Residents")
        BOTH = "both", _("Staff and residents")

    summary = models.TextField(help_text=_("A plain-English summary: what, who, why, by when."))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.BOTH)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_organisations = ParentalManyToManyField(Organisation, blank=True, related_name="+")
    boroughs = ParentalManyToManyField(Borough, blank=True, related_name="consultations")
    localities = ParentalManyToManyField(Locality, blank=True, related_name="consultations")
    pcns = ParentalManyToManyField(
        PrimaryCareNetwork, blank=True, related_name="consultations", verbose_name=_("PCNs")
    )
    wards = ParentalManyToManyField(Ward, blank=True, related_name="consultations")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="consultations")
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    body = StreamField(BodyStreamBlock(), blank=True)
    contact_officer = models.ForeignKey(
        ContactOfficer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_heard = RichTextField(
        _("what we heard"), features=["bold", "italic", "link", "ul", "ol"], blank=True
    )
    outcome_decided = RichTextField(
        _("what we decided"), features=["bold", "italic", "link", "ul", "ol"], blank=True
    )
    outcome_published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Set when the outcome should appear; after closing.")
    )
    retention_days = models.PositiveIntegerField(
        default=365,
        help_text=_("Days after closing before names and emails are removed from responses."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("audience")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents")),
        MultiFieldPanel(
            [
                FieldPanel("lead_organisation"),
                FieldPanel("partner_organisations"),
                FieldPanel("contact_officer"),
            ],
            heading=_("Who is consulting"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("boroughs"),
                FieldPanel("localities"),
                FieldPanel("pcns"),
                FieldPanel("wards"),
                FieldPanel("topics"),
            ],
            heading=_("Places and topics"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("outcome_heard"),
                FieldPanel("outcome_decided"),
                FieldPanel("outcome_published_at"),
            ],
            heading=_("Outcome: you said, we did"),
        ),
        FieldPanel("retention_days"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("outcome_heard"),
        index.SearchField("outcome_decided"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
        index.FilterField("outcome_published_at"),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = ["consultations.WorkshopEventPage"]

    class Meta:
        verbose_name = _("consultation")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening.")})
        if (
            self.outcome_published_at
            and self.closes_at
            and self.outcome_published_at < self.closes_at
        ):
            raise ValidationError(
                {"outcome_published_at": _("The outcome can only be published after closing.")}
            )

    def status_at(self, moment):
        """Return the consultation's status at a moment in time."""
        if moment < self.opens_at:
            return ConsultationStatus.FORTHCOMING
        if moment < self.closes_at:
            return ConsultationStatus.OPEN
        if self.outcome_published_at and self.outcome_published_at <= moment:
            return ConsultationStatus.OUTCOME_PUBLISHED
        return ConsultationStatus.CLOSED

    @property
    def status(self):
        """The status now."""
        return self.status_at(timezone.now())

    @property
    def is_open(self):
        """True while responses are accepted."""
        return self.status == ConsultationStatus.OPEN

    @property
    def has_opened(self):
        """True from the moment it opens, closed or not: staff may then type in responses that
        came on paper, by email or by phone, including late ones after it closes."""
        return self.status != ConsultationStatus.FORTHCOMING

    def respond_url(self):
        """The start of the online questionnaire, or None when the consultation has none (the
        page then says how else to respond)."""
        from django.urls import reverse

        from home.languages import source_page

        # Translations share their source page's questionnaire: one set of questions and
        # answers whatever the language, reached under the visitor's language prefix.
        source = source_page(self)
        if not hasattr(source, "questionnaire"):
            return None
        return reverse("feedback:respond", kwargs={"consultation": source.slug})

    def get_context(self, request, *args, **kwargs):
        """Add documents, background papers, upcoming events and the status right now."""
        from consultations import selectors
        from home.languages import localized, source_page

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        documents = selectors.consultation_documents(consultation=self)
        context.update(
            {
                "now": now,
                "status": self.status_at(now),
                "documents": [item for item in documents if not item.is_background_paper],
                "background_papers": [item for item in documents if item.is_background_paper],
                "events": localized(
                    selectors.events_for_consultation(consultation=source_page(self))
                ),
                "respond_url": (
                    self.respond_url() if self.status_at(now) == ConsultationStatus.OPEN else None
                ),
                "show_outcome": self.outcome_is_published_at(now),
            }
        )
        return context

    def outcome_is_published_at(self, moment):
        """True when the "you said, we did" outcome may be shown at a moment in time."""
        return self.status_at(moment) == ConsultationStatus.OUTCOME_PUBLISHED

    def time_left_at(self, moment):
        """Time until closing while open at a moment, else None (for "Closes in 3 days")."""
        if self.status_at(moment) != ConsultationStatus.OPEN:
            return None
        return self.closes_at - moment


class ConsultationDocument(Orderable):
    """A document published with a consultation, with optional alternative formats."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=250, blank=True)
    is_background_paper = models.BooleanField(
        default=False, help_text=_("Background papers are listed separately, as in reports.")
    )
    easy_read = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    large_print = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_language = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_language_name = models.CharField(max_length=60, blank=True)

    panels = [
        FieldPanel("document"),
        FieldPanel("description"),
        FieldPanel("is_background_paper"),
        FieldPanel("easy_read"),
        FieldPanel("large_print"),
        FieldRowPanel([FieldPanel("other_language"), FieldPanel("other_language_name")]),
    ]


# --- Workshop events ----------------------------------------------------------------------


class EventIndexPage(Page):
    """Lists upcoming and past workshops; holds events not tied to one consultation."""

    base_form_class = PageForm

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["consultations.WorkshopEventPage"]
    max_count = 1
    past_page_size = 10

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        """Add every upcoming event and a page of past ones (events anywhere on the site)."""
        from django.core.paginator import Paginator

        from consultations import selectors
        from home.languages import localized

        context = super().get_context(request, *args, **kwargs)
        past = Paginator(selectors.events_listing(past=True), self.past_page_size)
        past_page = past.get_page(request.GET.get("page"))
        past_page.object_list = localized(past_page.object_list)
        context.update(
            {
                "upcoming_events": localized(selectors.events_listing()),
                "past_page": past_page,
                "now": timezone.now(),
            }
        )
        return context


class RegistrationState(models.TextChoices):
    """Whether an event takes registrations; derived from its dates and cancellation."""

    OPEN = "open", _("Registration is open")
    NOT_YET_OPEN = "not_yet_open", _("Registration has not opened yet")
    CLOSED = "closed", _("Registration has closed")
    PAST = "past", _("This event has already taken place")
    CANCELLED = "cancelled", _("This event has been cancelled")


class WorkshopEventPage(Page):
    """A workshop or event people can register for."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    summary = models.TextField(blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue_name = models.CharField(max_length=150, blank=True)
    venue_address = models.TextField(blank=True)
    step_free_access = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    nearest_transport = models.CharField(max_length=250, blank=True)
    accessibility_notes = models.TextField(blank=True)
    joining_link = models.URLField(
        blank=True, help_text=_("Only sent in the registration confirmation; never shown publicly.")
    )
    capacity = models.PositiveIntegerField(default=30)
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    is_cancelled = models.BooleanField(default=False)
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_events"
    )
    consultation = models.ForeignKey(
        ConsultationPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
        FieldPanel("format"),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("step_free_access"),
                FieldPanel("hearing_loop"),
                FieldPanel("nearest_transport"),
                FieldPanel("accessibility_notes"),
                FieldPanel("joining_link"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("is_cancelled"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("facilitators"),
        FieldPanel("consultation"),
        FieldRowPanel([FieldPanel("borough"), FieldPanel("locality")]),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("starts_at"),
    ]
    parent_page_types = ["consultations.EventIndexPage", "consultations.ConsultationPage"]
    subpage_types = []
    base_form_class = WorkshopEventPageForm

    class Meta:
        verbose_name = _("workshop event")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    def has_ended_at(self, moment):
        """True once the event is over."""
        return self.ends_at <= moment

    def registration_state_at(self, moment):
        """Whether people can register at a moment: one of RegistrationState."""
        if self.is_cancelled:
            return RegistrationState.CANCELLED
        if self.starts_at <= moment:
            return RegistrationState.PAST
        if self.registration_opens_at and moment < self.registration_opens_at:
            return RegistrationState.NOT_YET_OPEN
        if self.registration_closes_at and self.registration_closes_at <= moment:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    @property
    def registration_state(self):
        """Whether people can register now."""
        return self.registration_state_at(timezone.now())

    def get_context(self, request, *args, **kwargs):
        """Add the registration form, places left and whether registration is open."""
        from consultations import selectors
        from consultations.forms import RegistrationForm
        from home.languages import source_page

        context = super().get_context(request, *args, **kwargs)
        # A translation shares its source's places (consultations.views._public_event).
        confirmed = selectors.event_confirmed_count(event=source_page(self))
        context.setdefault(
            "form", RegistrationForm(event=self, user=getattr(request, "user", None))
        )
        context.update(
            {
                "registration_state": self.registration_state,
                "confirmed_count": confirmed,
                "places_left": max(self.capacity - confirmed, 0),
                "now": timezone.now(),
            }
        )
        return context

    @property
    def has_online_part(self):
        """True for online and hybrid events, which need a joining link."""
        return self.format in {self.Format.ONLINE, self.Format.HYBRID}


class Registration(models.Model):
    """A person's place (or waitlist place) at a workshop event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Capacity(models.TextChoices):
        STAFF = "staff", _("Member of staff")
        RESIDENT = "resident", _("Resident")
        SERVICE_USER = "service_user", _("Service user")
        CARER = "carer", _("Carer")
        PEER_SUPPORT = "peer_support", _("Peer support worker")
        VCSE = "vcse", _("Voluntary or community organisation")
        OTHER = "other", _("Other")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class AccessNeed(models.TextChoices):
        BSL = "bsl", _("British Sign Language interpreter")
        HEARING_LOOP = "hearing_loop", _("Hearing loop")
        LARGE_PRINT = "large_print", _("Large print materials")
        STEP_FREE = "step_free", _("Step-free access")
        DIETARY = "dietary", _("Dietary requirements")
        OTHER = "other", _("Something else")

    event = models.ForeignKey(
        WorkshopEventPage, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(max_length=150)
    # Blank only for a walk-in who gave no address: every registration made online has one.
    email = models.EmailField(blank=True)
    capacity_type = models.CharField(_("taking part as"), max_length=20, choices=Capacity.choices)
    access_needs = models.JSONField(default=list, blank=True)
    access_other = models.TextField(blank=True)
    consent_to_contact = models.BooleanField(default=False)
    attendance = models.CharField(
        _("coming in person or online"),
        max_length=20,
        choices=Attendance.choices,
        blank=True,
        help_text=_("Asked at hybrid events only. Online places are not limited."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    # The private cancel link: only sha256 of its token is stored; the token is derived from
    # link_key (see engage.tokens), so later emails (reminders) can carry the same link.
    link_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cancel_token_hash = models.CharField(
        max_length=64, unique=True, default=tokens.placeholder_hash, editable=False
    )
    attended = models.BooleanField(null=True, blank=True)

    # How someone who came took part, recorded for hybrid events (blank when not recorded);
    # ``attendance`` is what they said they would do when registering.
    AttendedAs = Attendance
    attended_as = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    # Came on the day without registering, added by a facilitator.
    is_walk_in = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The interface language the person registered in: every later email (confirmation, a
    # place freed up, the reminder) is written in it, even when sent by a background task.
    language = models.CharField(max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When this person moved from the waiting list.")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        permissions = [
            ("view_all_registrations", _("Can see registrations for every event")),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registration_queue_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                "event",
                models.functions.Lower("email"),
                # Walk-ins without an email address are told apart by name, not email.
                condition=~models.Q(status="cancelled") & ~models.Q(email=""),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} - {self.event}"

    CANCEL_LINK = "consultations.cancel"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.cancel_token_hash = tokens.derived_hash(self.CANCEL_LINK, self.link_key)
        super().save(*args, **kwargs)

    @staticmethod
    def takes_a_place_q(prefix=""):
        """Registrations that use one of an event's limited places: confirmed, not online.

        ``prefix`` reaches them through a relation, e.g. ``"registrations__"``. At a hybrid
        event the capacity is the room's, so people joining online do not fill it.
        """
        return models.Q(**{f"{prefix}status": Registration.Status.CONFIRMED}) & ~models.Q(
            **{f"{prefix}attendance": Registration.Attendance.ONLINE}
        )

    def cancel_link_token(self):
        """The token for the private cancel link, or "" if it cannot be rebuilt (see tokens)."""
        return tokens.link_token(self.CANCEL_LINK, self.link_key, self.cancel_token_hash)

    @classmethod
    def by_cancel_token(cls, token):
        """Registrations whose cancel link carries this token (at most one)."""
        return cls.objects.filter(cancel_token_hash=tokens.token_hash(token))

    @property
    def access_need_labels(self):
        """The access needs as readable labels, with the free-text "other" need spelled out."""
        labels = []
        for value in self.access_needs or []:
            if value == self.AccessNeed.OTHER:
                if self.access_other:
                    labels.append(f"{self.AccessNeed.OTHER.label}: {self.access_other}")
                continue
            try:
                labels.append(str(self.AccessNeed(value).label))
            except ValueError:
                labels.append(value)
        if self.access_other and self.AccessNeed.OTHER not in (self.access_needs or []):
            labels.append(f"{self.AccessNeed.OTHER.label}: {self.access_other}")
        return labels
