from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import home_views, second_factor, views
from portal.search_views import search

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The Wagtail admin log-in goes through allauth (rate limits, MFA); Django's admin is not exposed.
    path("admin/login/", views.admin_login_redirect, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    # allauth's QR-code page that takes staff back to where they were going (portal.second_factor).
    path("accounts/2fa/totp/activate/", second_factor.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("taal/", views.language_switch, name="language_switch"),
    path("weergave/", views.display_preferences, name="display_preferences"),
    path("gebouw-kiezen/", views.building_choose, name="building_choose"),
    path("zoeken/", search, name="search"),
    path("mijn/", views.my_page, name="my_page"),
    path("mijn/aanwezigheid/", views.my_presence, name="my_presence"),
    path("mijn/woning/", home_views.my_home, name="my_home"),
    path("mijn/bewoners/", home_views.residents_verify, name="residents_verify"),
    path("mijn/gegevens/", views.my_data, name="my_data"),
    # A dotted path never reaches Wagtail's page routing, so the download is routed here.
    path("mijn/gegevens.json", views.my_data_json, name="my_data_json"),
    path("mijn/account-verwijderen/", views.account_delete, name="account_delete"),
    path("account-verwijderd/", views.account_deleted, name="account_deleted"),
    path("", include("ambassadors.urls")),
    path("", include("activities.urls")),
    path("", include("consultations.urls")),
    path("", include("committees.urls")),
]

# The database away is a Dutch 503 page, not a bare 500 (portal/errors.py).
handler500 = "portal.errors.server_error"

if settings.PORTAL_SERVE_MEDIA:
    # Local runs and the browser tests only: in production the web server serves /media/ (deploy/nginx).
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", views.media_file, name="media_file")]

urlpatterns += [path("", include(wagtail_urls))]
