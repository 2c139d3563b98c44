"""Abstract bases shared by the portal's models."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Confidence(models.TextChoices):
    """How sure the registry is of a legal value: verified, likely, or to be confirmed."""

    VERIFIED = "V", _("verified")
    LIKELY = "L", _("likely")
    UNVERIFIED = "U", _("to be confirmed")

    @property
    def badge(self) -> str:
        return {"V": "success", "L": "warning", "U": "danger"}[self.value]


class SourcedModel(TimeStampedModel):
    """A legal value with its source and how sure we are of it."""

    source = models.CharField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )

    class Meta:
        abstract = True

    @property
    def confidence_badge(self) -> str:
        return Confidence(self.confidence).badge

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence == Confidence.UNVERIFIED


class SchedulerHeartbeat(models.Model):
    """When the scheduler (Celery beat) last had a task run by a worker."""

    name = models.CharField(max_length=50, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("scheduler heartbeat")

    def __str__(self) -> str:
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name: str = "celery") -> None:
        cls.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})

    @classmethod
    def age_seconds(cls, name: str = "celery") -> float | None:
        row = cls.objects.filter(name=name).only("beat_at").first()
        return None if row is None else (timezone.now() - row.beat_at).total_seconds()


class ReferenceSequence(models.Model):
    """The last number handed out for a kind of reference in a year (KG-2026-00042, MLA-KZ-…)."""

    scope = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "year"], name="%(app_label)s_%(class)s_unique_scope_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}-{self.year}: {self.last_number}"
