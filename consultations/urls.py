"""Public URLs of the consultations app (pages themselves are served by Wagtail)."""

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("feeds/consultations/rss/", views.ConsultationsFeed(), name="feed_rss"),
    path("feeds/consultations/atom/", views.ConsultationsAtomFeed(), name="feed_atom"),
    path("feeds/events.ics", views.events_calendar, name="events_calendar"),
    path("workshops/<int:event_id>/event.ics", views.event_ics, name="event_ics"),
    path("workshops/<int:event_id>/register/", views.event_register, name="event_register"),
    path("workshops/<int:event_id>/registered/", views.registration_done, name="registration_done"),
    path("workshops/cancel/<str:token>/", views.registration_cancel, name="registration_cancel"),
]
