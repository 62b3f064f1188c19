from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm


class ConsultationPageForm(WagtailAdminPageForm):
    """The consultation's editor: its questions must fit its kind (`services.questions_validate`)."""

    def clean(self):
        from consultations import services
        from consultations.models import Ballot

        cleaned_data = super().clean()
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        try:
            services.buildings_validate(
                committee=getattr(parent, "specific", None), buildings=cleaned_data.get("buildings") or []
            )
        except ValidationError as error:
            self.add_error("buildings", error)
        formset = self.formsets.get("questions")
        if formset is None or not cleaned_data.get("kind"):
            return cleaned_data
        questions = [
            (form.cleaned_data.get("kind", ""), form.cleaned_data.get("choices", ""))
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        answered = self.instance.pk is not None and Ballot.objects.filter(consultation=self.instance).exists()
        before = [(q.kind, q.choices) for q in self.instance.questions.all()] if answered else None
        try:
            services.questions_validate(
                kind=cleaned_data["kind"], questions=questions, answered=answered, before=before
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data
