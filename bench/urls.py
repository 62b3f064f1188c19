"""URLs for the benchmark settings only: the floor view in front of the portal's own URLs."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

FLOOR_BODY = b"floor\n"


def floor(request: HttpRequest) -> HttpResponse:
    """A fixed small response: what the portal's middleware costs with no page work at all."""
    return HttpResponse(FLOOR_BODY, content_type="text/plain; charset=utf-8")


urlpatterns = [path("__floor__/", floor, name="bench_floor"), *portal_urlpatterns]
