"""URLs for the site shell."""

from django.urls import path

from home import views

urlpatterns = [
    path("brand.css", views.brand_css, name="brand_css"),
    path("language/<str:code>/", views.language_choose, name="language_choose"),
]
