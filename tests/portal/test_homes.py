"""Verified residency: the homes of a building, their activation codes, and what a person who is not verified
may not do. A resident proves they live somewhere with the code on the letter to their home, or the building's
caretaker confirms them in the building; moving out ends the link."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from activities import services as activity_services
from activities.models import RegistrationStatus
from portal import home_codes, permissions, services
from portal.factories import HomeFactory, UserFactory
from portal.models import Home, Residency, ResidencyMethod

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(building):
    return HomeFactory(building=building, number="14")


@pytest.fixture
def letter(home):
    """The code printed on the letter to number 14."""
    return services.home_code_issue(home=home)


def fresh(user):
    """The same person in a new request (the permission answers are kept per request)."""
    user.__dict__.pop("_verified_home_cache", None)
    return user


# --- The code itself ---


def test_a_code_is_ten_characters_without_look_alikes_and_is_never_stored(home, letter):
    assert len(home_codes.code_normalise(letter)) == 10
    assert set(home_codes.code_normalise(letter)) <= set(home_codes.ALPHABET)
    assert not set("ILO01") & set(home_codes.ALPHABET)
    home.refresh_from_db()
    assert letter not in home.code_digest
    assert home_codes.code_normalise(letter) not in home.code_digest
    assert home.code_digest == home_codes.code_digest(letter)


def test_guessing_a_code_in_a_month_is_hopeless(settings):
    """With the limit on wrong codes per account, the chance to guess one home's code in a month of trying."""
    tries_per_month = settings.PORTAL_HOME_CODE_TRIES_PER_HOUR * 24 * 31
    codes = len(home_codes.ALPHABET) ** home_codes.LENGTH

    assert tries_per_month / codes < 1 / 100_000
    assert tries_per_month / codes < 1e-10  # in fact about 6 in a trillion


# --- Activation with the code from the letter ---


def test_the_code_from_the_letter_makes_a_verified_resident(unverified_resident, home, letter):
    typed = letter.lower().replace("-", " ")

    residency = services.residency_activate(user=unverified_resident, code=typed, display_name="Nel van 14")

    assert residency.home == home
    assert residency.method == ResidencyMethod.CODE
    assert permissions.is_verified_resident(fresh(unverified_resident), home.building)
    profile = unverified_resident.resident_profile
    profile.refresh_from_db()
    assert (profile.building, profile.apartment_number, profile.display_name) == (home.building, "14", "Nel van 14")


def test_a_wrong_code_says_where_to_look_and_whom_to_call(unverified_resident, letter, settings):
    with pytest.raises(services.ResidencyError) as refused:
        services.residency_activate(user=unverified_resident, code="ABCD-EFGH-JK")

    assert refused.value.code == "unknown"
    assert settings.PORTAL_CORPORATION_PHONE in refused.value.messages[0]
    assert not Residency.objects.exists()


def test_a_used_code_does_not_work_a_second_time(unverified_resident, letter):
    services.residency_activate(user=unverified_resident, code=letter)
    someone_else = UserFactory()

    with pytest.raises(services.ResidencyError):
        services.residency_activate(user=someone_else, code=letter)

    assert not permissions.is_verified_resident(someone_else)


def test_an_old_letter_has_expired(unverified_resident, home, letter, settings):
    Home.objects.filter(pk=home.pk).update(
        code_issued_at=timezone.now() - timedelta(days=settings.PORTAL_HOME_CODE_DAYS + 1)
    )

    with pytest.raises(services.ResidencyError) as refused:
        services.residency_activate(user=unverified_resident, code=letter)

    assert refused.value.code == "expired"
    assert "verlopen" in refused.value.messages[0]


def test_a_new_letter_makes_the_old_code_useless(unverified_resident, home, letter):
    services.home_code_issue(home=home)

    with pytest.raises(services.ResidencyError):
        services.residency_activate(user=unverified_resident, code=letter)


