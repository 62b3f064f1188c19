from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Raadplegingen")

    def ready(self):
        from consultations import contributions, signals  # noqa: F401 (registers the sections, personal data, …)

        signals.connect()
