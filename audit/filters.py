from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from audit.models import AuditAction, AuditEvent

# "KG-2026-0003: Потерпевший 1" — how a victim's events are labelled in the trail.
_PSEUDONYM = re.compile(
    r"^(?P<case>[\w-]+)\s*[:/,]?\s*(?:потерпевш(?:ий|ая)|victim)\s*(?P<number>\d{1,4})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundRecord:
    """A record a searched reference names: its audit type and id, and how it is shown."""

    object_type: str
    object_id: str
    label: str
    # Events of the record's own children (a case's requests, files, victims) are scoped to it.
    with_scope: bool = True
    # Only the events of this record scoped under that case (a person is shared by cases).
    within_case: str = ""

    def condition(self) -> Q:
        own = Q(object_type=self.object_type, object_id=self.object_id)
        if self.within_case:
            own &= Q(scope_type="cases.case", scope_id=self.within_case)
        if self.with_scope:
            own |= Q(scope_type=self.object_type, scope_id=self.object_id)
        return own


def resolve_reference(text: str) -> list[FoundRecord]:
    """The records a typed reference names: a case, request or extradition file reference, a
    case's register number, a team's name, or a victim's pseudonym within a case.

    Each look-up is one probe of a unique or indexed column (references are stored in capitals,
    so the typed one is put in capitals rather than compared case-blind, which skips the index).
    A pseudonym is resolved only to the victim's participation and to that person's events in
    the same case, so the result never links the pseudonym to events recorded under the
    person's name elsewhere."""
    from cases.models import Case, Participant
    from cases.validators import normalize_national_number
    from extradition.models import ExtraditionFile
    from requests_mla.models import MLARequest
    from teams.models import JointTeam

    text = " ".join(text.split())
    if not text:
        return []
    found: list[FoundRecord] = []
    match = _PSEUDONYM.match(text)
    if match:
        victim = (
            Participant.objects.filter(
                case__reference=match["case"].upper(),
                victim_number=int(match["number"]),
            )
            .select_related("case")
            .first()
        )
        if victim is not None:
            label = f"{victim.case.reference}: {victim.pseudonym}"
            found.append(FoundRecord("cases.participant", str(victim.pk), label, with_scope=False))
            found.append(
                FoundRecord(
                    "cases.person",
                    str(victim.person_id),
                    label,
                    with_scope=False,
                    within_case=str(victim.case_id),
                )
            )
        return found
    for model in (Case, MLARequest, ExtraditionFile):
        for pk, reference in model.objects.filter(reference=text.upper()).values_list(
            "pk", "reference"
        ):
            found.append(FoundRecord(model._meta.label_lower, str(pk), reference))
    digits = normalize_national_number(text)
    if not found and len(digits) >= 8 and re.fullmatch(r"[\d\s./-]+", text):
        for pk, reference in Case.objects.filter(national_number_digits=digits).values_list(
            "pk", "reference"
        )[:10]:
            found.append(FoundRecord("cases.case", str(pk), reference))
    if not found:
        for pk, name in JointTeam.objects.filter(name__iexact=text).values_list("pk", "name")[:10]:
            found.append(FoundRecord("teams.jointteam", str(pk), name))
    return found


def _local_day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


class AuditEventFilter(django_filters.FilterSet):
    """Filters of the audit page and its CSV export (dates in the viewer's zone)."""

    actor = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label=_("actor (username)")
    )
    agency = django_filters.ModelChoiceFilter(
        field_name="actor_agency", queryset=Agency.objects.all(), label=_("agency")
    )
    reference = django_filters.CharFilter(
        method="filter_reference",
        label=_("reference, register number or pseudonym"),
        widget=forms.TextInput(attrs={"placeholder": "MLA-KG-2026-0003"}),
    )
    object_type = django_filters.CharFilter(lookup_expr="iexact", label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("action"))
    date_from = django_filters.DateFilter(
        method="filter_from", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        method="filter_to", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    found: list[FoundRecord] = []

    @property
    def hides_protected(self) -> bool:
        """A victim found by pseudonym: the events' protected values are not shown with it."""
        return any(record.object_type == "cases.participant" for record in self.found)

    @property
    def found_labels(self) -> list[str]:
        return list(dict.fromkeys(record.label for record in self.found))

    def filter_reference(self, queryset, name, value):
        self.found = resolve_reference(value)
        if not self.found:
            return queryset.none()
        condition = Q()
        for record in self.found:
            condition |= record.condition()
        return queryset.filter(condition)

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_local_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_local_day_start(value + datetime.timedelta(days=1)))
