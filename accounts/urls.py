from django.urls import path

from accounts import views
from accounts.two_factor import views as two_factor

app_name = "accounts"
urlpatterns = [
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("tokens/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("tokens/revoke-all/", views.TokenRevokeAllView.as_view(), name="token_revoke_all"),
    path("two-factor/", two_factor.TwoFactorView.as_view(), name="two_factor"),
    path("two-factor/setup/", two_factor.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/verify/", two_factor.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path(
        "two-factor/recovery-codes/",
        two_factor.RecoveryCodesRegenerateView.as_view(),
        name="two_factor_recovery_codes",
    ),
    path(
        "two-factor/disable/", two_factor.TwoFactorDisableView.as_view(), name="two_factor_disable"
    ),
]
