from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Coordinated operations")

    def ready(self):
        from deadlines import subjects
        from operations.models import Operation

        subjects.register(Operation)
