"""The start page: what needs the signed-in officer's attention, by role.

The start page is the shell's view over every app (like ``demo``, it sits at the top of the
graph of apps: it reads their models and workflows, nothing imports it). Each section is a count
and its first few records, each a link to its page; a section with nothing in it says what to do
next. The page, its polled counts (``home_counts``) and ``GET /api/home/`` read the same
``home_sections(user)``.

Rules are never copied here:
- "waiting for me" is the workflows' own table: the steps of a record's state that the user's
  rule allows (``waiting_q``), the steps that move the process forward (a destructive step, one
  that asks for confirmation, never waits for anyone);
- clocks and their visibility are the deadlines app's (``Deadline.objects.visible_to``);
- custody "under N days" is the extradition app's ``CUSTODY_URGENT_DAYS``.

At scale: every section is one or two queries whatever the number of records (its first
COUNT_CAP + 1 rows, read narrow, give both the capped count and the items; the clocks are one
aggregate and the first rows), so the page costs a constant number of queries; each reads a
user's own rows off an index (the clock's recipients, the notification's recipient, the audit
scope of a few cases) or a state-and-agency condition the lists already index.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from core.workflow import NOTHING, Workflow

# Rows shown per section; the count says how many more there are (up to COUNT_CAP).
SHOWN = 5
COUNT_CAP = 99
# Recent changes on my cases: the cases read (the officer's own, newest first) and the events.
MY_CASES_CAP = 200
RECENT_CHANGES = 10
# Audit highlights: what an auditor looks at first.
AUDIT_HIGHLIGHTS = ("view_protected", "export", "lockout", "login_failed", "grant", "revoke")


@dataclass
class Item:
    """One record in a section: what it is, where it opens, and what is due."""

    label: str
    url: str
    detail: str = ""
    badge: str = "secondary"
    due_at: datetime.datetime | None = None
    when: datetime.datetime | None = None


@dataclass
class Section:
    """A block of the start page: a count, the first records, what to do when it is empty."""

    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    url: str = ""
    empty: str = ""
    capped: bool = False
    # The clocks' block splits its count by urgency.
    parts: dict[str, int] = field(default_factory=dict)

    @property
    def count_display(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.count)


# --- Who waits for whom: the workflows' tables read as one condition ---------------------------
def forward_steps(workflow: Workflow):
    """The steps that move a record on (``Transition.is_forward``): a withdrawal, a refusal or a
    return is a choice someone may make, not something the record waits for; sending, though
    confirmed because it cannot be undone, is what an approved request waits for."""
    return [t for t in workflow.transitions.values() if t.is_forward]


def waiting_q(workflow: Workflow, user) -> Q:
    """Records in a state one of whose forward steps ``user`` may take: the same rules and source
    states as ``Workflow.allowed``, as one condition (steps sharing a rule are asked once)."""
    by_rule: dict[Any, set[str]] = {}
    for transition in forward_steps(workflow):
        by_rule.setdefault(transition.may, set()).update(transition.sources)
    condition = NOTHING
    for rule, states in by_rule.items():
        condition |= Q(**{f"{workflow.state_field}__in": sorted(states)}) & rule.q(user)
    return condition


def waiting_step(workflow: Workflow, user) -> Case:
    """The first forward step ``user`` may take on a row that ``waiting_q`` kept, as a value.

    On such a row one of the steps leaving its state is allowed. Where a single forward step
    leaves a state, that step is the answer and its rule is not asked again; where several do,
    each but the last is asked in the workflow's order and the last is what remains. (Asking
    every rule again, as ``waiting_q`` does, doubled the cost of building and planning the
    query: a rule such as "may change the case" is a visibility condition of its own.)"""
    steps = forward_steps(workflow)
    leaving: dict[str, list] = {}  # state -> the forward steps leaving it, in order
    for transition in steps:
        for state in transition.sources:
            leaving.setdefault(state, []).append(transition)
    field = workflow.state_field
    whens = []
    for transition in steps:
        asked = sorted(s for s, out in leaving.items() if transition in out[:-1])
        if asked:
            whens.append(
                When(
                    Q(**{f"{field}__in": asked}) & transition.may.q(user),
                    then=Value(transition.name),
                )
            )
    for transition in steps:
        remaining = sorted(s for s, out in leaving.items() if out[-1] is transition)
        if remaining:
            whens.append(When(Q(**{f"{field}__in": remaining}), then=Value(transition.name)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _section(key, title, rows, to_item, *, url="", empty="") -> Section:
    """The first COUNT_CAP + 1 of ``rows``, read once, give the count (capped) and the items.

    One read rather than a count and then the first rows: each section's condition carries the
    visibility and "who may" rules, and building, planning and running it twice cost more than
    reading up to a hundred narrow rows. ``rows`` reads only what its items show, as tuples
    (``values_list(named=True)``): a model object per row read cost the six sections that read
    a hundred rows 5.4 ms together at 100,000 cases, the objects of a wide model with most of
    its fields deferred the most."""
    read = list(rows[: COUNT_CAP + 1])
    items = [to_item(row) for row in read[:SHOWN]]
    return Section(
        key, str(title), min(len(read), COUNT_CAP), items, url, str(empty), len(read) > COUNT_CAP
    )


# --- The sections ------------------------------------------------------------------------------
def _clock_badge(due_at, now, today_end) -> str:
    if due_at < now:
        return "danger"
    return "warning" if due_at < today_end else "info"


def my_clocks(user, now) -> Section:
    """My running clocks that end within a week (or have ended), split by urgency."""
    from deadlines.models import Deadline, DeadlineState

    zone = user.zone
    local_today = now.astimezone(zone).date()
    today_end = datetime.datetime.combine(
        local_today + datetime.timedelta(days=1), datetime.time(), zone
    )
    week_end = today_end + datetime.timedelta(days=6)
    # The clocks addressed to me (an index on the recipients' user), running, ending this week.
    mine = Deadline.responsible.through.objects.filter(user=user).values("deadline_id")
    clocks = Deadline.objects.filter(pk__in=mine, state=DeadlineState.RUNNING, due_at__lt=week_end)
    parts = clocks.aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=today_end)),
        week=Count("pk", filter=Q(due_at__gte=today_end)),
    )
    total = sum(parts.values())
    shown = clocks.only("title", "url", "subject_label", "due_at").order_by("due_at", "id")
    rows = list(shown[:SHOWN]) if total else []
    items = [
        Item(
            label=d.title,
            url=d.url or reverse("deadlines:mine"),
            detail=d.subject_label,
            badge=_clock_badge(d.due_at, now, today_end),
            due_at=d.due_at,
        )
        for d in rows
    ]
    return Section(
        "clocks",
        _("My clocks this week"),
        total,
        items,
        reverse("deadlines:mine"),
        _("No clock of yours ends this week. All your running clocks are under “Deadlines”."),
        parts=parts,
    )


def _mla_waiting(user) -> Section:
    from requests_mla.choices import RequestStatus
    from requests_mla.models import MLARequest
    from requests_mla.workflow import MLA_WORKFLOW

    # What an item shows: a request row is wide (facts, purpose, qualification texts).
    requests = (
        MLARequest.objects.visible_to(user)
        .filter(waiting_q(MLA_WORKFLOW, user))
        .annotate(waiting_step=waiting_step(MLA_WORKFLOW, user))
        .order_by("-created_at", "-id")
        .values_list("pk", "reference", "status", "updated_at", "waiting_step", named=True)
    )

    def item(request) -> Item:
        step = MLA_WORKFLOW.transitions.get(request.waiting_step)
        status = RequestStatus(request.status)
        return Item(
            label=request.reference,
            url=reverse("requests_mla:detail", kwargs={"pk": request.pk}),
            detail=str(step.button) if step else str(status.label),
            badge=status.badge,
            when=request.updated_at,
        )

    return _section(
        "requests",
        gettext_lazy("Requests waiting for me"),
        requests,
        item,
        url=reverse("requests_mla:list"),
        empty=gettext_lazy(
            "No request waits for your step. Requests to approve, accept or supplement appear "
            "here as soon as they reach you."
        ),
    )


def _extradition_waiting(user) -> Section:
    from extradition.choices import Stage
    from extradition.models import ExtraditionFile
    from extradition.workflow import EXTRADITION_WORKFLOW

    files = (
        ExtraditionFile.objects.visible_to(user)
        .filter(waiting_q(EXTRADITION_WORKFLOW, user))
        .annotate(waiting_step=waiting_step(EXTRADITION_WORKFLOW, user))
        .order_by("-created_at", "-id")
        .values_list("pk", "reference", "stage", "updated_at", "waiting_step", named=True)
    )

    def item(file) -> Item:
        step = EXTRADITION_WORKFLOW.transitions.get(file.waiting_step)
        stage = Stage(file.stage)
        return Item(
            label=file.reference,
            url=reverse("extradition:detail", kwargs={"pk": file.pk}),
            detail=str(step.button) if step else str(stage.label),
            badge=stage.badge,
            when=file.updated_at,
        )

    return _section(
        "extradition",
        gettext_lazy("Extradition files waiting for me"),
        files,
        item,
        url=reverse("extradition:list"),
        empty=gettext_lazy("No extradition file waits for your step."),
    )


def _links_waiting(user) -> Section:
    from cases.models import CaseLink
    from cases.workflow import CASE_LINK_WORKFLOW

    links = (
        CaseLink.objects.visible_to(user)
        .filter(waiting_q(CASE_LINK_WORKFLOW, user))
        .order_by("-created_at", "-id")
        .values_list(
            "target_id", "created_at", "source__reference", "target__reference", named=True
        )
    )

    def item(link) -> Item:
        return Item(
            label=f"{link.source__reference} → {link.target__reference}",
            url=reverse("cases:detail", kwargs={"pk": link.target_id}),
            detail=_("Link of mirror cases to accept or decline"),
            badge="primary",
            when=link.created_at,
        )

    return _section(
        "links",
        gettext_lazy("Access to mirror cases to decide"),
        links,
        item,
        url=reverse("cases:list"),
        empty=gettext_lazy(
            "No proposal to link a case of the other country waits for your decision."
        ),
    )


def _custody(user, now) -> Section:
    """Custody clocks of my agency's files that end in under CUSTODY_URGENT_DAYS days."""
    from deadlines.models import Deadline, DeadlineState
    from extradition.choices import CUSTODY_URGENT_DAYS
    from extradition.filters import CUSTODY_END_CLOCKS

    if not user.agency_id:
        return Section("custody", "", 0)
    of_agency = Deadline.responsible.through.objects.filter(
        deadline=OuterRef("pk"), user__agency_id=user.agency_id
    )
    # The few running custody clocks that end soon first, read off their own index as one array:
    # as conditions of the section's query, PostgreSQL took the list's order by end and read
    # the 2,100 open clocks due within those days to find 4 (4.5 ms at 100,000 cases).
    ending = Deadline.objects.filter(
        state=DeadlineState.RUNNING,
        kind__in=CUSTODY_END_CLOCKS,
        due_at__lt=now + datetime.timedelta(days=CUSTODY_URGENT_DAYS),
    ).values("pk")
    clocks = (
        Deadline.objects.visible_to(user)
        .filter(Q(Exists(of_agency)) | Q(case__owning_agency_id=user.agency_id), pk__any_of=ending)
        .order_by("due_at", "id")
        .values_list("subject_label", "url", "title", "due_at", named=True)
    )

    def item(d) -> Item:
        return Item(
            label=d.subject_label,
            url=d.url or reverse("extradition:custody"),
            detail=d.title,
            badge="danger",
            due_at=d.due_at,
        )

    section = _section(
        "custody",
        _("Custody ending in under %(days)d days") % {"days": CUSTODY_URGENT_DAYS},
        clocks,
        item,
        url=reverse("extradition:custody"),
        empty=_(
            "No custody clock of your agency ends within %(days)d days. Everyone held is on "
            "the custody dashboard."
        )
        % {"days": CUSTODY_URGENT_DAYS},
    )
    return section


