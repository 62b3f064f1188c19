from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activiteiten")

    def ready(self):
        from activities import signals

        signals.connect()
