"""Signal receivers of the consultations, connected once in `ConsultationsConfig.ready()`: a loose end only —
the cached list of open consultations (`selectors.open_consultations`) is emptied when one changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished


def connect() -> None:
    from consultations.models import ConsultationPage
    from consultations.selectors import open_consultations_forget

    for signal in (post_save, post_delete, page_published, page_unpublished):
        signal.connect(open_consultations_forget, sender=ConsultationPage, dispatch_uid=f"consultations-open-{signal}")
    m2m_changed.connect(
        open_consultations_forget, sender=ConsultationPage.buildings.through, dispatch_uid="consultations-open-m2m"
    )
