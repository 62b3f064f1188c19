from django.urls import path

from activities.calendar_views import agenda_ics

urlpatterns = [
    # A dotted path never reaches Wagtail's page routing, so the feed of the URL contract is routed here.
    path("activiteiten/agenda.ics", agenda_ics, name="activities_feed"),
]
