from django.urls import path

from consultations.views import invitations_choice, no_more_email, short_link

urlpatterns = [
    # The address in the paper ballot's QR code (and short enough to type from the paper).
    path("raadpleging/<int:page_id>/", short_link, name="consultation_short"),
    # The link in a consultation e-mail that stops them (no log-in), and the choice on /mijn/.
    path("raadpleging/geen-e-mail/<str:token>/", no_more_email, name="consultation_no_email"),
    path("mijn/raadplegingen/e-mail/", invitations_choice, name="consultation_email_choice"),
]
