from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: believable data of every app, for a new user's first minute.

    The top of the dependency graph — it knows every app, and no app knows it.
    """

    name = "demo"
    verbose_name = "Demo data"
