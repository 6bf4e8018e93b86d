"""Public URLs of the network app."""

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("network/join/", views.join, name="join"),
    path("network/profile/", views.profile, name="profile"),
    path("network/profile/edit/", views.profile_edit, name="profile_edit"),
    path("network/profile/download/", views.profile_download, name="profile_download"),
    path("network/profile/delete/", views.account_delete, name="account_delete"),
    path(
        "network/opportunities/<int:page_id>/interest/",
        views.interest_create,
        name="interest_create",
    ),
    path("network/interests/<int:pk>/withdraw/", views.interest_withdraw, name="interest_withdraw"),
    path("network/involvement/", views.involvement, name="involvement"),
    path("network/involvement/log/", views.involvement_log, name="involvement_log"),
    path("network/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
