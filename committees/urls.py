"""The resident's side of a message to the caretaker, on their own page: the conversation, and its photo."""

from django.urls import path

from committees import views

urlpatterns = [
    path("mijn/berichten/<int:pk>/", views.my_message, name="my_message"),
    path("mijn/berichten/<int:pk>/foto/", views.message_photo, name="message_photo"),
]
