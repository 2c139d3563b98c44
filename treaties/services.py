"""Changes to the treaty registry: only registry administrators, always audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from treaties.models import (
    AssistanceKind,
    CriminalArticle,
    CriminalCode,
    DeadlineRule,
    DeadlineRuleSource,
    ExploitationForm,
    Instrument,
    InstrumentAssistance,
    InstrumentParty,
    LegalThreshold,
    NonWorkingDay,
    Provision,
    RefusalGround,
    RequiredElement,
)

REGISTRY_MODELS: tuple[type[models.Model], ...] = (
    Instrument,
    InstrumentParty,
    Provision,
    DeadlineRule,
    DeadlineRuleSource,
    RequiredElement,
    RefusalGround,
    CriminalCode,
    CriminalArticle,
    ExploitationForm,
    NonWorkingDay,
    LegalThreshold,
    AssistanceKind,
    InstrumentAssistance,
)


def registry_can_edit(user) -> bool:
    return bool(user and user.is_authenticated and user.is_registry_admin)


@transaction.atomic
def registry_record_save(
    *, actor, instance: models.Model, relations: dict | None = None
) -> models.Model:
    """Validate and store a new or changed registry record, with an audit event.

    The stored version is re-read under a row lock, so the "before" values in the audit trail
    are exactly what this write replaced.
    """
    if type(instance) not in REGISTRY_MODELS:
        raise TypeError(f"{type(instance).__name__} is not a registry record")
    # SECURITY: the one gate for registry writes, whichever view or API calls it.
    if not registry_can_edit(actor):
        raise PermissionDenied(_("Only registry administrators may change the registry."))
    creating = instance._state.adding
    relations = relations or {}
    before = {}
    if not creating:
        # RACE: lock the row so two concurrent edits are recorded one after the other.
        stored = type(instance).objects.select_for_update().get(pk=instance.pk)
        before = {**snapshot(stored), **_relation_ids(stored, relations)}
    instance.full_clean()
    instance.save()
    for name, values in relations.items():
        getattr(instance, name).set(values)
    changes = diff(before, {**snapshot(instance), **_relation_ids(instance, relations)})
    if creating or changes:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=instance,
            changes=changes,
        )
    return instance


def _relation_ids(instance: models.Model, relations: dict) -> dict:
    return {
        name: sorted(getattr(instance, name).values_list("pk", flat=True)) for name in relations
    }


@transaction.atomic
def registry_decree_add(
    *, actor, country: str, source: str, confidence: str, days: list[dict]
) -> list[NonWorkingDay]:
    """Record one decree's changes to a country's calendar: several dates, one source and mark.

    ``days`` holds ``{"date", "kind", "note"}`` items. A date the registry already holds for the
    country (or one given twice) is refused as a whole, naming each such date in the error's
    ``params``; every row stored is audited.
    """
    # SECURITY: the same gate as every registry write, checked before reading anything.
    if not registry_can_edit(actor):
        raise PermissionDenied(_("Only registry administrators may change the registry."))
    if not days:
        raise ValidationError({"days": _("Give at least one date.")})
    dates = [day["date"] for day in days]
    taken = set(
        NonWorkingDay.objects.of_country(country)
        .filter(date__in=dates)
        .values_list("date", flat=True)
    )
    repeated = {d for d in dates if dates.count(d) > 1}
    if taken or repeated:
        raise ValidationError(
            {
                "days": [
                    ValidationError(
                        _("%(date)s is already in the registry for this country.")
                        if d in taken
                        else _("%(date)s is given twice."),
                        code="duplicate",
                        params={"date": d.strftime("%d.%m.%Y"), "day": d},
                    )
                    for d in sorted(taken | repeated)
                ]
            }
        )
    try:
        return [
            registry_record_save(
                actor=actor,
                instance=NonWorkingDay(
                    country=country,
                    date=day["date"],
                    kind=day["kind"],
                    note=day.get("note", ""),
                    source=source,
                    confidence=confidence,
                ),
            )
            for day in sorted(days, key=lambda item: item["date"])
        ]
    except IntegrityError as exc:
        # RACE: another admin stored one of these dates between the check and the insert.
        raise ValidationError(
            {"days": _("One of these dates was just recorded by someone else; reload.")}
        ) from exc
