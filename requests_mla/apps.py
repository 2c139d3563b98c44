from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsMlaConfig(AppConfig):
    name = "requests_mla"
    verbose_name = _("Requests for legal assistance")

    def ready(self):
        from deadlines import subjects
        from requests_mla.models import MLARequest

        subjects.register(MLARequest)
