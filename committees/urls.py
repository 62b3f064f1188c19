"""The committees' own pages outside the page tree: the tenants' platform's view over time, and the resident's side
of a message to the caretaker (the conversation and its photo) on their own page."""

from django.urls import path

from committees import views

urlpatterns = [
    # Below the tenants' platform's page (/huurdersplatform/, URL contract); routed before Wagtail's pages.
    path("huurdersplatform/verloop/", views.platform_trend, name="platform_trend"),
    path("mijn/berichten/<int:pk>/", views.my_message, name="my_message"),
    path("mijn/berichten/<int:pk>/foto/", views.message_photo, name="message_photo"),
]
