"""Public URLs of the feedback app: the respond journey and the private links."""

from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("respond/<str:consultation>/", views.respond_start, name="respond"),
    path(
        "respond/<str:consultation>/section/<int:number>/",
        views.respond_section,
        name="respond_section",
    ),
    path("respond/<str:consultation>/check/", views.respond_check, name="respond_check"),
    path("respond/<str:consultation>/sent/", views.respond_done, name="respond_done"),
    path("respond/<str:consultation>/equality/", views.respond_equality, name="respond_equality"),
    path("respond/<str:consultation>/save/", views.respond_save, name="respond_save"),
    path("response/resume/<str:token>/", views.respond_resume, name="resume"),
    path("response/withdraw/<str:token>/", views.respond_withdraw, name="withdraw"),
]
