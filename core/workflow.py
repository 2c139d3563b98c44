"""One mechanism for every workflow of the portal: a table of transitions run by one perform().

A workflow is data: for each step, the states it starts from, the state it leads to, who may
take it (a ``Rule``), the form that validates its input, and its effect (clocks, notifications,
fields of the record). ``Workflow.perform`` is the only way a step happens:

1. the record must be visible to the actor (else 404: existence does not leak);
2. the row is locked (RACE: two officers pressing the same button do not both succeed);
3. the actor must be allowed (403), the state must allow the step (409);
4. the input is validated by the step's form — unknown fields are refused (400);
5. the effect runs, the state moves, a history row and the audit event are written,

all in one transaction. Pages and the API ask the same table which steps a user may take now
(``allowed``), and a list annotates the same rule per row (``annotate_allowed``), so a button
shown is a step allowed and a step allowed is a button shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Q
from django.db.models.query import ModelIterable
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import RowProbe
from core.exceptions import IllegalTransition

NOTHING = Q(pk__in=[])

# Keys a browser form sends besides the step's own fields.
FORM_NOISE = frozenset({"csrfmiddlewaretoken", "next", "step"})


def refuse_unknown_fields(data, known: Iterable[str]) -> None:
    """A step's input may hold only its own fields: a typo or a field of another step is a 400
    naming it, never silently dropped."""
    keys = set(data.keys()) if hasattr(data, "keys") else set()
    unknown = sorted(keys - set(known) - FORM_NOISE)
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in unknown})


@dataclass(frozen=True)
class Rule:
    """Who may take a step: a condition on the workflow's model, built for one user.

    The same condition answers a single check (``allows``) and annotates a list, so the rule is
    written once. Superusers may everything; anonymous and inactive users nothing.
    """

    condition: Callable[[Any], Q]
    name: str = ""
    # Who holds the step, for people: a text, or a callable on the record ("a prosecutor of
    # the GPO of KR", "the executing officer Ivanov"). Pages say whose turn it is with it.
    holder: Any = None

    def q(self, user) -> Q:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return NOTHING
        if user.is_superuser:
            return Q()
        return self.condition(user)

    def __or__(self, other: Rule) -> Rule:
        return Rule(lambda user: self.q(user) | other.q(user), f"{self.name}|{other.name}")

    def __and__(self, other: Rule) -> Rule:
        return Rule(lambda user: self.q(user) & other.q(user), f"{self.name}&{other.name}")

    def allows(self, user, obj: models.Model) -> bool:
        return type(obj)._default_manager.filter(pk=obj.pk).filter(self.q(user)).exists()

    def held_by(self, holder) -> Rule:
        """The same rule, described for people by ``holder`` (a text or a callable on it)."""
        return Rule(self.condition, self.name, holder)

    def describe(self, obj) -> str:
        """Who holds a step of this rule on ``obj``, in words; the rule's name if undescribed."""
        holder = self.holder
        if callable(holder):
            return str(holder(obj))
        return str(holder) if holder else self.name


@dataclass
class Step:
    """What an effect gets: the locked record, who acts, the validated input."""

    obj: models.Model
    actor: Any
    name: str
    data: dict[str, Any]
    previous: str
    now: Any
    note: str = ""
    # Extra before/after pairs for the audit row (the state change is added by perform).
    changes: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """Whom a step tells, and what: a notification of a workflow event (after the commit)."""

    recipients: Iterable[Any]
    kind: str
    title: Any
    url: str = ""
    body: Any = ""


@dataclass(frozen=True)
class Transition:
    """One step of a workflow."""

    name: str
    sources: frozenset[str]
    target: str | None  # None: the effect decides (granted or refused) and returns it
    may: Rule
    form: type[forms.Form] | None = None
    effect: Callable[[Step], str | None] | None = None
    label: Any = ""  # the step as a past event: "submitted for approval"
    button: Any = ""  # the step as an action: "Submit for approval"
    # A destructive or irreversible step asks for confirmation naming its consequence.
    confirm: Any = ""
    note_field: str = "note"
    # Who is told that the step happened: each Notice once, after the step's commit.
    notify: Callable[[Step], Iterable[Notice]] | None = None
    # Whether the step is the way forward ("waiting for: …") or an alternative beside it
    # (refuse, withdraw, return). Unset: a step that asks for confirmation is an alternative.
    forward: bool | None = None

    @property
    def is_forward(self) -> bool:
        return (not self.confirm) if self.forward is None else self.forward


