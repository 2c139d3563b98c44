from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Joint investigative teams")

    def ready(self):
        from deadlines import subjects
        from teams.models import JointTeam, Task

        subjects.register(JointTeam)
        subjects.register(Task)
