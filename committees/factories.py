"""factory_boy factories for committees and news; the tests and `seed_demo` both use them."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from committees.models import CaretakerMessage, NewsKind, NewsPage


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nieuwsbericht {n}")
    kind = NewsKind.NEWS
    intro = "Een korte inleiding van één zin."
    body = "<p>De tekst van het bericht, in korte zinnen.</p>"


class CaretakerMessageFactory(DjangoModelFactory):
    class Meta:
        model = CaretakerMessage

    category = "klusje"
    subject = factory.Sequence(lambda n: f"Lamp in de hal {n}")
    body = "De lamp bij de lift op de tweede verdieping doet het niet."
