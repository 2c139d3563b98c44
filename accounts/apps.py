from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and agencies")

    def ready(self):
        from accounts import signals  # noqa: F401  (sign-in events into the audit trail)
