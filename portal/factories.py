"""factory_boy factories for the portal core; the tests and `seed_demo` both use them."""

import functools

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from portal.models import BuildingPage, Caretaker, Home, Residency, ResidencyMethod, ResidentProfile, User

DEMO_PASSWORD = "portaal-demo-2026"  # noqa: S105 - documented demo password, dev data only


@functools.cache
def demo_password_hash() -> str:
    """Hash the demo password once; hashing it per user makes seeding slow."""
    return make_password(DEMO_PASSWORD)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    # The address goes with the name ("anna.de-vries.7@example.org"), as people's own addresses do.
    email = factory.LazyAttributeSequence(
        lambda person, n: f"{slugify(person.first_name)}.{slugify(person.last_name)}.{n}@example.org"
    )
    password = factory.LazyFunction(lambda: demo_password_hash())

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Accounts made by the factory have a verified primary address, as allauth expects."""
        if create:
            obj.save()
            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": extracted is not False, "primary": True}
            )


class CaretakerFactory(DjangoModelFactory):
    class Meta:
        model = Caretaker

    name = factory.Faker("name", locale="nl_NL")
    phone = factory.Sequence(lambda n: f"06 {10000000 + n:08d}")


class BuildingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BuildingPage

    title = factory.Sequence(lambda n: f"Gebouw {n}")
    street_address = factory.Faker("street_address", locale="nl_NL")
    postal_code = factory.Faker("postcode", locale="nl_NL")
    city = "Utrecht"
    homes = 80
    meeting_room_name = "De Huiskamer"
    description = "Een rustig gebouw met een grote ontmoetingsruimte op de begane grond."


class ResidentProfileFactory(DjangoModelFactory):
    class Meta:
        model = ResidentProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    apartment_number = factory.Sequence(lambda n: str(n + 1))


class HomeFactory(DjangoModelFactory):
    class Meta:
        model = Home
        django_get_or_create = ("building", "number")

    building = factory.SubFactory(BuildingPageFactory)
    number = factory.Sequence(lambda n: str(n + 1))


class ResidencyFactory(DjangoModelFactory):
    """A person verified in a home (as the caretaker would, in person)."""

    class Meta:
        model = Residency

    home = factory.SubFactory(HomeFactory)
    user = factory.SubFactory(UserFactory)
    method = ResidencyMethod.IN_PERSON
