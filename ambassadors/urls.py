from django.urls import path

from ambassadors import views

# The signed link of a visitor's booking. The token holds a colon, which Wagtail's page routing does not
# accept in a path segment, so these are Django routes under the /rondleidingen/ page.
booking_urlpatterns = [
    # The booking form of a chosen slot: a Django route, so its POST needs no page lookups (see the view).
    path("rondleidingen/<slug:building>/boeken/", views.tour_book, name="tour_book"),
    path("rondleidingen/<slug:building>/link-opnieuw/", views.tour_link_resend, name="tour_link_resend"),
    path("rondleidingen/<slug:building>/aanvragen/", views.tour_request, name="tour_request"),
    path("rondleidingen/<slug:building>/groep/<int:group_tour_id>/", views.group_place_book, name="group_place_book"),
    path("rondleidingen/groep/<str:token>/", views.group_place, name="group_place"),
    path("rondleidingen/boeking/<str:token>/", views.booking_detail, name="tour_booking"),
    path("rondleidingen/boeking/<str:token>/annuleren/", views.booking_cancel, name="tour_booking_cancel"),
    path("rondleidingen/boeking/<str:token>/verzetten/", views.booking_move, name="tour_booking_move"),
]

my_urlpatterns = [
    path("mijn/rondleidingen/", views.my_tours, name="my_tours"),
    path("mijn/rondleidingen/beschikbaarheid/", views.my_availability, name="my_availability"),
    path("mijn/rondleidingen/boeken/", views.my_phone_booking, name="my_phone_booking"),
    path("mijn/rondleidingen/open-middag/", views.my_group_tours, name="my_group_tours"),
    path("mijn/rondleidingen/<int:booking_id>/status/", views.my_tour_mark, name="my_tour_mark"),
    path("mijn/rondleidingen/<int:booking_id>/annuleren/", views.my_tour_cancel, name="my_tour_cancel"),
    path("mijn/rondleidingen/dag/<str:day>/", views.my_tours_day, name="my_tours_day"),
    # The ambassador's own tours at a secret address, for a calendar app (ambassadors.calendar_links).
    path("mijn/rondleidingen/agenda/nieuw/", views.my_tours_feed_renew, name="my_tours_feed_renew"),
    path("mijn/rondleidingen/agenda/<str:token>/rondleidingen.ics", views.my_tours_feed, name="my_tours_feed"),
]

urlpatterns = booking_urlpatterns + my_urlpatterns
