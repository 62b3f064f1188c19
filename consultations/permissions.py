"""Who may do what with a consultation; used by views, the admin and services."""

from __future__ import annotations

from committees.permissions import committee_member_of
from consultations.models import ConsultationPage
from portal.models import Home
from portal.permissions import is_moderator, verified_home_of


def home_asked(*, consultation: ConsultationPage, home: Home | None) -> bool:
    from consultations.selectors import consultation_buildings

    if home is None:
        return False
    return any(building.pk == home.building_id for building in consultation_buildings(consultation=consultation))


def can_answer_online(user, consultation: ConsultationPage) -> bool:
    """A resident verified to live in one of the buildings asked (the answer is their home's)."""
    return home_asked(consultation=consultation, home=verified_home_of(user))


def can_enter_paper_ballots(user, consultation: ConsultationPage) -> bool:
    """The committee that asks, and staff."""
    return is_moderator(user) or committee_member_of(user, consultation.committee_id)


def can_see_readiness(user, consultation: ConsultationPage) -> bool:
    """Which homes want to be taken into account during a renovation: staff only, not the committee."""
    return is_moderator(user)


def can_print_ballots(user, consultation: ConsultationPage) -> bool:
    """The paper ballots of the homes asked: the committee that asks (it hands them out), and staff."""
    return can_enter_paper_ballots(user, consultation)


def can_export_results(user, consultation: ConsultationPage) -> bool:
    """The results as a spreadsheet (after closing, with the same withheld detail as the page): the committee
    that asks, and staff."""
    return can_enter_paper_ballots(user, consultation)


def can_see_conflicts(user, consultation: ConsultationPage) -> bool:
    """Which homes answered twice, and which answer counted: staff, who check with the home if need be."""
    return is_moderator(user)


def can_see_staff_overview(user, consultation: ConsultationPage) -> bool:
    """The consultation's page in the admin, with the downloads this person may use."""
    return can_print_ballots(user, consultation) or can_see_conflicts(user, consultation)
