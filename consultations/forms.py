"""The forms of a consultation: one question per screen online, a paper ballot in one form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import ConsultationQuestion
from portal.home_codes import code_normalise


def question_field(question: ConsultationQuestion, *, label: str | None = None) -> forms.Field:
    choices = question.options()
    if question.allows_several:
        return forms.MultipleChoiceField(
            label=label or question.text,
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Kruis aan wat voor u geldt; u mag er meer kiezen, of geen."),
        )
    return forms.ChoiceField(
        label=label or question.text,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord.")},
    )


class QuestionForm(forms.Form):
    """One question, one screen (the online answer)."""

    def __init__(self, *args, question: ConsultationQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["answer"] = question_field(question)

    def values(self) -> list[str]:
        answer = self.cleaned_data["answer"]
        return list(answer) if isinstance(answer, list | tuple) else [answer]


class BallotCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code op het formulier"),
        max_length=20,
        help_text=_("Rechtsboven op het papieren formulier, bijvoorbeeld KQ7M-4TXR."),
        error_messages={"required": _("Vul de code van het formulier in.")},
    )

    def clean_code(self):
        return code_normalise(self.cleaned_data["code"])


class PaperBallotForm(forms.Form):
    """All questions of a paper ballot on one screen: the committee types what the home ticked."""

    def __init__(self, *args, questions: list[ConsultationQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[f"q{question.pk}"] = question_field(question, label=f"{number}. {question.text}")

    def answers(self) -> dict[int, list[str]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data[f"q{question.pk}"]
            result[question.pk] = list(value) if isinstance(value, list | tuple) else [value]
        return result
