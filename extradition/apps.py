from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtraditionConfig(AppConfig):
    name = "extradition"
    verbose_name = _("Extradition")

    def ready(self):
        from deadlines import subjects
        from extradition.models import ExtraditionFile

        subjects.register(ExtraditionFile)