def _tasks(user) -> Section:
    from teams.choices import TaskStatus
    from teams.models import JointTeam, Task

    tasks = (
        Task.objects.filter(team__in=JointTeam.objects.visible_to(user).values("pk"), assignee=user)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by(F("due_on").asc(nulls_last=True), "id")
        .values_list(*TASK_ITEM_COLUMNS, named=True)
    )
    return _section(
        "tasks",
        gettext_lazy("My tasks"),
        tasks,
        task_item,
        url=reverse("teams:my_tasks"),
        empty=gettext_lazy("No open task is assigned to you in a joint team."),
    )


# What a task's item shows (``task_item``).
TASK_ITEM_COLUMNS = ("pk", "team_id", "title", "due_on", "team__name")


def task_item(task) -> Item:
    overdue = task.due_on is not None and task.due_on < timezone.localdate()
    team = task.team__name
    return Item(
        label=task.title,
        url=reverse("teams:task", kwargs={"pk": task.team_id, "task_pk": task.pk}),
        detail=(f"{team} · {task.due_on:%d.%m.%Y}" if task.due_on else team),
        badge="danger" if overdue else "secondary",
    )


def _team_tasks_overdue(user) -> Section:
    from teams.choices import TaskStatus
    from teams.models import Task
    from teams.workflow import RUNS_TASK_TEAM

    tasks = (
        Task.objects.filter(RUNS_TASK_TEAM.q(user), due_on__lt=timezone.localdate())
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by("due_on", "id")
        .values_list(*TASK_ITEM_COLUMNS, named=True)
    )
    return _section(
        "team_tasks",
        gettext_lazy("Overdue tasks of my teams"),
        tasks,
        task_item,
        url=reverse("teams:list"),
        empty=gettext_lazy("No task of the teams you run is overdue."),
    )


