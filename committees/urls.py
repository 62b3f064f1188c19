from django.urls import path

from committees.views import platform_trend

urlpatterns = [
    # Below the tenants' platform's page (/huurdersplatform/, URL contract); routed before Wagtail's pages.
    path("huurdersplatform/verloop/", platform_trend, name="platform_trend"),
]
