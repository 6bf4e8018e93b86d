"""Public views: workshop registration and cancellation, feeds and calendar files."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from consultations import ical, selectors, services
from consultations.forms import RegistrationForm
from consultations.models import ConsultationPage, Registration, WorkshopEventPage
from engage import ratelimit
from home import languages

SESSION_KEY = "consultations_registered"


def _public_event(event_id):
    """A live event not hidden behind a view restriction, or 404."""
    event = get_object_or_404(WorkshopEventPage.objects.live().public(), pk=event_id)
    # A translated event page shares its source's places and registrations.
    return languages.source_page(event)


@require_POST
def event_register(request, event_id):
    """Register for an event from the form on its page; errors re-show the page."""
    event = _public_event(event_id)
    form = RegistrationForm(request.POST, event=event, user=request.user)
    if form.is_spam():
        # Filled in by a bot: store nothing, and give nothing away.
        return TemplateResponse(request, "consultations/registration_spam.html", {"event": event})
    error = None
    status = 400
    if form.is_valid() and not ratelimit.allow(request, "consultations.register"):
        error = _(
            "We have had a lot of registrations from your connection in the last few minutes. "
            "Please wait a few minutes and try again; what you typed is still here."
        )
        status = 429
    elif form.is_valid():
        try:
            services.registration_create(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                capacity_type=form.cleaned_data["capacity_type"],
                access_needs=form.cleaned_data["access_needs"],
                access_other=form.cleaned_data["access_other"],
                consent_to_contact=form.cleaned_data["consent_to_contact"],
                attendance=form.cleaned_data.get("attendance", ""),
                user=request.user,
            )
        except services.RegistrationError as exc:
            error = exc.message
        else:
            # Only what the visitor typed: whoever owns the address may not be them, so the
            # next page says the same whatever state the registration is in.
            request.session[SESSION_KEY] = {
                "event": event.pk,
                "email": form.cleaned_data["email"].strip()[:254],
            }
            return redirect("consultations:registration_done", event_id=event.pk)
    if error:
        form.add_error(None, error)
    context = event.get_context(request)
    context["form"] = form
    return TemplateResponse(
        request, event.get_template(request), context, status=status if error else 200
    )


def registration_done(request, event_id):
    """ "Check your email": the same page whether the address was new, registered already,
    given a place or put on the waiting list (the email tells its owner which)."""
    event = _public_event(event_id)
    state = request.session.get(SESSION_KEY) or {}
    if state.get("event") != event.pk or not state.get("email"):
        return redirect(event.url)
    return TemplateResponse(
        request, "consultations/registration_done.html", {"event": event, "email": state["email"]}
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    """Cancel a registration from the private link in the confirmation email (no login)."""
    try:
        registration = services.registration_for_token(token=token)
    except services.RegistrationError as exc:
        return TemplateResponse(
            request, "consultations/registration_cancel.html", {"error": exc.message}, status=404
        )
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "waitlist_position": selectors.waitlist_position(registration=registration),
    }
    if request.method == "POST":
        try:
            registration = services.registration_cancel(token=token)
        except services.RegistrationError as exc:
            context["error"] = exc.message
            return TemplateResponse(
                request, "consultations/registration_cancel.html", context, status=400
            )
        context.update({"registration": registration, "cancelled": True})
    elif registration.status == Registration.Status.CANCELLED:
        context["cancelled"] = True
    elif event.starts_at <= timezone.now():
        context["error"] = _("This event has already started, so it cannot be cancelled.")
    return TemplateResponse(request, "consultations/registration_cancel.html", context)


def event_ics(request, event_id):
    """Download one event as an .ics file (no joining link: this file is public)."""
    event = _public_event(event_id)
    response = HttpResponse(ical.event_ics(event), content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(event.title) or 'event'}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def events_calendar(request):
    """An iCalendar feed of every upcoming event, for calendar apps to subscribe to."""
    events = selectors.events_listing()
    body = ical.events_ics(events, name=_("Workshops and events"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


class ConsultationsFeed(Feed):
    """RSS feed of the latest published consultations."""

    title = gettext_lazy("Consultations")
    description = gettext_lazy("New consultations and engagements, and their outcomes.")

    def link(self):
        index = _consultation_index()
        return index.url if index else "/"

    def feed_url(self):
        return reverse("consultations:feed_rss")

    def items(self):
        return (
            ConsultationPage.objects.live()
            .public()
            .order_by("-first_published_at", "-pk")
            .prefetch_related("topics")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        status = item.status.label
        return f"{item.summary}\n\n{_('Status')}: {status}"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class ConsultationsAtomFeed(ConsultationsFeed):
    """The same feed in Atom format."""

    feed_type = Atom1Feed
    subtitle = ConsultationsFeed.description

    def feed_url(self):
        return reverse("consultations:feed_atom")


def _consultation_index():
    """The live consultation index page, for the feed's link."""
    from consultations.models import ConsultationIndexPage

    return ConsultationIndexPage.objects.live().first()
