"""Everything that changes a consultation's answers. One answer per home; the last one handed in counts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    ConsultationPage,
    QuestionKind,
)
from consultations.permissions import home_asked
from consultations.selectors import consultation_is_open
from portal.models import Home


class BallotError(Exception):
    """An answer that cannot be taken, with a Dutch message the person can act on."""


def _clean_answers(consultation: ConsultationPage, answers: dict[int, list[str]]) -> dict[int, list[str]]:
    cleaned = {}
    for question in consultation.questions.all():
        allowed = {value for value, _label in question.options()}
        given = [value for value in dict.fromkeys(answers.get(question.pk, [])) if value]
        if any(value not in allowed for value in given):
            raise BallotError(_("Bij ‘%(question)s’ staat een antwoord dat niet kan.") % {"question": question.text})
        if not given:
            if question.kind == QuestionKind.SEVERAL:
                cleaned[question.pk] = []
                continue
            raise BallotError(_("Vul ‘%(question)s’ nog in.") % {"question": question.text})
        if len(given) > 1 and not question.allows_several:
            raise BallotError(_("Bij ‘%(question)s’ kan maar één antwoord.") % {"question": question.text})
        cleaned[question.pk] = given
    return cleaned


def ballot_submit(
    *,
    consultation: ConsultationPage,
    home: Home,
    answers: dict[int, list[str]],
    channel: str,
    by,
) -> Ballot:
    """The answer of `home`: online by `by` (a resident of the home; None when answered with the paper ballot's
    code without an account), or on paper entered by `by`.

    A home counts once. If it already answered, the new answer replaces the old one (the rule printed on the
    ballot: "het laatst ingeleverde antwoord telt"); when the channel or the resident differs, the replacement
    is listed for staff (`BallotConflict`). Two people entering the same home at the same moment: the home's row
    is locked, so one waits for the other and the home still counts once.
    """
    if not consultation_is_open(consultation=consultation):
        raise BallotError(_("Deze raadpleging is gesloten; er kunnen geen antwoorden meer bij."))
    if not home_asked(consultation=consultation, home=home):
        raise BallotError(_("Deze woning hoort niet bij de gebouwen die deze vraag krijgen."))
    cleaned = _clean_answers(consultation, answers)
    now = timezone.now()
    online = channel == BallotChannel.ONLINE
    with transaction.atomic():
        Home.objects.select_for_update().filter(pk=home.pk).first()
        ballot = Ballot.objects.filter(consultation=consultation, home=home).prefetch_related("choices").first()
        if ballot is None:
            ballot = Ballot.objects.create(
                consultation=consultation,
                home=home,
                channel=channel,
                answered_by=by if online else None,
                entered_by=None if online else by,
                submitted_at=now,
            )
        else:
            earlier = {(choice.question_id, choice.value) for choice in ballot.choices.all()}
            later = {(question_id, value) for question_id, values in cleaned.items() for value in values}
            by_id = by.pk if by is not None else None
            another_person = online and ballot.channel == BallotChannel.ONLINE and ballot.answered_by_id != by_id
            if ballot.channel != channel or another_person:
                BallotConflict.objects.create(
                    consultation=consultation,
                    home=home,
                    earlier_channel=ballot.channel,
                    earlier_at=ballot.submitted_at,
                    later_channel=channel,
                    later_at=now,
                    same_answers=earlier == later,
                )
            ballot.channel = channel
            ballot.answered_by = by if online else None
            ballot.entered_by = None if online else by
            ballot.submitted_at = now
            ballot.save()
            ballot.choices.all().delete()
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, question_id=question_id, value=value)
            for question_id, values in cleaned.items()
            for value in values
        )
    return ballot


def consultation_mails_send(*, today=None) -> int:
    """The invitations of consultations that are open, and the reminders three days before they close: each
    person gets each e-mail once (a `ConsultationMailing` row per e-mail; the unique constraint settles two runs
    at once), in their own language, with the link that stops these e-mails. Returns how many were queued."""
    from django.conf import settings
    from django.db import IntegrityError

    from consultations.models import ConsultationMailing, MailingKind
    from consultations.selectors import consultations_open_on, mail_recipients
    from consultations.tokens import opt_out_token
    from portal.mail import mail_send, recipient_language

    today = today or timezone.localdate()
    sent = 0
    for consultation in consultations_open_on(today=today):
        for kind in (MailingKind.INVITATION, MailingKind.REMINDER):
            for residency in mail_recipients(consultation=consultation, kind=kind, today=today):
                user = residency.user
                try:
                    with transaction.atomic():
                        ConsultationMailing.objects.create(consultation=consultation, user=user, kind=kind)
                        sent += mail_send(
                            template=f"consultations/email/{kind}",
                            context={
                                "consultation": consultation,
                                "home": residency.home,
                                "base_url": settings.WAGTAILADMIN_BASE_URL,
                                "opt_out_path": f"/raadpleging/geen-e-mail/{opt_out_token(user)}/",
                            },
                            to=user.email,
                            language=recipient_language(user),
                        )
                except IntegrityError:
                    continue  # another run sent this one
    return sent


def invitations_choose(*, user, wanted: bool) -> None:
    """Whether this person gets e-mail about consultations (invitations and reminders)."""
    from consultations.models import InvitationOptOut

    if wanted:
        InvitationOptOut.objects.filter(user=user).delete()
    else:
        InvitationOptOut.objects.get_or_create(user=user)


def questions_validate(*, kind: str, questions: list[tuple[str, str]], answered: bool = False, before=None) -> None:
    """The questions a consultation of `kind` may have, as (question kind, choices text) pairs; a Dutch
    ValidationError says what to change. Once homes have answered, the questions stay as they are (`before`):
    changing an answer's meaning afterwards would change what people said."""
    from django.core.exceptions import ValidationError

    from consultations.models import ConsultationKind

    kinds = [question_kind for question_kind, _choices in questions]
    if not questions:
        raise ValidationError(_("Een raadpleging heeft ten minste één vraag."))
    if (
        answered
        and before is not None
        and [(k, c.strip()) for k, c in questions] != [(k, c.strip()) for k, c in before]
    ):
        raise ValidationError(
            _(
                "Er zijn al antwoorden gegeven. De vragen en keuzes kunnen daarom niet meer veranderen; maak zo nodig "
                "een nieuwe raadpleging."
            )
        )
    if kind == ConsultationKind.RENOVATION and kinds.count(QuestionKind.FOR_AGAINST) != 1:
        raise ValidationError(_("Een draagvlakmeting heeft precies één vraag ‘Voor of tegen (het renovatievoorstel)’."))
    if kind != ConsultationKind.RENOVATION and (QuestionKind.FOR_AGAINST in kinds or QuestionKind.READINESS in kinds):
        raise ValidationError(
            _("‘Voor of tegen’ en ‘Moeten wij met u rekening houden?’ horen alleen bij een draagvlakmeting.")
        )
    if kind == ConsultationKind.HOUSE_RULES and any(k != QuestionKind.AGREE for k in kinds):
        raise ValidationError(_("Bij huisregels is elke vraag een regel: kies ‘Eens of oneens’."))
    for question_kind, choices in questions:
        lines = [line for line in choices.splitlines() if line.strip()]
        if question_kind in (QuestionKind.ONE, QuestionKind.SEVERAL) and len(lines) < 2:
            raise ValidationError(_("Een vraag met een lijst heeft ten minste twee keuzes, elk op een eigen regel."))


def buildings_validate(*, committee, buildings) -> None:
    """A building's committee asks its own building; only the tenants' platform (no building) asks others."""
    from django.core.exceptions import ValidationError

    if committee is None or committee.building_id is None:
        return
    others = [building for building in buildings if building.pk != committee.building_id]
    if others:
        raise ValidationError(
            _("Een commissie van een gebouw vraagt alleen het eigen gebouw. Kies geen gebouw, of alleen %(own)s.")
            % {"own": committee.building.title}
        )
