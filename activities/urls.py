from django.urls import path

from activities.calendar_views import agenda_ics, my_agenda_ics, my_agenda_renew
from activities.views import cancel_by_link

urlpatterns = [
    # A dotted path never reaches Wagtail's page routing, so the feed of the URL contract is routed here.
    path("activiteiten/agenda.ics", agenda_ics, name="activities_feed"),
    # A person's own sign-ups at a secret address (activities.calendar_links), and a new address.
    path("activiteiten/mijn-agenda/nieuw/", my_agenda_renew, name="activities_my_feed_renew"),
    path("activiteiten/mijn-agenda/<str:token>/agenda.ics", my_agenda_ics, name="activities_my_feed"),
    # The link in the sign-up e-mail that cancels without logging in (activities.tokens).
    path("activiteiten/afmelden/<str:token>/", cancel_by_link, name="activities_cancel_link"),
]