def _notifications(user) -> Section:
    from core.phrases import in_reader_language
    from deadlines.models import Notification

    # SECURITY: the user's own notifications only.
    unread = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by("-created_at", "-id")
        .values_list("title", "titles", "url", "created_at", named=True)
    )

    def item(notice) -> Item:
        return Item(
            label=in_reader_language(notice.titles, notice.title),
            url=notice.url or reverse("deadlines:notifications"),
            badge="primary",
            when=notice.created_at,
        )

    return _section(
        "notifications",
        gettext_lazy("Unread notifications"),
        unread,
        item,
        url=reverse("deadlines:notifications"),
        empty=gettext_lazy("Nothing unread. Earlier notifications are under the bell."),
    )


def _recent_changes(user) -> Section:
    """The latest events on the cases I investigate, by others (an index on the event's scope)."""
    from audit.models import AuditEvent
    from cases.models import Case

    # Led and assigned asked apart, each from its own index: as one OR across the join,
    # PostgreSQL walked every case by id to find a coordinator's none (76 ms at 100,000 cases).
    led = Case.objects.filter(lead_investigator=user).order_by("-pk").values_list("pk", flat=True)
    assigned = (
        Case.investigators.through.objects.filter(user=user)
        .order_by("-case_id")
        .values_list("case_id", flat=True)
    )
    mine = sorted({*led[:MY_CASES_CAP], *assigned[:MY_CASES_CAP]}, reverse=True)[:MY_CASES_CAP]
    case_ids = [str(pk) for pk in mine]
    if not case_ids:
        events = []
    else:
        events = list(
            AuditEvent.objects.filter(scope_type="cases.case", scope_id__in=case_ids)
            .exclude(actor=user)
            .order_by("-occurred_at", "-id")[:RECENT_CHANGES]
        )
    items = [
        Item(
            # Protected victims' data is not repeated here: the case's history shows it to
            # those who may see it.
            label=_("protected data") if event.is_protected else event.object_repr,
            url=reverse("cases:detail", kwargs={"pk": event.scope_id}),
            detail=f"{event.get_action_display()} · {event.actor_username}",
            when=event.occurred_at,
        )
        for event in events
    ]
    return Section(
        "recent",
        _("Recent changes on my cases"),
        len(items),
        items,
        reverse("cases:list"),
        _("Nobody else has changed your cases lately."),
    )


