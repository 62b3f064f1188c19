"""What the consultations keep about a person: which consultations they answered online for their home, and
which paper ballots they typed in. The answers belong to the home, not the person: deleting an account keeps the
home's answer (it still counts once) and forgets who gave or typed it."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from consultations.models import Ballot
from portal.models import User
from portal.personal_data import PersonalData, local_time


class Ballots(PersonalData):
    key = "consultation_answers"
    position = 120
    template_name = "consultations/sections/my_data.html"

    def export(self, *, user: User) -> list[dict]:
        return [
            {
                "consultation": ballot.consultation.title,
                "home": ballot.home.address,
                "how": "online" if ballot.answered_by_id == user.pk else "paper_entered_by_you",
                "at": local_time(ballot.submitted_at),
                "answers": [choice.value for choice in ballot.choices.all()],
            }
            for ballot in Ballot.objects.filter(Q(answered_by=user) | Q(entered_by=user))
            .select_related("consultation", "home__building")
            .prefetch_related("choices")
            .order_by("submitted_at")
        ]

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        from consultations.models import ConsultationMailing, InvitationOptOut

        Ballot.objects.filter(answered_by=user).update(answered_by=None)
        Ballot.objects.filter(entered_by=user).update(entered_by=None)
        ConsultationMailing.objects.filter(user=user).delete()
        InvitationOptOut.objects.filter(user=user).delete()
