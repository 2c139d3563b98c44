from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatreportsConfig(AppConfig):
    name = "statreports"
    verbose_name = _("Exchange of statistical information")
