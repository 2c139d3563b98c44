from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from core import home
from core import views as core_views

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("home/counts/", home.HomeCountsView.as_view(), name="home_counts"),
    path("healthz", core_views.healthz, name="healthz"),
    path("livez", core_views.livez, name="livez"),
    # Django's sign-in page with the lockout's message (accounts.views.LoginView).
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("cases.urls")),
    path("requests/", include("requests_mla.urls")),
    path("documents/", include("documents.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("extradition/", include("extradition.urls")),
    path("teams/", include("teams.urls")),
    path("statistics/", include("stats.urls")),
    path("operations/", include("operations.urls")),
    path("library/", include("library.urls")),
    path("exchange/", include("exchange.urls")),
    path("account/", include("accounts.urls")),
    path("registry/", include("treaties.urls")),
    path("audit/", include("audit.urls")),
    path("search/", include("search.urls")),
    path("statistics-exchange/", include("statreports.urls")),
    path("api/", include(("config.api", "api"))),
    path("admin/", admin.site.urls),
]

# The API answers an unknown URL in its JSON error body; pages with the 404 page.
handler404 = "core.api.not_found"
