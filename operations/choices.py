"""The states of a coordinated operation and the event that starts its D-day clock."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The event that starts the D-day clock. The registry's rule for it (lead times of the
# reminders) is seeded by operations/migrations/0002_seed_dday_rule.py.
OPERATION_PLANNED = "operation_planned"
DDAY_RULE_CODE = "coordinated-operation-d-day"


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    GO = "go", _("go decided")
    COMPLETED = "completed", _("carried out")
    CANCELLED = "cancelled", _("cancelled")

    @property
    def badge(self) -> str:
        return {
            "planned": "text-bg-secondary",
            "go": "text-bg-success",
            "completed": "text-bg-primary",
            "cancelled": "text-bg-dark",
        }[self.value]


class ParticipantRole(models.TextChoices):
    LEADER = "leader", _("leader of the side")
    OFFICER = "officer", _("officer")