def test_moving_out_ends_the_link_and_the_next_tenant_gets_a_new_code(unverified_resident, home, letter, moderator):
    services.residency_activate(user=unverified_resident, code=letter)
    unused = services.home_code_issue(home=home)

    assert services.home_residencies_end(home=home, by=moderator) == 1

    assert not permissions.is_verified_resident(fresh(unverified_resident))
    unverified_resident.resident_profile.refresh_from_db()
    assert unverified_resident.resident_profile.building is None
    with pytest.raises(services.ResidencyError):  # the letter still lying in the empty home does nothing
        services.residency_activate(user=UserFactory(), code=unused)
    next_tenant = UserFactory()
    services.residency_activate(user=next_tenant, code=services.home_code_issue(home=home))
    assert permissions.is_verified_resident(fresh(next_tenant), home.building)


# --- The caretaker, in the building ---


def test_the_caretaker_confirms_a_resident_of_their_own_building_only(
    unverified_resident, home, caretaker_user, other_building, other_caretaker
):
    services.residency_verify_in_person(user=unverified_resident, home=home, by=caretaker_user)
    assert permissions.is_verified_resident(fresh(unverified_resident), home.building)

    elsewhere = HomeFactory(building=other_building, number="1")
    with pytest.raises(services.ResidencyError):
        services.residency_verify_in_person(user=UserFactory(), home=elsewhere, by=caretaker_user)


# --- What a person who is not verified may not do ---


def test_someone_not_verified_cannot_write_to_the_caretaker_and_is_told_how_to_become_verified(
    client, unverified_resident, building
):
    client.force_login(unverified_resident)

    response = client.get(f"{building.url}bericht/")

    assert response.status_code == 403
    assert "Bevestig mijn woning" in response.text
    assert "030 123 45 67" in response.text  # the caretaker's phone, for who is not online


def test_a_verified_resident_writes_to_the_caretaker(client, resident, building):
    client.force_login(resident)

    assert client.get(f"{building.url}bericht/").status_code == 200


@pytest.fixture
def coffee(make_activity):
    activity = make_activity(title="Koffieochtend", residents_only=True)
    return activity.occurrences.first()


def test_a_residents_only_activity_is_for_verified_residents_of_the_building(
    coffee, unverified_resident, resident, other_resident
):
    with pytest.raises(activity_services.NotAResident):
        activity_services.registration_create(occurrence=coffee, user=unverified_resident)
    with pytest.raises(activity_services.NotAResident):
        activity_services.registration_create(occurrence=coffee, user=other_resident)

    assert (
        activity_services.registration_create(occurrence=coffee, user=resident).status == RegistrationStatus.CONFIRMED
    )


def test_the_committee_and_the_caretaker_still_sign_up_a_neighbour_who_is_not_verified(
    coffee, unverified_resident, caretaker_user
):
    registration = activity_services.registration_create(
        occurrence=coffee, user=unverified_resident, made_by=caretaker_user
    )

    assert registration.status == RegistrationStatus.CONFIRMED


def test_an_open_activity_takes_anyone_with_an_account(make_activity, unverified_resident):
    occurrence = make_activity(title="Lezing over de wijk").occurrences.first()

    registration = activity_services.registration_create(occurrence=occurrence, user=unverified_resident)

    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_activity_page_shows_who_may_sign_up_and_the_way_to_get_verified(client, coffee, unverified_resident):
    client.force_login(unverified_resident)

    html = client.get(coffee.activity.url).text

    assert "Deze activiteit is alleen voor bewoners van De Linde." in html
    assert 'href="/mijn/woning/?next=' in html
    assert f'action="{coffee.activity.url}aanmelden/{coffee.pk}/"' not in html


# --- /mijn/woning/ and /mijn/bewoners/ ---


