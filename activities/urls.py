from django.urls import path

from activities.calendar_views import agenda_ics, my_agenda_ics, my_agenda_renew

urlpatterns = [
    # A dotted path never reaches Wagtail's page routing, so the feed of the URL contract is routed here.
    path("activiteiten/agenda.ics", agenda_ics, name="activities_feed"),
    # A person's own sign-ups at a secret address (activities.calendar_links), and a new address.
    path("activiteiten/mijn-agenda/nieuw/", my_agenda_renew, name="activities_my_feed_renew"),
    path("activiteiten/mijn-agenda/<str:token>/agenda.ics", my_agenda_ics, name="activities_my_feed"),
]
