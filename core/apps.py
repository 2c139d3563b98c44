from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import db  # noqa: F401 — registers the any_of lookup
        from core.forms import read_choices_in_one_query

        read_choices_in_one_query()