def test_a_resident_types_the_code_on_their_page_and_goes_back_where_they_were(
    client, unverified_resident, home, letter, coffee
):
    client.force_login(unverified_resident)
    page = client.get(f"/mijn/woning/?code={letter}&next={coffee.activity.url}")
    assert f'value="{letter}"' in page.text  # the QR code on the letter fills it in

    response = client.post(
        "/mijn/woning/", {"code": letter, "display_name": "Nel", "next": coffee.activity.url}, follow=True
    )

    assert response.redirect_chain[-1][0] == coffee.activity.url
    assert "Gelukt: u bent bevestigd als bewoner van" in response.text
    assert f'action="{coffee.activity.url}aanmelden/{coffee.pk}/"' in response.text


def test_too_many_wrong_codes_stop_even_the_right_one_for_an_hour(client, unverified_resident, letter, settings):
    cache.clear()
    client.force_login(unverified_resident)
    for _ in range(settings.PORTAL_HOME_CODE_TRIES_PER_HOUR):
        wrong = client.post("/mijn/woning/", {"code": "ABCD-EFGH-JK", "display_name": "Nel"})
        assert "Deze code kennen wij niet" in wrong.text

    response = client.post("/mijn/woning/", {"code": letter, "display_name": "Nel"})

    assert "U heeft te vaak een code ingevuld die niet klopt" in response.text
    assert not Residency.objects.exists()


def test_a_name_with_a_link_is_refused(client, unverified_resident, letter):
    client.force_login(unverified_resident)

    response = client.post("/mijn/woning/", {"code": letter, "display_name": "Kijk op https://example.com"})

    assert "zonder internetadres of e-mailadres" in response.text
    assert not Residency.objects.exists()


def test_a_caretaker_hands_over_a_new_code_at_the_door(client, caretaker_user, home, unverified_resident):
    client.force_login(caretaker_user)

    response = client.post("/mijn/bewoners/", {"action": "code", "code-home": home.pk})

    code = response.context["new_code"][1]
    assert code in response.text
    services.residency_activate(user=unverified_resident, code=code)
    assert permissions.is_verified_resident(fresh(unverified_resident), home.building)


def test_a_caretaker_confirms_a_resident_by_their_e_mail_address(client, caretaker_user, home, unverified_resident):
    client.force_login(caretaker_user)

    response = client.post(
        "/mijn/bewoners/",
        {"action": "verify", "bevestigen-email": "NIEUW@example.org", "bevestigen-home": home.pk},
        follow=True,
    )

    assert "nieuw@example.org is bevestigd als bewoner van" in response.text
    assert Residency.objects.get().verified_by == caretaker_user


def test_a_caretaker_cannot_choose_a_home_of_another_building(client, caretaker_user, other_building, resident):
    client.force_login(caretaker_user)
    elsewhere = HomeFactory(building=other_building, number="1")

    response = client.post("/mijn/bewoners/", {"action": "code", "code-home": elsewhere.pk})

    assert response.context["new_code"] is None
    assert "code-home" in response.context["code_form"].add_prefix("home")
    assert response.context["code_form"].errors


def test_the_residents_page_is_for_caretakers_only(client, resident):
    client.force_login(resident)

    assert client.get("/mijn/bewoners/").status_code == 404


def test_the_export_names_the_verified_home_and_deleting_the_account_forgets_it(client, resident):
    from portal import privacy

    data = privacy.account_data_export(user=resident)
    assert data["home"]["address"].endswith(" 12")
    assert data["home"]["building"] == "De Linde"
    client.force_login(resident)
    assert "Uw woning" in client.get("/mijn/gegevens/").text

    privacy.account_anonymise(user=resident, by=resident)

    assert not Residency.objects.filter(user=resident).exists()


def test_the_organisers_see_the_name_the_resident_chose(client, coffee, unverified_resident, letter, caretaker_user):
    services.residency_activate(user=unverified_resident, code=letter, display_name="Nel van 14")
    activity_services.registration_create(occurrence=coffee, user=fresh(unverified_resident))
    client.force_login(caretaker_user)

    html = client.get(f"{coffee.activity.url}deelnemers/{coffee.pk}/").text

    assert "Nel van 14" in html
    assert unverified_resident.email not in html
