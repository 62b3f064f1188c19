from django.urls import path

from consultations.views import short_link

urlpatterns = [
    # The address in the paper ballot's QR code (and short enough to type from the paper).
    path("raadpleging/<int:page_id>/", short_link, name="consultation_short"),
]
