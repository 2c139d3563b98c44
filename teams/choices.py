from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TeamStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SIGNED = "signed", _("agreement signed")
    ACTIVE = "active", pgettext_lazy("team status", "active")
    EXTENDED = "extended", _("extended")
    CLOSED = "closed", pgettext_lazy("team status", "closed")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("leader")
    MEMBER = "member", _("member")
    SECONDED = "seconded", _("seconded member")
    EXPERT = "expert", _("expert")
    INTERPRETER = "interpreter", _("interpreter")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    BLOCKED = "blocked", _("blocked")
    DONE = "done", _("done")
    CANCELLED = "cancelled", pgettext_lazy("task status", "cancelled")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", pgettext_lazy("task priority", "urgent")


# The agreement's and the tasks' transition tables live in teams/workflow.py.


# Typical tasks offered when creating one (titles to start from, not legal values).
TASK_TEMPLATES = (
    _("Interrogate a victim"),
    _("Trace the proceeds"),
    _("Repatriate and protect a victim"),
    _("Locate a suspect"),
    _("Coordinated arrest"),
)