@dataclass(frozen=True)
class PendingStep:
    """A step the record waits for: the transition, who holds it, whether the reader may take it."""

    transition: Transition
    holder: str
    mine: bool


def _step_note(cleaned: Mapping[str, Any], note_field: str) -> str:
    """What the history and the audit record of the step's words: its note field (a reason, a
    result), and the free note beside it when the step names another field as its note."""
    parts = [cleaned.get(note_field), cleaned.get("note") if note_field != "note" else None]
    return "\n".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


class Workflow:
    """A model's workflow: its transitions, where its state lives, how it records history."""

    def __init__(
        self,
        *,
        model: type[models.Model],
        transitions: Iterable[Transition],
        state_field: str = "status",
        state_label: Callable[[str], str] | None = None,
        visible: Callable[[Any], models.QuerySet] | None = None,
        history: Callable[[Step, str], None] | None = None,
        audit_scope: Callable[[models.Model], models.Model | None] | None = None,
        subject_label: Any = "",
    ):
        self.model = model
        self.transitions = {t.name: t for t in transitions}
        self.state_field = state_field
        self.state_label = state_label or (lambda value: value)
        self.visible = visible or (lambda user: model._default_manager.all())
        self.history = history
        self.audit_scope = audit_scope or (lambda obj: None)
        self.subject_label = subject_label

    # --- Reading ------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def __contains__(self, name: str) -> bool:
        return name in self.transitions

    def names(self) -> list[str]:
        return list(self.transitions)

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def annotate_allowed(
        self, queryset: models.QuerySet, user, names: Iterable[str] | None = None
    ) -> models.QuerySet:
        """``may_<step>`` on each row read: the step's rule and its source states (for the steps
        ``names``, by default every step).

        Steps share rules (a prosecutor of the requesting side takes a dozen steps), so the SQL
        asks each distinct rule once per row — one EXISTS per rule, not per step — and the row's
        state picks the steps as the rows are read. Compiling a subquery per step cost more than
        the page's own SQL."""
        transitions = {
            name: transition
            for name, transition in self.transitions.items()
            if names is None or name in names
        }
        aliases: dict[Rule, str] = {}
        for transition in transitions.values():
            aliases.setdefault(transition.may, f"allowed_by_rule_{len(aliases)}")
        annotations = {
            alias: RowProbe(
                self.model._default_manager.filter(pk=OuterRef("pk")).filter(rule.q(user))
            )
            for rule, alias in aliases.items()
        }
        steps = [
            (f"may_{name}", aliases[transition.may], transition.sources)
            for name, transition in transitions.items()
        ]
        state_field = self.state_field

        class AllowedIterable(ModelIterable):
            def __iter__(self):
                for obj in super().__iter__():
                    state = getattr(obj, state_field)
                    for attribute, alias, sources in steps:
                        setattr(obj, attribute, state in sources and bool(getattr(obj, alias)))
                    yield obj

        queryset = queryset.annotate(**annotations)
        queryset._iterable_class = AllowedIterable
        return queryset

    def allowed(self, user, obj) -> list[str]:
        """The steps ``user`` may take on ``obj`` now, in the table's order (one query, asking
        only the rules of the steps that leave the record's state)."""
        state = self.state_of(obj)
        candidates = [n for n, t in self.transitions.items() if state in t.sources]
        if not candidates:
            return []
        row = self.annotate_allowed(
            self.model._default_manager.filter(pk=obj.pk), user, candidates
        ).first()
        return [n for n in candidates if row is not None and getattr(row, f"may_{n}")]

    def pending(self, obj, user=None, allowed: Iterable[str] | None = None) -> list[PendingStep]:
        """The steps the record waits for now, each with who holds it (from its rule) and whether
        ``user`` may take it: a page's "waiting for: <step> — <who>". ``allowed``: what
        ``allowed(user, obj)`` answered, when the page has asked already."""
        state = self.state_of(obj)
        if allowed is None:
            allowed = self.allowed(user, obj) if user is not None else ()
        mine = set(allowed)
        return [
            PendingStep(transition=t, holder=t.may.describe(obj), mine=name in mine)
            for name, t in self.transitions.items()
            if state in t.sources
        ]

    def may(self, user, obj, name: str) -> bool:
        return self.transitions[name].may.allows(user, obj)

    def field_labels(self, name: str) -> dict[str, Any]:
        """The step's input fields and their labels (to name a field in a page's message)."""
        form = self.transitions[name].form
        if form is None:
            return {}
        return {key: field.label or key for key, field in form.base_fields.items()}

    def form_for(self, name: str, obj, data=None) -> forms.Form | None:
        transition = self.transitions[name]
        if transition.form is None:
            return None
        form_class = transition.form
        if getattr(form_class, "takes_subject", False):
            return form_class(data, subject=obj)
        return form_class(data)

    # --- Acting -------------------------------------------------------------------------------
    def validate(self, name: str, obj, data) -> dict[str, Any]:
        """The step's input, validated by its form; unknown fields refused."""
        data = data if data is not None else {}
        if not isinstance(data, Mapping):
            # An API body that is JSON but no object (false, a list): a 400, not a 500.
            raise ValidationError(_("The step's input must be an object of its fields."))
        form = self.form_for(name, obj, data)
        refuse_unknown_fields(data, form.fields if form is not None else ())
        if form is None:
            return {}
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        return dict(form.cleaned_data)

    @transaction.atomic
    def perform(self, obj, name: str, actor, data=None) -> models.Model:
        """Take one step: see the module's docstring for the order of the checks."""
        from audit.models import AuditAction
        from audit.services import audit_record

        if name not in self.transitions:
            raise Http404
        transition = self.transitions[name]
        # SECURITY: what the actor cannot see does not exist for them.
        if not self.visible(actor).filter(pk=obj.pk).exists():
            raise Http404
        locked = self.model._default_manager.select_for_update().get(pk=obj.pk)
        if not transition.may.allows(actor, locked):
            raise PermissionDenied(_("Your role does not allow this step."))
        previous = self.state_of(locked)
        if previous not in transition.sources:
            raise IllegalTransition(
                _("“%(subject)s” is “%(state)s”: it cannot be %(step)s now.")
                % {
                    "subject": str(locked),
                    "state": self.state_label(previous),
                    "step": transition.label or name,
                }
            )
        cleaned = self.validate(name, locked, data)
        step = Step(
            obj=locked,
            actor=actor,
            name=name,
            data=cleaned,
            previous=previous,
            now=timezone.now(),
            note=_step_note(cleaned, transition.note_field),
        )
        decided = transition.effect(step) if transition.effect else None
        target = decided or transition.target or previous
        setattr(locked, self.state_field, target)
        locked.save()
        if self.history is not None:
            self.history(step, target)
        event = audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            changes={self.state_field: [previous, target], **step.changes},
            note=step.note,
            scope=self.audit_scope(locked),
        )
        if transition.notify is not None:
            self._tell(transition, step, event)
        return locked

    def _tell(self, transition: Transition, step: Step, event) -> None:
        """The step's notices; the audit event's id makes each occurrence of a step one event."""
        from deadlines.notify import notify

        base = f"{step.obj._meta.label_lower}:{step.obj.pk}:{step.name}:{event.pk}"
        for notice in transition.notify(step):
            notify(
                notice.recipients,
                kind=notice.kind,
                title=notice.title,
                url=notice.url,
                body=notice.body,
                event_key=f"{base}:{notice.kind}",
                actor=step.actor,
                scope=self.audit_scope(step.obj),
            )