def _reports_received(user) -> Section:
    """Statistical reports the other country sent that I have not read yet."""
    from statreports.choices import ReportStatus
    from statreports.models import StatReport, StatReportRead

    read = StatReportRead.objects.filter(user=user).values("report_id")
    reports = (
        StatReport.objects.visible_to(user)
        .filter(status=ReportStatus.SENT)
        .exclude(country=user.agency.country)
        .exclude(pk__in=read)
        .order_by("-sent_at", "-id")
    )

    def item(report) -> Item:
        return Item(
            label=report.reference,
            url=reverse("statreports:detail", kwargs={"pk": report.pk}),
            detail=f"{report.get_country_display()} · {report.period_label}",
            badge="info",
            when=report.sent_at,
        )

    return _section(
        "statreports",
        gettext_lazy("Statistical reports received"),
        reports,
        item,
        url=reverse("statreports:list"),
        empty=gettext_lazy(
            "No statistical report of the other country waits to be read. Reports it sends "
            "appear here."
        ),
    )


def _audit(user) -> Section:
    from audit.models import AuditChainCheck, AuditEvent

    check = AuditChainCheck.objects.order_by("-id").first()
    since = timezone.now() - datetime.timedelta(days=7)
    events = AuditEvent.objects.filter(
        action__in=AUDIT_HIGHLIGHTS, occurred_at__gte=since
    ).order_by("-occurred_at", "-id")

    def item(event) -> Item:
        return Item(
            label=f"{event.get_action_display()}: {event.object_repr or event.object_type}",
            url=f"{reverse('audit:list')}?action={event.action}",
            detail=event.actor_username,
            badge="warning",
            when=event.occurred_at,
        )

    section = _section(
        "audit",
        gettext_lazy("Audit highlights of the last 7 days"),
        events,
        item,
        url=reverse("audit:list"),
        empty=gettext_lazy(
            "No protected data viewed, export, lockout or access change in the last 7 days."
        ),
    )
    if check is None:
        chain = Item(
            _("The audit chain has not been checked yet: run manage.py verify_audit."),
            reverse("audit:list"),
            badge="warning",
        )
    else:
        chain = Item(
            _("Audit chain intact")
            if check.ok
            else _("Audit chain broken: %(problem)s") % {"problem": check.get_problem_display()},
            reverse("audit:list"),
            detail=_("%(n)d events checked") % {"n": check.events_checked},
            badge="success" if check.ok else "danger",
            when=check.checked_at,
        )
    section.items.insert(0, chain)
    return section


def _registry(user) -> Section:
    from core.models import Confidence
    from treaties.models import DeadlineRule, Instrument, RequiredElement

    unconfirmed = Q(confidence=Confidence.UNVERIFIED)
    groups = [
        (
            Instrument.objects.filter(unconfirmed).order_by("short_name"),
            lambda o: reverse("treaties:detail", kwargs={"pk": o.pk}),
            _("instrument"),
        ),
        (
            DeadlineRule.objects.filter(unconfirmed).order_by("code"),
            lambda o: reverse("treaties:child_edit", kwargs={"kind": "rule", "pk": o.pk}),
            _("deadline rule"),
        ),
        (
            RequiredElement.objects.filter(unconfirmed)
            .select_related("instrument")
            .order_by("instrument_id", "pk"),
            lambda o: reverse("treaties:child_edit", kwargs={"kind": "element", "pk": o.pk}),
            _("required element"),
        ),
    ]
    count, items = 0, []
    for queryset, url, kind in groups:
        # Registry tables are small (hundreds of rows): each group's marked rows in one query.
        rows = list(queryset[: COUNT_CAP + 1])
        count += len(rows)
        for row in rows[: max(0, SHOWN - len(items))]:
            items.append(Item(str(row), url(row), detail=str(kind), badge="danger"))
    return Section(
        "registry",
        _("Registry values to be confirmed"),
        min(count, COUNT_CAP),
        items,
        reverse("treaties:rules"),
        _("Every value in the registry is verified or likely. Nothing waits for confirmation."),
        capped=count > COUNT_CAP,
    )


def home_sections(user, now=None) -> list[Section]:
    """The start page's sections for ``user``, by role (see the module docstring)."""
    now = now or timezone.now()
    roles = user.role_names
    officer = bool(roles & {Role.INVESTIGATOR, Role.COORDINATOR, Role.PROSECUTOR})
    manager = bool(roles & {Role.COORDINATOR, Role.PROSECUTOR})
    sections: list[Section] = []
    if officer or user.is_superuser:
        sections += [my_clocks(user, now), _mla_waiting(user)]
        if manager or user.is_superuser:
            sections += [_extradition_waiting(user), _custody(user, now)]
        if Role.COORDINATOR in roles:
            sections += [_links_waiting(user), _team_tasks_overdue(user)]
        if manager and user.agency_id:
            sections.append(_reports_received(user))
        sections.append(_tasks(user))
    if Role.AUDITOR in roles:
        sections.append(_audit(user))
    if Role.REGISTRY_ADMIN in roles:
        sections.append(_registry(user))
    sections.append(_notifications(user))
    if Role.INVESTIGATOR in roles:
        # "My cases" are those the officer investigates (lead or assigned).
        sections.append(_recent_changes(user))
    return sections


# --- Views -------------------------------------------------------------------------------------
class HomeView(LoginRequiredMixin, TemplateView):
    """What needs my attention now; the counts refresh themselves (``HomeCountsView``)."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = home_sections(self.request.user)
        return context


class HomeCountsView(LoginRequiredMixin, View):
    """The start page's sections again, polled by htmx (counts and first rows stay live and in
    step). A background request: it is not activity for the session's idle clock."""

    def get(self, request):
        return render(
            request, "core/partials/home_sections.html", {"sections": home_sections(request.user)}
        )


# --- API -----------------------------------------------------------------------------------------
class HomeItemSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()
    detail = serializers.CharField()
    badge = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    when = serializers.DateTimeField(allow_null=True)


class HomeSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField(help_text="Capped at 99; see `capped`.")
    capped = serializers.BooleanField()
    url = serializers.CharField()
    empty = serializers.CharField(help_text="What to do next when the section is empty.")
    parts = serializers.DictField(child=serializers.IntegerField())
    items = HomeItemSerializer(many=True)


class HomeSerializer(serializers.Serializer):
    sections = HomeSectionSerializer(many=True)


class HomeAPIView(APIView):
    """What needs the signed-in user's attention: the start page's sections, by role."""

    @extend_schema(responses=HomeSerializer)
    def get(self, request):
        sections = home_sections(request.user)
        return Response(HomeSerializer({"sections": [asdict(s) for s in sections]}).data)
