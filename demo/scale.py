"""A portal at national scale, for load benchmarks: ``manage.py seed_scale``.

What five years of work in both countries leave in the database — cases with their people,
qualifications, grants and mirror links; requests for legal assistance with their history and
clocks; extradition files with custody clocks; joint teams and their tasks; notifications and
the audit trail — written in bulk, not through the services, which take a row lock, a reference
number and an audit row per call and would need hours for a hundred thousand cases.

Every row holds what the services would have put in it: references of the same series
(``core.ReferenceSequence``, moved past the numbers used here), search columns derived by the
models' own code (``Case.clean``, ``Person.refresh_search_name``), clocks from the registry's
rules as ``deadlines.services.deadlines_open`` opens them (``rules_for``, ``compute_due``,
``rule_citation``), reminders worded as the sweep words them, an audit event for every
creation and step. Only the registry's rows are used: no article number, rule length or
instrument is named here.

Writing: COPY on PostgreSQL (on a thread of its own, while the next rows are generated),
``bulk_create`` elsewhere, in batches, in one transaction — a failed run leaves nothing behind.
Primary keys are handed out here and the tables' sequences moved past them at the end, so that
rows point at each other without reading back what was written. No ``save()``, no signal.

The world is built as of the start of today (UTC): the same seed on the same day gives the same
data, and nothing in it happens later than that moment.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import dataclasses
import datetime
import gc
import io
import itertools
import json
import random
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from accounts.choices import AgencyKind, Country, Role
from accounts.demo import AGENCIES as DEMO_AGENCIES
from accounts.demo import seed_accounts
from accounts.models import Agency, User
from accounts.services import agency_grantee_group
from audit import chain
from audit.models import AuditAction, AuditEvent
from cases import names as case_names
from cases.choices import CaseStatus, LinkStatus, NationalRegister, ParticipantRole, RouteRole
from cases.demo import CASES as DEMO_CASES
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseLink,
    CaseUserObjectPermission,
    IdentityDocument,
    Participant,
    Person,
    Qualification,
    RoutePoint,
)
from core.models import ReferenceSequence
from deadlines.computation import compute_due, counts_from_moment, due_on_date, zone_of
from deadlines.models import Deadline, DeadlineExtension, DeadlineState, DeliveryState, Notification
from deadlines.services import (
    DEFAULT_LEAD_DAYS,
    DEFAULT_LEAD_HOURS,
    calendar_for,
    next_check,
    rule_citation,
    rule_gaps,
    rules_for,
    weakest_mark,
)
from deadlines.sweep import _title as reminder_title
from demo import scale_words as words
from extradition.choices import Purpose, Stage
from extradition.legal_basis import proposed_bases
from extradition.models import ExtraditionFile, StageChange
from requests_mla.choices import RequestStatus, RequestType
from requests_mla.models import ActionPerson, MLARequest, RequestedAction, StatusChange
from requests_mla.services import proposed_instruments, providing_provisions
from teams.choices import MemberRole, Priority, TaskStatus, TeamStatus
from teams.models import JointTeam, Task, TaskComment, TeamExtension, TeamMember
from treaties.choices import ElementCheck, InstrumentKind, RequestKind, TriggerEvent
from treaties.governing import governing_instruments
from treaties.models import (
    AssistanceKind,
    CriminalArticle,
    CriminalCode,
    ExploitationForm,
    Instrument,
    InstrumentParty,
    RefusalGround,
    RequiredElement,
)

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
UTC = datetime.UTC
YEARS = 5
# The first days of a clock's daily escalation only: a clock overdue for a year would owe each
# recipient a notice a day, more than the whole budget of notifications.
ESCALATION_DAYS = 10
CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR, Role.PROSECUTOR})
OPEN = (DeadlineState.RUNNING, DeadlineState.PAUSED)


def _other(country: str) -> str:
    return Country.KZ if country == Country.KG else Country.KG


# --- Options ---------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ScaleOptions:
    """How big a world to build; ``None`` sizes follow the number of cases (``resolved``)."""

    cases: int = 100_000
    requests: int | None = None  # cases / 5
    persons: int | None = None  # cases × 2, at most cases × 3 (three participants a case)
    audit: int | None = None  # cases × 10
    notifications: int | None = None  # cases × 2
    extraditions: int | None = None  # cases × 3 / 100
    teams: int | None = None  # cases / 300
    seed: int = 2026
    password: str = ""
    append: bool = False
    batch: int = 5000

    def resolved(self) -> ScaleOptions:
        n = self.cases

        def size(value: int | None, default: int) -> int:
            return max(0, default if value is None else value)

        return dataclasses.replace(
            self,
            requests=size(self.requests, n // 5),
            persons=min(size(self.persons, n * 2), 3 * n),
            audit=size(self.audit, n * 10),
            notifications=size(self.notifications, n * 2),
            extraditions=size(self.extraditions, n * 3 // 100),
            teams=size(self.teams, n // 300),
        )


class ScaleRefused(Exception):
    """The database is not one seed_scale may fill (the command turns this into its error)."""


# --- Writing ---------------------------------------------------------------------------------
def _copy(raw_connection, sql: str, data: io.StringIO) -> None:
    with raw_connection.cursor() as cursor:
        cursor.copy_expert(sql, data)


class Table:
    """Rows of one model waiting to be written, flushed every ``batch`` rows.

    A column the generator does not name gets the field's default (or NULL), so that a field
    added to a model later with a default does not break the generator; one without either
    stops it with a message naming the field.
    """

    def __init__(self, writer: BulkWriter, model: type[models.Model], columns: Sequence[str]):
        self.writer, self.model = writer, model
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise ImproperlyConfigured(f"{model._meta.label} has no column {sorted(unknown)}")
        now = timezone.now()
        extra = []
        for field in model._meta.concrete_fields:
            if field.attname in columns or field.primary_key:
                continue
            if field.has_default():
                extra.append((field.attname, field.get_default()))
            elif getattr(field, "auto_now", False):
                extra.append((field.attname, now))
            elif field.null:
                extra.append((field.attname, None))
            else:
                raise ImproperlyConfigured(
                    f"demo/scale.py does not fill {model._meta.label}.{field.name}: add it there"
                )
        self.columns = (*columns, *(name for name, _value in extra))
        self.extra = tuple(value for _name, value in extra)
        fields = [by_attname[c] for c in self.columns]
        self.json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        quote = connection.ops.quote_name
        nullable = ", ".join(quote(f.column) for f in fields if f.null)
        # CSV, which the csv module writes at C speed. Every string is quoted, so an empty one
        # stays empty; NULL is the unquoted empty field — and, with FORCE_NULL, a quoted empty
        # one too in the nullable columns (where "" is never a value).
        self.sql = "COPY {} ({}) FROM STDIN WITH (FORMAT csv{})".format(
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            f", FORCE_NULL ({nullable})" if nullable else "",
        )
        # The models its rows point at: their pending rows are sent first (foreign keys are
        # checked as each COPY ends).
        self.parents = {f.related_model for f in fields if f.is_relation} - {model}
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        self.rows.append(values)
        if len(self.rows) >= self.writer.batch:
            self.flush()

    def _complete(self, row: tuple):
        row = row + self.extra
        if self.json:
            row = list(row)
            for i in self.json:
                row[i] = None if row[i] is None else json.dumps(row[i], ensure_ascii=False)
        return row

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        for table in self.writer.tables.values():
            if table.rows and table.model in self.parents:
                table.flush()
        if self.writer.copy:
            if self.extra or self.json:
                rows = [self._complete(row) for row in rows]
            text = io.StringIO()
            csv.writer(text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
            text.seek(0)
            self.writer.send(self.sql, text)
        else:
            model, columns, extra = self.model, self.columns, self.extra
            model._base_manager.bulk_create(
                [model(**dict(zip(columns, row + extra, strict=True))) for row in rows]
            )
        self.writer.counts[self.model._meta.label] += len(rows)


class BulkWriter:
    """Every table being filled: COPY on PostgreSQL, bulk_create elsewhere.

    On PostgreSQL the COPY statements run one after the other on a thread of their own, on the
    same connection and in the same transaction, while the next rows are generated: on two
    cores the database and the generator work at the same time. A connection runs one statement
    at a time, so a query of the generator first waits for the COPYs sent before it
    (``writing()`` installs that wait on the connection).
    """

    PENDING = 4  # COPY statements queued at most before the generator waits for the database

    def __init__(self, batch: int):
        self.batch = batch
        self.copy = connection.vendor == "postgresql"
        self.tables: dict[tuple, Table] = {}
        self.counts: Counter[str] = Counter()
        self.waited = 0.0  # seconds the generator waited for the database
        self._next_id: dict[type[models.Model], int] = {}
        self._pool = ThreadPoolExecutor(max_workers=1) if self.copy else None
        self._pending: deque[Future] = deque()

    def table(self, model: type[models.Model], *columns: str) -> Table:
        key = (model, columns)
        if key not in self.tables:
            self.tables[key] = Table(self, model, columns)
        return self.tables[key]

    def m2m(self, field) -> Table:
        """The through table of a many-to-many field: (from id, to id)."""
        through = field.through
        return self.table(through, *(f.attname for f in through._meta.concrete_fields[1:3]))

    def ids(self, model: type[models.Model], count: int = 1) -> int:
        """The first of ``count`` new primary keys of ``model``, past every stored one."""
        if model not in self._next_id:
            stored = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
            self._next_id[model] = stored + 1
        first = self._next_id[model]
        self._next_id[model] = first + count
        return first

    def send(self, sql: str, data: io.StringIO) -> None:
        if self._pending and self._pending[0].done():
            self._pending.popleft().result()  # a failed COPY stops the run here
        connection.ensure_connection()
        # The DB-API connection itself: Django's wrapper belongs to the generator's thread.
        self._pending.append(self._pool.submit(_copy, connection.connection, sql, data))
        if len(self._pending) > self.PENDING:
            started = time.perf_counter()
            while len(self._pending) > self.PENDING:
                self._pending.popleft().result()
            self.waited += time.perf_counter() - started

    def wait(self) -> None:
        """Until every COPY sent has run (raising its error, if any)."""
        started = time.perf_counter()
        while self._pending:
            self._pending.popleft().result()
        self.waited += time.perf_counter() - started

    def _before_query(self, execute, sql, params, many, context):
        self.wait()
        return execute(sql, params, many, context)

    def writing(self):
        """A block in which every query of the generator waits for the COPYs sent before it."""
        return connection.execute_wrapper(self._before_query)

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()
        self.wait()

    def close(self) -> None:
        """Stop writing. A COPY that failed is the error to report: a query that failed after
        it only says that the transaction was aborted."""
        if self._pool is None:
            return
        self._pool.shutdown(wait=True, cancel_futures=True)
        failed = [f.exception() for f in self._pending if not f.cancelled() and f.exception()]
        self._pending.clear()
        if failed:
            raise failed[0]

    def reset_sequences(self) -> None:
        """Move each table's id sequence past the ids handed out here."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next_id))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# --- Agencies and officers ---------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ExtraAgency:
    key: str
    country: str
    kind: str
    name_ru: str
    name_en: str
    short_name: str


# Regional units beside the demo's national ones: twenty agencies in all.
EXTRA_AGENCIES = (
    ExtraAgency("kg_guvd_bishkek", Country.KG, AgencyKind.INTERNAL_AFFAIRS,
                "Главное управление внутренних дел г. Бишкек",
                "Main Department of Internal Affairs of Bishkek", "ГУВД г. Бишкек"),
    ExtraAgency("kg_uvd_osh", Country.KG, AgencyKind.INTERNAL_AFFAIRS,
                "Управление внутренних дел Ошской области",
                "Department of Internal Affairs of Osh Region", "УВД Ошской обл."),
    ExtraAgency("kg_uvd_chui", Country.KG, AgencyKind.INTERNAL_AFFAIRS,
                "Управление внутренних дел Чуйской области",
                "Department of Internal Affairs of Chui Region", "УВД Чуйской обл."),
    ExtraAgency("kg_uvd_jalalabad", Country.KG, AgencyKind.INTERNAL_AFFAIRS,
                "Управление внутренних дел Джалал-Абадской области",
                "Department of Internal Affairs of Jalal-Abad Region", "УВД Джалал-Абадской обл."),
    ExtraAgency("kg_prok_bishkek", Country.KG, AgencyKind.PROSECUTOR,
                "Прокуратура г. Бишкек", "Prosecutor's Office of Bishkek", "Прокуратура г. Бишкек"),
    ExtraAgency("kg_prok_osh", Country.KG, AgencyKind.PROSECUTOR,
                "Прокуратура Ошской области", "Prosecutor's Office of Osh Region",
                "Прокуратура Ошской обл."),
    ExtraAgency("kz_dp_almaty", Country.KZ, AgencyKind.INTERNAL_AFFAIRS,
                "Департамент полиции г. Алматы", "Almaty City Police Department", "ДП г. Алматы"),
    ExtraAgency("kz_dp_astana", Country.KZ, AgencyKind.INTERNAL_AFFAIRS,
                "Департамент полиции г. Астаны", "Astana City Police Department", "ДП г. Астаны"),
    ExtraAgency("kz_dp_shymkent", Country.KZ, AgencyKind.INTERNAL_AFFAIRS,
                "Департамент полиции г. Шымкента", "Shymkent City Police Department",
                "ДП г. Шымкента"),
    ExtraAgency("kz_dp_turkestan", Country.KZ, AgencyKind.INTERNAL_AFFAIRS,
                "Департамент полиции Туркестанской области",
                "Police Department of Turkestan Region", "ДП Туркестанской обл."),
    ExtraAgency("kz_prok_almaty", Country.KZ, AgencyKind.PROSECUTOR,
                "Прокуратура г. Алматы", "Prosecutor's Office of Almaty", "Прокуратура г. Алматы"),
)  # fmt: skip

# Officers added to each agency, by its kind: a few hundred in all.
STAFF = {
    AgencyKind.INTERNAL_AFFAIRS: {Role.INVESTIGATOR: 20, Role.COORDINATOR: 3},
    AgencyKind.NATIONAL_SECURITY: {Role.INVESTIGATOR: 8, Role.COORDINATOR: 2},
    AgencyKind.FINANCIAL_INTELLIGENCE: {Role.INVESTIGATOR: 5, Role.COORDINATOR: 1},
    AgencyKind.BORDER_SERVICE: {Role.INVESTIGATOR: 4, Role.COORDINATOR: 1},
    AgencyKind.INTERPOL_NCB: {Role.INVESTIGATOR: 2, Role.COORDINATOR: 2},
    AgencyKind.PROSECUTOR: {Role.PROSECUTOR: 6, Role.COORDINATOR: 1},
}
ABBREVIATIONS = {Role.INVESTIGATOR: "inv", Role.COORDINATOR: "coord", Role.PROSECUTOR: "pros"}
NOTIFICATION_MODES = (
    (User.NotificationMode.IMMEDIATE, 80),
    (User.NotificationMode.DIGEST, 15),
    (User.NotificationMode.NONE, 5),
)


@dataclasses.dataclass(frozen=True)
class Officer:
    id: int
    username: str
    name: str
    agency_id: int
    country: str
    roles: frozenset[str]
    mode: str


# --- What the stages pass on ---------------------------------------------------------------
class CaseRow:
    """What later stages need of a generated case."""

    __slots__ = (
        "agency_id", "article_ids", "country", "created_at", "id", "investigator_ids", "kind",
        "lead_id", "opened_on", "participants", "reference", "summary", "title",
    )  # fmt: skip


class Clock:
    """A deadline being built: opened by an event, then paused, resumed, met or cancelled."""

    __slots__ = (
        "case_id", "citation", "closed_at", "confidence", "country", "created_at", "due_at",
        "escalation", "extensions", "id", "is_practice", "kind", "lead_days", "lead_hours",
        "paused_at", "responsible", "rule_id", "started_at", "state", "subject_id",
        "subject_label", "subject_type", "title", "updated_at", "url",
    )  # fmt: skip

    def transient(self) -> Deadline:
        """An unsaved Deadline of this clock's values: for the model's own arithmetic."""
        return Deadline(
            due_at=self.due_at,
            country=self.country,
            reminder_lead_days=self.lead_days,
            reminder_lead_hours=self.lead_hours,
            title=self.title,
            subject_label=self.subject_label,
            citation=self.citation,
            url=self.url,
        )


@cache
def _cumulative(pairs: tuple[tuple, ...]) -> tuple[tuple, list[float], float]:
    values, weights = zip(*pairs, strict=True)
    cumulative = list(itertools.accumulate(weights))
    return values, cumulative, cumulative[-1]


def _weighted(rng: random.Random, pairs: tuple[tuple, ...]):
    """One value of (value, weight) pairs: ``random.choices`` without adding up the weights
    again on each of millions of calls."""
    values, cumulative, total = _cumulative(pairs)
    return values[bisect.bisect_right(cumulative, rng.random() * total)]


PREPOSITIONAL_MONTHS = (
    "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
    "октябре", "ноябре", "декабре",
)  # fmt: skip
PARTICIPANT_PATTERNS = (
    ((ParticipantRole.SUSPECT, ParticipantRole.VICTIM, ParticipantRole.WITNESS), 45),
    ((ParticipantRole.SUSPECT, ParticipantRole.VICTIM, ParticipantRole.VICTIM), 25),
    ((ParticipantRole.SUSPECT, ParticipantRole.SUSPECT, ParticipantRole.VICTIM), 12),
    ((ParticipantRole.ACCUSED, ParticipantRole.VICTIM, ParticipantRole.WITNESS), 12),
    ((ParticipantRole.SUSPECT, ParticipantRole.VICTIM, ParticipantRole.LEGAL_REPRESENTATIVE), 6),
)
# A case's status by its age in days: older cases are further along.
CASE_STATUS_BY_AGE = (
    (90, ((CaseStatus.OPEN, 85), (CaseStatus.SUSPENDED, 10), (CaseStatus.SENT_TO_COURT, 5))),
    (365, ((CaseStatus.OPEN, 55), (CaseStatus.SUSPENDED, 20), (CaseStatus.SENT_TO_COURT, 20),
           (CaseStatus.CLOSED, 5))),
    (730, ((CaseStatus.OPEN, 30), (CaseStatus.SUSPENDED, 25), (CaseStatus.SENT_TO_COURT, 30),
           (CaseStatus.CLOSED, 15))),
    (None, ((CaseStatus.OPEN, 10), (CaseStatus.SUSPENDED, 25), (CaseStatus.SENT_TO_COURT, 35),
            (CaseStatus.CLOSED, 30))),
)  # fmt: skip
LINK_FATES = (
    (LinkStatus.ACCEPTED, 75),
    (LinkStatus.PROPOSED, 12),
    (LinkStatus.DECLINED, 8),
    (LinkStatus.WITHDRAWN, 5),
)
REQUEST_TYPES = (
    (RequestType.FORMAL_MLA, 60),
    (RequestType.POLICE_INQUIRY, 25),
    (RequestType.OPERATIONAL, 15),
)
REQUEST_FATES = (
    ("executed", 52), ("partial", 13), ("refused", 7), ("withdrawn", 5), ("draft", 4),
    ("returned", 9), ("supplement", 10),
)  # fmt: skip
FILE_FATES = (
    ("surrender", 40), ("transfer", 15), ("refused", 8), ("late", 7), ("closed", 10),
    ("unfound", 20),
)  # fmt: skip
TASK_FATES = (
    (TaskStatus.DONE, 50), (TaskStatus.IN_PROGRESS, 20), (TaskStatus.BLOCKED, 8),
    (TaskStatus.CANCELLED, 10), (TaskStatus.TODO, 12),
)  # fmt: skip
TASK_PATHS = {
    TaskStatus.DONE: (TaskStatus.IN_PROGRESS, TaskStatus.DONE),
    TaskStatus.IN_PROGRESS: (TaskStatus.IN_PROGRESS,),
    TaskStatus.BLOCKED: (TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED),
    TaskStatus.CANCELLED: (TaskStatus.CANCELLED,),
    TaskStatus.TODO: (),
}
MEMBER_ROLES = (MemberRole.MEMBER, MemberRole.SECONDED, MemberRole.EXPERT, MemberRole.INTERPRETER)
# Where victims' identities are shown (each showing is audited), as the views name it.
SHOWN_AT = (
    ("cases:detail participants", 70),
    ("requests_mla:detail", 15),
    ("cases:person_edit", 5),
    ("cases:export", 10),
)
EXPORT_FILTERS = ("status=open", "country=KG", "country=KZ&status=open", "opened_from=2025-01-01")


# --- The generator -----------------------------------------------------------------------------
class ScaleSeeder:
    """Builds the world stage by stage; ``run()`` returns the rows written per model."""

    def __init__(self, options: ScaleOptions, log: Callable[[str], None] = print):
        self.options = options.resolved()
        self.log = log
        self.today = timezone.localdate()
        # The world stands still at the start of today: same seed, same day, same data.
        self.now = datetime.datetime.combine(self.today, datetime.time.min, tzinfo=UTC)
        self.start = self.today - datetime.timedelta(days=365 * YEARS)
        self.writer = BulkWriter(self.options.batch)
        self.web = self.rng("web")  # request ids and addresses of the audit trail
        self.audit_written = 0
        self.references: dict[tuple[str, int], int] = {}

    # --- Running ------------------------------------------------------------------------------
    def rng(self, stage: str) -> random.Random:
        # A stream per stage: changing one stage does not reshuffle the others.
        return random.Random(f"{self.options.seed}:{stage}")  # noqa: S311 (not for secrets)

    def check(self) -> None:
        """Refuse a database without the registry, or one already filled (unless appending)."""
        if not (CriminalArticle.objects.exists() and Group.objects.filter(name=Role.INVESTIGATOR)):
            raise ScaleRefused(
                "The registry (roles, criminal law, deadline rules) is missing: run "
                "`manage.py migrate` first."
            )
        stored = Case.objects.count()
        if stored > len(DEMO_CASES) and not self.options.append:
            raise ScaleRefused(
                f"The database already holds {stored:,} cases, more than the demo's "
                f"{len(DEMO_CASES)}: use a fresh database, or pass --append to add to them."
            )

    def run(self) -> dict[str, int]:
        # Millions of small objects live through the run and none is in a cycle: the cyclic
        # collector's full passes over all of them would make the run quadratic.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # What the services write in the officer's language is written in Russian, the
            # working language of both countries' officers (labels, titles, notices).
            with override("ru"):
                return self._run()
        finally:
            if collecting:
                gc.enable()

    def _run(self) -> dict[str, int]:
        self.check()
        o = self.options
        self.log(
            f"seed_scale: {o.cases:,} cases, {o.persons:,} persons, {o.requests:,} requests, "
            f"{o.extraditions:,} extradition files, {o.teams:,} teams, {o.audit:,} audit "
            f"events, {o.notifications:,} notifications (seed {o.seed}, as of {self.now:%Y-%m-%d})"
        )
        started = time.perf_counter()
        self._stage("officers", self.seed_officers)
        with transaction.atomic(), self.writer.writing(), self._checked_as_written():
            try:
                self._load_registry()
                self._stage("cases", self.seed_cases)
                self._stage("people", self.seed_people)
                self._stage("search names", self.seed_search_names)
                self._stage("sharing", self.seed_sharing)
                self._stage("requests", self.seed_requests)
                self._stage("extradition", self.seed_extradition)
                self._stage("teams", self.seed_teams)
                self._stage("notifications", self.seed_notifications)
                self._stage("audit", self.seed_audit)
                self._stage("sequences", self.seed_sequences)
            finally:
                # Nothing may still be writing when the transaction commits or rolls back.
                self.writer.close()
            committing = time.perf_counter()
        self.log(f"  {'commit':<14} {time.perf_counter() - committing:7.1f} s")
        # VACUUM runs outside a transaction only (not when called inside one, as in tests).
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self._stage("vacuum", self.vacuum)
        self.log(f"  {'total':<14} {time.perf_counter() - started:7.1f} s")
        return dict(self.writer.counts)

    @contextlib.contextmanager
    def _checked_as_written(self):
        """Foreign keys checked as each COPY ends rather than all at the commit: the database
        checks them while the generator makes the next rows. Tables send their parents'
        pending rows first (``Table.flush``), and every row is added after the row it points
        at. The deferral is back for the rest of the transaction afterwards.

        For this transaction only, the trigram (GIN) indexes also collect more new entries
        before merging them into the index: fewer, larger merges. The VACUUM at the end merges
        what is left, so searches never scan a long pending list."""
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")  # this transaction
        yield  # on an error the transaction is rolled back, deferral and all
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _stage(self, name: str, work: Callable[[], None]) -> None:
        rows, waited = sum(self.writer.counts.values()), self.writer.waited
        started = time.perf_counter()
        work()
        self.writer.flush()
        elapsed = time.perf_counter() - started
        rows = sum(self.writer.counts.values()) - rows
        waited = self.writer.waited - waited
        self.log(
            f"  {name:<14} {elapsed:7.1f} s  {rows:>10,} rows"
            + (f"  (waited {waited:.1f} s for the database)" if waited >= 0.1 else "")
        )

    # --- Time ---------------------------------------------------------------------------------
    def at(self, day: datetime.date, country: str, rng) -> datetime.datetime:
        """A moment of office hours on ``day`` in the country."""
        local = datetime.datetime.combine(
            day, datetime.time(rng.randint(9, 17), rng.randint(0, 59)), tzinfo=zone_of(country)
        )
        return local.astimezone(UTC)

    def later(self, moment, rng, low: float, high: float, country: str = Country.KG):
        """Between ``low`` and ``high`` days after ``moment``, in office hours of a working day
        in the country: officers record their steps at work."""
        zone = zone_of(country)
        local = (moment + datetime.timedelta(days=rng.uniform(low, high))).astimezone(zone)
        if not 9 <= local.hour < 18 or local.weekday() >= 5:
            day = local.date() + (DAY if local.hour >= 18 else datetime.timedelta())
            while day.weekday() >= 5:
                day += DAY
            local = datetime.datetime.combine(
                day, datetime.time(rng.randint(9, 17), rng.randint(0, 59)), tzinfo=zone
            )
        return max(local.astimezone(UTC), moment)

    def before_now(self, moment: datetime.datetime, margin=HOUR) -> datetime.datetime:
        return min(moment, self.now - margin)

    def local_date(self, moment: datetime.datetime, country: str) -> datetime.date:
        return moment.astimezone(zone_of(country)).date()

    def day_start(self, day: datetime.date, country: str) -> datetime.datetime:
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone_of(country))
        return start.astimezone(UTC)

    # --- Shared helpers -------------------------------------------------------------------------
    def reference(self, scope: str, year: int) -> int:
        """The next number of a reference series, after those already handed out."""
        key = (scope, year)
        if key not in self.references:
            stored = ReferenceSequence.objects.filter(scope=scope, year=year).first()
            self.references[key] = stored.last_number if stored else 0
        self.references[key] += 1
        return self.references[key]

    def officers_of(self, agency_id: int, *roles: str) -> list[int]:
        return [i for role in roles for i in self.staff.get((agency_id, role), ())]

    def agencies_of(self, country: str, *kinds: str) -> list[Agency]:
        return [a for a in self.agencies.values() if a.country == country and a.kind in kinds]

    def prosecutors(self, country: str) -> list[int]:
        """Prosecutors of the country's prosecutor's offices: they approve and send requests
        and act on extradition files."""
        kinds = (AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY)
        agencies = self.agencies_of(country, *kinds)
        return [o for a in agencies for o in self.officers_of(a.pk, Role.PROSECUTOR)]

    def audit(
        self,
        when: datetime.datetime,
        actor_id: int | None,
        action: str,
        obj: tuple[str, object],
        label: str,
        changes: dict | None = None,
        *,
        scope: tuple[str, object] | None = None,
        note: str = "",
        protected: bool = False,
    ) -> None:
        """One audit event as ``audit.services.audit_record`` writes it, with the request id
        and address of the page the officer used, linked into the hash chain: the events are
        inserted in the order they are made here, so that is their id order too."""
        officer = self.officers.get(actor_id)
        address = self.web.getrandbits(24)
        values = {
            "occurred_at": when,
            "actor_id": actor_id if officer else None,
            "actor_username": officer.username if officer else "",
            "actor_agency_id": officer.agency_id if officer else None,
            "object_type": obj[0],
            "object_id": str(obj[1]),
            "object_repr": label[:255],
            "scope_type": scope[0] if scope else "",
            "scope_id": str(scope[1]) if scope else "",
            "is_protected": protected,
            "action": str(action),
            "changes": changes or {},
            "note": note[:500],
            "request_id": f"{self.web.getrandbits(128):032x}",
            "ip": f"10.{address >> 16}.{(address >> 8) & 255}.{(address & 255) or 1}",
        }
        seq, prev = self.chain_end
        seq += 1
        digest = chain.event_hash(values, seq=seq, prev_hash=prev)
        self.audit_table.add(*values.values(), seq, prev, digest)
        self.chain_end = (seq, digest)
        self.audit_written += 1

    # --- Stage: officers ----------------------------------------------------------------------
    def seed_officers(self) -> None:
        """The demo agencies and users (seed_demo's), more agencies, and their officers."""
        seed_accounts(password=self.options.password)
        rng = self.rng("officers")
        keys = {(a.country, a.name_ru): a.key for a in DEMO_AGENCIES}
        for spec in EXTRA_AGENCIES:
            Agency.objects.get_or_create(
                country=spec.country,
                name_ru=spec.name_ru,
                defaults={
                    "name_en": spec.name_en,
                    "short_name": spec.short_name,
                    "kind": spec.kind,
                },
            )
            keys[(spec.country, spec.name_ru)] = spec.key
        groups = dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
        existing = set(User.objects.values_list("username", flat=True))
        # One hash for every generated officer: hashing the demo password a few hundred times
        # at the production work factor would take minutes, and they all share it anyway.
        password = make_password(self.options.password)
        new, roles = [], {}
        for agency in Agency.objects.order_by("pk"):
            key = keys.get(
                (agency.country, agency.name_ru), f"{agency.country.lower()}_{agency.pk}"
            )
            people = "kyrgyz" if agency.country == Country.KG else "kazakh"
            for role, count in STAFF.get(agency.kind, {}).items():
                for n in range(1, count + 1):
                    username = f"{key}_{ABBREVIATIONS[role]}{n:02d}"
                    if username in existing:
                        continue
                    female = rng.random() < 0.35
                    nation = "russian" if rng.random() < 0.2 else people
                    surname = rng.choice(words.SURNAMES[nation])
                    names = words.FEMALE_NAMES if female else words.MALE_NAMES
                    new.append(
                        User(
                            username=username,
                            password=password,
                            agency=agency,
                            last_name=words.feminine(surname) if female else surname,
                            first_name=rng.choice(names[nation]),
                            patronymic=words.patronymic(
                                rng.choice(words.MALE_NAMES[nation]), female
                            ),
                            position=rng.choice(words.POSITIONS[role]),
                            email=f"{username}@portal.invalid",
                            notification_mode=_weighted(rng, NOTIFICATION_MODES),
                            date_joined=self.now - datetime.timedelta(days=rng.randint(30, 2000)),
                        )
                    )
                    roles[username] = groups[role]
        User.objects.bulk_create(new, batch_size=self.options.batch)
        ids = dict(User.objects.filter(username__in=roles).values_list("username", "pk"))
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=ids[u], group_id=g) for u, g in roles.items()]
        )
        self.writer.counts[User._meta.label] += len(new)
        self._load_officers()

    def _load_officers(self) -> None:
        self.agencies = {a.pk: a for a in Agency.objects.all()}
        roles = defaultdict(set)
        for user_id, name in User.groups.through.objects.values_list("user_id", "group__name"):
            roles[user_id].add(name)
        self.officers: dict[int, Officer] = {}
        self.staff: dict[tuple[int, str], list[int]] = defaultdict(list)
        for user in User.objects.filter(agency__isnull=False, is_active=True).order_by("pk"):
            officer = Officer(
                id=user.pk,
                username=user.username,
                name=user.display_name,
                agency_id=user.agency_id,
                country=self.agencies[user.agency_id].country,
                roles=frozenset(roles[user.pk]),
                mode=user.notification_mode,
            )
            self.officers[user.pk] = officer
            for role in officer.roles:
                self.staff[(user.agency_id, role)].append(user.pk)
        self.registry_admins = [
            o.id for o in self.officers.values() if Role.REGISTRY_ADMIN in o.roles
        ]
        # Officers with a case role, by country: those a case can be shared with.
        self.sharers = defaultdict(list)
        for officer in self.officers.values():
            if officer.roles & CASE_ROLES:
                self.sharers[officer.country].append(officer)

    # --- The registry, read once ----------------------------------------------------------------
    def _load_registry(self) -> None:
        self.codes: dict[str, list[CriminalCode]] = defaultdict(list)
        for code in CriminalCode.objects.order_by("-in_force_from"):
            self.codes[code.country].append(code)
        self.articles: dict[int, CriminalArticle] = {}
        self.articles_by: dict[tuple[int, str], list[int]] = defaultdict(list)
        active = CriminalArticle.objects.active().select_related("code")
        for article in active.prefetch_related("corresponding"):
            self.articles[article.pk] = article
            self.articles_by[(article.code_id, article.category)].append(article.pk)
        if not self.articles:
            raise ScaleRefused("The registry holds no criminal-law article: run migrate.")
        self.forms = dict(ExploitationForm.objects.values_list("code", "pk"))
        self.assistance = list(AssistanceKind.objects.active().values_list("code", flat=True))
        self.pseudonyms = [gettext("Victim %(number)s") % {"number": n} for n in range(10)]
        self.export_label = gettext("case list (CSV)")
        perms = Permission.objects.filter(content_type__app_label="cases")
        self.permission = dict(perms.values_list("codename", "pk"))
        # The days on which the law between the states can change (an instrument entering
        # into force for a party): which instruments govern is the same between two of them.
        dates = set(Instrument.objects.exclude(in_force_date=None).values_list("in_force_date"))
        dates |= set(InstrumentParty.objects.values_list("in_force_since"))
        dates |= set(InstrumentParty.objects.values_list("deposited_on"))
        dates |= set(InstrumentParty.objects.values_list("ratified_on"))
        self.law_dates = sorted(d for (d,) in dates if d)
        self.citations: dict[tuple, tuple[str, str]] = {}
        self.corresponding: dict[tuple, list[int]] = {}
        self.audit_table = self.writer.table(
            AuditEvent, "occurred_at", "actor_id", "actor_username", "actor_agency_id",
            "object_type", "object_id", "object_repr", "scope_type", "scope_id", "is_protected",
            "action", "changes", "note", "request_id", "ip", "seq", "prev_hash", "hash",
        )  # fmt: skip
        # The events continue the stored chain. The lock keeps the portal's own audit writes
        # (which would take the same place in the chain) waiting until this run commits.
        chain.lock()
        self.chain_end = AuditEvent.objects.order_by("-id").values_list("seq", "hash").first()
        self.chain_end = self.chain_end or (0, chain.GENESIS)
        self.cases: list[CaseRow] = []
        self.persons: dict[int, tuple] = {}
        self.victims: list[tuple[int, int, int]] = []  # (case index, participant id, number)
        self.mirrors: list[tuple[CaseRow, CaseRow]] = []  # accepted links: (KG case, KZ case)
        self.mirror_of: dict[int, list[int]] = defaultdict(list)
        self.clocks: list[Clock] = []
        self.clocks_written = 0
        # (recipient, deadline id, kind, title, url, created at) of the workflows' notices.
        self.notices: list[tuple] = []

    def qualify(self, country: str, day: datetime.date, category: str, rng) -> list[int]:
        """Articles of the code edition in force on ``day`` (the act's date): the case kind's
        own, sometimes a related offence too."""
        codes = self.codes[country]
        code = next((c for c in codes if c.is_in_force_on(day)), codes[0])
        pool = (
            self.articles_by.get((code.pk, category))
            or self.articles_by.get((code.pk, "trafficking"))
            or [pk for pk, a in self.articles.items() if a.code_id == code.pk]
        )
        chosen = [rng.choice(pool)]
        related = self.articles_by.get((code.pk, "related"))
        if related and rng.random() < 0.3:
            chosen.append(rng.choice(related))
        return chosen

    # --- Stage: cases -------------------------------------------------------------------------
    def seed_cases(self) -> None:
        """Cases over five years, more each year, with their qualifications, forms of
        exploitation, assigned investigators, route and status history."""
        rng = self.rng("cases")
        w = self.writer
        owners = {
            country: tuple(
                (a.pk, len(self.officers_of(a.pk, Role.INVESTIGATOR)))
                for a in self.agencies.values()
                if a.country == country and self.officers_of(a.pk, Role.INVESTIGATOR)
            )
            for country in Country.values
        }
        kinds = tuple((kind, spec["weight"]) for kind, spec in words.CASE_KINDS.items())
        span = (self.today - DAY - self.start).days
        days = sorted(
            self.start + datetime.timedelta(days=int(span * rng.random() ** 0.7))
            for _ in range(self.options.cases)
        )
        taken = set(Case.objects.values_list("national_register", "national_number_digits"))
        serial: dict[tuple[str, int], int] = {}
        first = w.ids(Case, len(days))
        case_t = w.table(
            Case, "id", "created_at", "updated_at", "reference", "country", "national_register",
            "national_number", "national_number_digits", "owning_agency_id",
            "lead_investigator_id", "title", "summary", "opened_on", "committed_on", "status",
            "status_reason", "created_by_id", "search_title", "version",
        )  # fmt: skip
        investigators_t = w.m2m(Case.investigators)
        forms_t = w.m2m(Case.exploitation_forms)
        qualification_t = w.table(Qualification, "case_id", "article_id", "note")
        route_t = w.table(RoutePoint, "case_id", "order", "role", "country", "locality")
        for i, opened_on in enumerate(days):
            case = CaseRow()
            case.id, case.opened_on, case.participants = first + i, opened_on, []
            case.country = country = Country.KG if rng.random() < 0.55 else Country.KZ
            case.agency_id = agency_id = _weighted(rng, owners[country])
            investigators = self.officers_of(agency_id, Role.INVESTIGATOR)
            case.lead_id = lead = rng.choice(investigators)
            others = [u for u in investigators if u != lead]
            count = min(len(others), _weighted(rng, ((0, 40), (1, 40), (2, 20))))
            case.investigator_ids = tuple(rng.sample(others, count))
            case.kind = _weighted(rng, kinds)
            spec = words.CASE_KINDS[case.kind]
            committed_on = None
            if rng.random() < 0.9:
                committed_on = opened_on - datetime.timedelta(days=rng.randint(3, 400))
            articles = self.qualify(country, committed_on or opened_on, spec["category"], rng)
            case.article_ids = tuple(articles)
            form_codes = [
                code for code, chance in spec["forms"]
                if code in self.forms and rng.random() * 100 < chance
            ]  # fmt: skip
            destination = _weighted(rng, words.DESTINATIONS[country])
            case.title, case.summary = self._case_text(
                rng, country, case.kind, destination, committed_on or opened_on
            )
            register, number = self._national_number(rng, country, opened_on, serial, taken)
            number_in_year = self.reference(f"case-{country}", opened_on.year)
            case.reference = f"{country}-{opened_on.year}-{number_in_year:05d}"
            case.created_at = created_at = self.at(opened_on, country, rng)
            coordinators = self.officers_of(agency_id, Role.COORDINATOR)
            creator = rng.choice(coordinators) if coordinators and rng.random() < 0.1 else lead
            # The model's own derivation of its search columns: Case.clean on these values.
            derived = SimpleNamespace(
                title=case.title, national_number=number, owning_agency_id=None
            )
            Case.clean(derived)
            route = self._route(rng, country, destination)
            label, obj = f"{case.reference} {case.title}", ("cases.case", case.id)
            changes = {
                "reference": [None, case.reference],
                "country": [None, country],
                "national_register": [None, register],
                "national_number": [None, number],
                "owning_agency": [None, agency_id],
                "lead_investigator": [None, lead],
                "title": [None, case.title],
                "summary": [None, case.summary],
                "opened_on": [None, opened_on.isoformat()],
                "committed_on": [None, committed_on.isoformat() if committed_on else None],
                "status": [None, CaseStatus.OPEN],
                "status_reason": [None, ""],
                "created_by": [None, creator],
                "investigators": [None, sorted(case.investigator_ids)],
                "exploitation_forms": [None, sorted(form_codes)],
                "qualifications": [None, sorted(articles)],
                "route": [None, [list(point) for point in route]],
            }
            if committed_on is None:
                del changes["committed_on"]
            self.audit(created_at, creator, AuditAction.CREATE, obj, label, changes)
            status, reason, updated_at = CaseStatus.OPEN, "", created_at
            steps = self._case_steps(rng, created_at, country)
            for target, when in steps:
                new_reason = rng.choice(words.STATUS_REASONS.get(target, ("",)))
                step = {"status": [status, target]}
                if new_reason != reason:
                    step["status_reason"] = [reason, new_reason]
                self.audit(when, lead, AuditAction.TRANSITION, obj, label, step, note=new_reason)
                status, reason, updated_at = target, new_reason, when
            case_t.add(
                case.id, created_at, updated_at, case.reference, country, register, number,
                derived.national_number_digits, agency_id, lead, case.title, case.summary,
                opened_on, committed_on, status, reason, creator, derived.search_title,
                1 + len(steps),
            )  # fmt: skip
            for user_id in case.investigator_ids:
                investigators_t.add(case.id, user_id)
            for code in form_codes:
                forms_t.add(case.id, self.forms[code])
            for article_id in articles:
                qualification_t.add(case.id, article_id, "")
            for order, (role, point_country, locality) in enumerate(route):
                route_t.add(case.id, order, role, point_country, locality)
            self.cases.append(case)

    def _case_steps(self, rng, created_at, country) -> list[tuple[str, datetime.datetime]]:
        """The case's status changes since it was opened: older cases are further along."""
        age = (self.now - created_at).days
        weights = next(w for limit, w in CASE_STATUS_BY_AGE if limit is None or age < limit)
        final = _weighted(rng, weights)
        if final == CaseStatus.OPEN:
            return []
        path = [final]
        if final == CaseStatus.CLOSED and rng.random() < 0.5:
            path.insert(0, rng.choice((CaseStatus.SUSPENDED, CaseStatus.SENT_TO_COURT)))
        steps, when = [], created_at
        for target in path:
            when = self.later(when, rng, 0.2, max(1.0, (self.now - when).days * 0.6), country)
            if when >= self.now:
                break
            steps.append((target, when))
        return steps

    def _case_text(self, rng, country, kind, destination, committed) -> tuple[str, str]:
        spec = words.CASE_KINDS[kind]
        genitive = words.NATIONALITY_GENITIVE
        values = {
            "region": rng.choice(words.REGIONS_OF[country]),
            "origin": rng.choice(words.LOCALITIES[country]),
            "dest": rng.choice(words.LOCALITIES[destination]),
            "people": f"граждан {genitive[rng.choice((country, country, _other(country)))]}",
            "people_f": f"гражданок {genitive[rng.choice((country, _other(country)))]}",
            "workplace": rng.choice(words.WORKPLACES),
            "company": rng.choice(words.COMPANIES),
        }
        title = rng.choice(spec["titles"]).format(**values)
        group = rng.random() < 0.6
        plural = "и" if group else ""
        nation = rng.choice(("kyrgyz", "kazakh", "russian"))
        surname = rng.choice(words.SURNAMES[nation])
        who = "группа лиц" if group else f"{surname} {rng.choice(words.MALE_NAMES[nation])[0]}."
        months = sorted(rng.sample(range(12), 2))
        period = (
            f"{PREPOSITIONAL_MONTHS[months[0]]}–{PREPOSITIONAL_MONTHS[months[1]]} "
            f"{committed.year} года"
        )
        summary = rng.choice(words.SUMMARIES).format(
            period=period,
            who=who,
            plural=plural,
            plural_past="ли" if group else "",
            victims="девушек" if spec["victim_female"] > 0.8 else "граждан",
            origin=values["origin"],
            checkpoint=rng.choice(words.CHECKPOINTS[country]),
            dest=values["dest"],
            exploitation=words.EXPLOITATION_PHRASES[kind].format(plural=plural),
            count=rng.randint(2, 9),
            victims_end="их",
            company=values["company"],
        )
        return title[:255], summary

    def _national_number(self, rng, country, opened_on, serial, taken) -> tuple[str, str]:
        """A number of the country's crime register, unique in it (the register's format)."""
        if country == Country.KZ:
            register = NationalRegister.KZ_ERDR
        elif opened_on.year <= 2021:
            register = NationalRegister.KG_ERPP
        else:
            register = NationalRegister.KG_ERP
        key, year = (register, opened_on.year), opened_on.year
        while True:
            serial[key] = serial.get(key, rng.randint(1, 500)) + rng.randint(1, 3)
            if register == NationalRegister.KZ_ERDR:
                unit = f"{rng.randint(11, 75):02d}{rng.randint(1, 9):02d}{rng.choice((31, 41, 51))}"
                number = f"{year % 100:02d}{unit}{serial[key]:06d}"
            else:
                unit = f"{rng.randint(1, 24):02d}-{rng.randint(1, 12):03d}"
                number = f"{unit}-{year}-{serial[key]:06d}"
            digits = "".join(ch for ch in number if ch.isdigit())
            if (register, digits) not in taken:
                taken.add((register, digits))
                return register, number

    def _route(self, rng, country, destination) -> list[tuple[str, str, str]]:
        route = [(RouteRole.ORIGIN, country, rng.choice(words.LOCALITIES[country]))]
        if destination != country and rng.random() < 0.6:
            route.append((RouteRole.TRANSIT, country, rng.choice(words.CHECKPOINTS[country])))
        place = rng.choice(words.LOCALITIES[destination])
        route.append((RouteRole.DESTINATION, destination, place))
        return route

    # --- Stage: people ------------------------------------------------------------------------
    def seed_people(self) -> None:
        """Three participants a case (victims, suspects, witnesses), some persons in several
        cases of their agency, a third with an identity document."""
        rng = self.rng("people")
        w = self.writer
        slots, budget = 3 * len(self.cases), self.options.persons
        first_person, first_participant = w.ids(Person, budget), w.ids(Participant, slots)
        self.person_t = w.table(
            Person, "id", "created_at", "updated_at", "owning_agency_id", "surname", "given_name",
            "patronymic", "surname_latin", "given_name_latin", "birth_date", "birth_place", "sex",
            "citizenship", "address", "contacts", "version", "search_name", "match_keys",
        )  # fmt: skip
        self.document_t = w.table(
            IdentityDocument, "person_id", "kind", "number", "issuing_country"
        )
        participant_t = w.table(
            Participant, "id", "created_at", "updated_at", "case_id", "person_id", "role",
            "victim_number", "note", "added_by_id",
        )  # fmt: skip
        recent: dict[int, deque] = defaultdict(lambda: deque(maxlen=200))
        made = slot = 0
        for index, case in enumerate(self.cases):
            victims, in_case = 0, set()
            for role in _weighted(rng, PARTICIPANT_PATTERNS):
                # New persons spread evenly over the slots; the other slots reuse a person of
                # the same agency (a suspect of several cases, a victim trafficked again), or
                # take a new one ahead of time while the agency has none to reuse.
                new = made * slots < budget * (slot + 1)
                participant_id = first_participant + slot
                slot += 1
                when = self.before_now(self.later(case.created_at, rng, 0, 20, case.country))
                person_id = None
                pool = recent[case.agency_id]
                for _try in range(0 if new else 8):  # a person takes one part in a case
                    candidate = pool[rng.randrange(len(pool))] if pool else None
                    if candidate not in in_case:
                        person_id = candidate
                        break
                if person_id is None:
                    if made >= budget:
                        continue  # every person asked for exists and none fits: one fewer
                    person_id = first_person + made
                    made += 1
                    self._person(rng, person_id, case, role, when)
                    pool.append(person_id)
                in_case.add(person_id)
                number = None
                if role == ParticipantRole.VICTIM:
                    victims += 1
                    number = victims
                    self.victims.append((index, participant_id, number))
                participant_t.add(
                    participant_id, when, when, case.id, person_id, role, number, "", case.lead_id
                )
                case.participants.append((participant_id, person_id, role, number))
                self._participant_audit(case, participant_id, person_id, role, number, when)

    def _person(self, rng, person_id, case, role, when) -> None:
        victim = role == ParticipantRole.VICTIM
        spec = words.CASE_KINDS[case.kind]
        other = _other(case.country)
        if victim:
            citizenship = _weighted(rng, ((case.country, 70), (other, 15), ("UZ", 8), ("TJ", 7)))
            female = rng.random() < spec["victim_female"]
        else:
            citizenship = _weighted(
                rng, ((case.country, 70), (other, 15), ("UZ", 6), ("RU", 5), ("TR", 4))
            )
            female = rng.random() < (0.5 if role == ParticipantRole.WITNESS else 0.2)
        nation = _weighted(rng, words.PEOPLE_OF[citizenship])
        surname = rng.choice(words.SURNAMES[nation])
        surname = words.feminine(surname) if female else surname
        given = rng.choice((words.FEMALE_NAMES if female else words.MALE_NAMES)[nation])
        patronymic = ""
        if nation in words.HAS_PATRONYMIC and rng.random() < 0.85:
            patronymic = words.patronymic(rng.choice(words.MALE_NAMES[nation]), female)
        latin = rng.random() < (0.8 if citizenship != case.country else 0.55)
        surname_latin = words.latin(surname) if latin else ""
        given_latin = words.latin(given) if latin else ""
        birth_date = None
        if rng.random() < 0.85:
            if victim:
                age = rng.randint(12, 17) if spec.get("minors") else rng.randint(16, 38)
            elif role == ParticipantRole.WITNESS:
                age = rng.randint(18, 70)
            else:
                age = rng.randint(22, 62)
            birth_date = case.opened_on - datetime.timedelta(days=365 * age + rng.randint(0, 364))
        places = words.LOCALITIES[citizenship]
        birth_place = rng.choice(places) if rng.random() < 0.4 else ""
        address = ""
        if rng.random() < 0.3:
            street = rng.choice(words.STREETS)
            address = f"{rng.choice(places)}, ул. {street}, д. {rng.randint(1, 120)}"
        contacts = ""
        if rng.random() < 0.25:
            prefix = "+996 555" if citizenship == Country.KG else "+7 701"
            contacts = (
                f"{prefix} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            )
        sex = "female" if female else "male"
        # The model's own search keys (folded name, matcher keys): Person.refresh_search_name.
        derived = SimpleNamespace(
            surname=surname,
            given_name=given,
            patronymic=patronymic,
            surname_latin=surname_latin,
            given_name_latin=given_latin,
        )
        Person.refresh_search_name(derived)
        self.person_t.add(
            person_id, when, when, case.agency_id, surname, given, patronymic, surname_latin,
            given_latin, birth_date, birth_place, sex, citizenship, address, contacts, 1,
            derived.search_name, derived.match_keys,
        )  # fmt: skip
        documents = []
        if rng.random() < 0.35:
            if citizenship == Country.KZ and rng.random() < 0.5:
                documents.append(("national_id", f"0{rng.randint(10_000_000, 99_999_999)}"))
            else:
                series = words.PASSPORT_SERIES[citizenship]
                documents.append(("passport", f"{series}{rng.randint(1_000_000, 9_999_999)}"))
        for kind, number in documents:
            self.document_t.add(person_id, kind, number, citizenship)
        self.persons[person_id] = (
            surname, given, patronymic, surname_latin, given_latin, birth_date, birth_place,
            sex, citizenship, address, contacts, tuple(documents),
        )  # fmt: skip

    def _participant_audit(self, case, participant_id, person_id, role, number, when) -> None:
        """The event of ``participant_add``: the person's data, the role, the documents; for a
        victim protected, and labelled by pseudonym (the case history shows the label)."""
        values = self.persons[person_id]
        names = (
            "surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
            "birth_date", "birth_place", "sex", "citizenship", "address", "contacts",
        )  # fmt: skip
        changes = {"owning_agency": [None, case.agency_id]}
        for name, value in zip(names, values, strict=False):
            if value is not None:
                changes[name] = [None, value.isoformat() if name == "birth_date" else value]
        changes["role"] = [None, role]
        changes["documents"] = [None, [list(d) for d in values[-1]]]
        victim = role == ParticipantRole.VICTIM
        if victim:
            label = f"{case.reference}: {self.pseudonyms[min(number, 9)]}"
        else:
            label = " ".join(p for p in values[:3] if p)
        self.audit(
            when,
            case.lead_id,
            AuditAction.CREATE,
            ("cases.participant", participant_id),
            label,
            changes,
            scope=("cases.case", case.id),
            protected=victim,
        )

    # --- Stage: search names ------------------------------------------------------------------
    def seed_search_names(self) -> None:
        """The names each case is searched by, from its participants (``cases.names``), in one
        UPDATE: the participants were written after their cases."""
        case_names.refresh()

    # --- Stage: sharing -----------------------------------------------------------------------
    def seed_sharing(self) -> None:
        """Some cases shared with an officer or an agency (mostly of the other country), as
        ``case_grant`` writes the grants; and mirror links between the countries' cases."""
        rng = self.rng("sharing")
        w = self.writer
        user_t = w.table(CaseUserObjectPermission, "permission_id", "user_id", "content_object_id")
        group_t = w.table(
            CaseGroupObjectPermission, "permission_id", "group_id", "content_object_id"
        )
        codenames = {
            "view": ("view_case",),
            "change": ("view_case", "change_case"),
            "view_protected": ("view_case", "view_protected_case"),
        }
        groups = {}
        for case in self.cases:
            if rng.random() >= 0.04:
                continue
            actor = rng.choice(self.officers_of(case.agency_id, Role.COORDINATOR) or [case.lead_id])
            level = _weighted(rng, (("view", 70), ("view_protected", 20), ("change", 10)))
            when = self.before_now(self.later(case.created_at, rng, 1, 60, case.country))
            choice = rng.random()
            if choice < 0.75:
                country = _other(case.country) if choice < 0.5 else case.country
                grantee = rng.choice(
                    [o for o in self.sharers[country] if o.agency_id != case.agency_id]
                )
                for codename in codenames[level]:
                    user_t.add(self.permission[codename], grantee.id, case.id)
                label = grantee.name
            else:
                kinds = (AgencyKind.INTERNAL_AFFAIRS, AgencyKind.PROSECUTOR)
                agency = rng.choice(self.agencies_of(_other(case.country), *kinds))
                if agency.pk not in groups:
                    groups[agency.pk] = agency_grantee_group(agency=agency).pk
                for codename in codenames[level]:
                    group_t.add(self.permission[codename], groups[agency.pk], case.id)
                label = f"{agency.name_ru} ({agency.country})"
            self.audit(
                when,
                actor,
                AuditAction.GRANT,
                ("cases.case", case.id),
                f"{case.reference} {case.title}",
                {"grantee": [None, label], "levels": [None, [level]]},
            )
        self._links(rng)

    def _links(self, rng) -> None:
        """Mirror links: a KR case and a KZ case opened about the same time, proposed by one
        side and mostly accepted by the other's coordinator."""
        link_t = self.writer.table(
            CaseLink, "id", "created_at", "updated_at", "source_id", "target_id", "status",
            "note", "proposed_by_id", "decided_by_id", "decided_at", "decision_note",
        )  # fmt: skip
        kz = [c for c in self.cases if c.country == Country.KZ]
        kz_days = [c.opened_on for c in kz]
        pairs = set()
        for case in self.cases:
            if case.country != Country.KG or not kz or rng.random() >= 0.06:
                continue
            near = bisect.bisect_left(kz_days, case.opened_on) + rng.randint(-15, 15)
            other = kz[min(len(kz) - 1, max(0, near))]
            if (case.id, other.id) in pairs:
                continue
            pairs.add((case.id, other.id))
            source, target = (case, other) if rng.random() < 0.5 else (other, case)
            opened = max(case.created_at, other.created_at)
            proposed = self.before_now(self.later(opened, rng, 1, 90, source.country), 2 * HOUR)
            status = _weighted(rng, LINK_FATES)
            decided_at = self.later(proposed, rng, 0.5, 20, target.country)
            if decided_at >= self.now:
                status = LinkStatus.PROPOSED
            decider = None
            if status == LinkStatus.WITHDRAWN:
                decider = source.lead_id
            elif status != LinkStatus.PROPOSED:
                coordinators = self.officers_of(target.agency_id, Role.COORDINATOR)
                decider = rng.choice(coordinators or [target.lead_id])
            note = "Одна и та же группа вербовщиков; потерпевшие совпадают."
            declined = status == LinkStatus.DECLINED
            decision_note = "Совпадение лиц не подтверждено." if declined else ""
            link_id = self.writer.ids(CaseLink)
            link_t.add(
                link_id, proposed, decided_at if decider else proposed, source.id, target.id,
                status, note, source.lead_id, decider, decided_at if decider else None,
                decision_note,
            )  # fmt: skip
            label = f"{source.reference} → {target.reference}"
            obj, scope = ("cases.caselink", link_id), ("cases.case", source.id)
            self.audit(proposed, source.lead_id, AuditAction.CREATE, obj, label, scope=scope)
            if decider:
                change = {"status": [LinkStatus.PROPOSED, status]}
                self.audit(
                    decided_at, decider, AuditAction.TRANSITION, obj, label, change,
                    note=decision_note, scope=scope,
                )  # fmt: skip
            if status == LinkStatus.ACCEPTED:
                self.mirrors.append((case, other))
                self.mirror_of[case.id].append(other.id)
                self.mirror_of[other.id].append(case.id)

    # --- Clocks -------------------------------------------------------------------------------
    @cache  # noqa: B019 (a seeder lives for one run)
    def _rules(self, trigger: str, country: str):
        return tuple(rules_for(trigger, country=country))

    @cache  # noqa: B019
    def _calendar(self, country: str):
        return calendar_for(country)

    def _citation(self, rule, states: tuple[str, ...], on: datetime.date) -> tuple[str, str]:
        """What a clock under ``rule`` cites on ``on`` and how sure it is (``rule_citation``),
        worked out once per period between two days on which the law can change."""
        key = (rule.pk, states, bisect.bisect_right(self.law_dates, on))
        if key not in self.citations:
            cited = rule_citation(rule, states, on)
            citation = "; ".join(str(part) for part in cited)[:255]
            self.citations[key] = (citation, weakest_mark(part.confidence for part in cited))
        return self.citations[key]

    def open_clocks(
        self,
        subject: tuple[str, int, str, str],
        case: CaseRow,
        trigger: str,
        country: str,
        started_at: datetime.datetime,
        *,
        responsible: Iterable[int],
        escalation: Iterable[int] = (),
        due_on: datetime.date | None = None,
        title: str = "",
        moments: dict[str, datetime.datetime] | None = None,
        states: tuple[str, ...] = (),
        actor: int | None = None,
    ) -> list[Clock]:
        """The clocks a legal event starts, as ``deadlines.services.deadlines_open`` opens
        them; ``subject`` is (type, id, label, url)."""
        known = {str(trigger): started_at}
        known.update({str(event): at for event, at in (moments or {}).items() if at})
        states = tuple(dict.fromkeys(states or (case.country, country)))
        on = self.local_date(started_at, country)
        opened = []
        for rule in self._rules(str(trigger), country):
            start = known.get(rule.counted_from or str(trigger))
            if start is None:
                continue  # the service refuses such a rule; the registry's have none
            set_by_party = rule.unit == "set_by_party" and due_on is not None
            if set_by_party:
                due_at = due_on_date(due_on, country)
            else:
                due_at = compute_due(
                    started_at=start,
                    length=rule.length,
                    unit=rule.unit,
                    day_kind=rule.day_kind,
                    calendar=self._calendar(country),
                )
            by_moment = counts_from_moment(rule.unit)
            clock = Clock()
            clock.id = self.writer.ids(Deadline)
            clock.subject_type, clock.subject_id, clock.subject_label, clock.url = subject
            clock.subject_label = clock.subject_label[:255]
            clock.case_id, clock.kind, clock.rule_id = case.id, str(trigger), rule.pk
            clock.title = (title or rule.name)[:255]
            clock.citation, clock.confidence = self._citation(rule, states, on)
            clock.is_practice = rule.is_practice and not set_by_party
            clock.country, clock.started_at, clock.due_at = country, start, due_at
            clock.state, clock.closed_at, clock.paused_at = DeadlineState.RUNNING, None, None
            clock.lead_days = (
                [] if by_moment else list(rule.reminder_lead_days or DEFAULT_LEAD_DAYS)
            )
            clock.lead_hours = (
                list(rule.reminder_lead_hours or DEFAULT_LEAD_HOURS) if by_moment else []
            )
            clock.responsible = tuple(dict.fromkeys(u for u in responsible if u))
            clock.escalation = tuple(dict.fromkeys(u for u in escalation if u))
            clock.created_at = clock.updated_at = started_at
            clock.extensions = []
            changes = {
                "due_at": [None, due_at.isoformat()],
                "rule": [None, rule.code],
                "citation": [None, clock.citation],
                "confidence": [None, clock.confidence],
            }
            self.audit(
                started_at, actor, AuditAction.CREATE, ("deadlines.deadline", clock.id),
                f"{clock.title}: {clock.subject_label}", changes, scope=("cases.case", case.id),
            )  # fmt: skip
            opened.append(clock)
        self.clocks.extend(opened)
        return opened

    def _move(self, clock: Clock, state: str, at, actor, note="", changes=None) -> None:
        previous, clock.state, clock.updated_at = clock.state, state, at
        self.audit(
            at, actor, AuditAction.TRANSITION, ("deadlines.deadline", clock.id),
            f"{clock.title}: {clock.subject_label}", {"state": [previous, state]} | (changes or {}),
            note=note, scope=("cases.case", clock.case_id),
        )  # fmt: skip

    def meet(self, clocks, at, actor, kinds=(), note="") -> None:
        """``deadline_meet``: the awaited event happened — met in time, or missed."""
        for clock in clocks:
            if clock.state in OPEN and (not kinds or clock.kind in kinds):
                clock.closed_at = at
                met = at <= clock.due_at
                self._move(
                    clock, DeadlineState.MET if met else DeadlineState.MISSED, at, actor, note
                )

    def cancel(self, clocks, at, actor, note="") -> None:
        """``deadline_cancel``: the clock no longer matters."""
        for clock in clocks:
            if clock.state in OPEN:
                clock.closed_at = at
                self._move(clock, DeadlineState.CANCELLED, at, actor, note)

    def pause(self, clocks, at, actor, kind, note="") -> None:
        """``deadline_pause_for``: the other side has the ball."""
        for clock in clocks:
            if clock.state == DeadlineState.RUNNING and clock.kind == kind:
                clock.paused_at = at
                self._move(clock, DeadlineState.PAUSED, at, actor, note)

    def resume(self, clocks, at, actor, kind, note="") -> None:
        """``deadline_resume_for``: the end moves by the time the clock stood still."""
        for clock in clocks:
            if clock.state == DeadlineState.PAUSED and clock.kind == kind:
                previous, clock.due_at = clock.due_at, clock.due_at + (at - clock.paused_at)
                clock.paused_at = None
                moved = {"due_at": [previous.isoformat(), clock.due_at.isoformat()]}
                self._move(clock, DeadlineState.RUNNING, at, actor, note, moved)

    def write_clocks(self) -> None:
        """The clocks built since the last call, with their recipients and extensions; a
        running one knows when the sweep must next look at it."""
        w = self.writer
        deadline_t = w.table(
            Deadline, "id", "created_at", "updated_at", "case_id", "subject_type", "subject_id",
            "subject_label", "url", "kind", "rule_id", "title", "citation", "is_practice",
            "country", "started_at", "due_at", "state", "closed_at", "paused_at",
            "reminder_lead_days", "reminder_lead_hours", "confidence", "next_check_at",
        )  # fmt: skip
        responsible_t, escalation_t = w.m2m(Deadline.responsible), w.m2m(Deadline.escalation)
        extension_t = w.table(
            DeadlineExtension, "deadline_id", "previous_due_at", "new_due_at", "reason",
            "actor_id", "occurred_at",
        )  # fmt: skip
        for clock in self.clocks[self.clocks_written :]:
            check = None
            if clock.state == DeadlineState.RUNNING:
                check = next_check(clock.transient(), max(clock.started_at, self.now))
            deadline_t.add(
                clock.id, clock.created_at, clock.updated_at, clock.case_id, clock.subject_type,
                str(clock.subject_id), clock.subject_label, clock.url, clock.kind, clock.rule_id,
                clock.title, clock.citation, clock.is_practice, clock.country, clock.started_at,
                clock.due_at, clock.state, clock.closed_at, clock.paused_at, clock.lead_days,
                clock.lead_hours, clock.confidence, check,
            )  # fmt: skip
            for user_id in clock.responsible:
                responsible_t.add(clock.id, user_id)
            for user_id in clock.escalation:
                escalation_t.add(clock.id, user_id)
            for previous, new, reason, actor, at in clock.extensions:
                extension_t.add(clock.id, previous, new, reason, actor, at)
        self.clocks_written = len(self.clocks)

    # --- Stage: requests for legal assistance ---------------------------------------------------
    def seed_requests(self) -> None:
        """Requests of both countries' cases, each along its workflow as far as today: status
        history, the requested side's execution clock and the supplement clock, audit."""
        rng = self.rng("requests")
        w = self.writer
        eligible = [c for c in self.cases if (self.now - c.created_at).days >= 7]
        if not self.options.requests or not eligible:
            return
        self.directions = {country: self._direction(country) for country in Country.values}
        self.request_t = w.table(
            MLARequest, "id", "created_at", "updated_at", "reference", "case_id", "request_type",
            "requesting_agency_id", "requested_agency_id", "qualification_text", "facts",
            "purpose", "representatives", "confidentiality", "urgent", "urgency_reason",
            "language", "execution_requested_by", "status", "remarks", "outgoing_number",
            "outgoing_date", "channel", "sent_at", "incoming_number", "incoming_date",
            "supplement_request", "supplement_text", "executing_officer_id", "result_summary",
            "refusal_note", "created_by_id", "version",
        )  # fmt: skip
        self.request_m2m = {
            "instruments": w.m2m(MLARequest.instruments),
            "provisions": w.m2m(MLARequest.provisions),
            "articles": w.m2m(MLARequest.articles),
            "grounds": w.m2m(MLARequest.refusal_grounds),
            "elements": w.m2m(MLARequest.confirmed_elements),
        }
        self.action_t = w.table(
            RequestedAction, "id", "request_id", "order", "kind", "details", "places", "questions"
        )
        self.action_person_t = w.table(
            ActionPerson, "action_id", "participant_id", "disclose_identity"
        )
        self.history_t = w.table(
            StatusChange,
            "request_id",
            "from_status",
            "to_status",
            "actor_id",
            "occurred_at",
            "note",
        )
        # Cases with a mirror across the border ask for help more often.
        weights = [4 if c.id in self.mirror_of else 1 for c in eligible]
        chosen = sorted(
            rng.choices(eligible, weights, k=self.options.requests), key=lambda c: c.created_at
        )
        first = w.ids(MLARequest, len(chosen))
        for i, case in enumerate(chosen):
            self._request(rng, first + i, case)
        self.write_clocks()

    def _direction(self, requesting: str) -> dict:
        """What the registry gives requests from ``requesting`` to the other country: the
        bases proposed, the articles they cite, the elements the drafter confirms, the
        grounds for refusal."""
        bases = proposed_instruments(requesting, _other(requesting))
        elements = RequiredElement.objects.filter(
            instrument__in=bases, request_kind=RequestKind.MLA
        )
        grounds = RefusalGround.objects.filter(instrument__in=bases, request_kind=RequestKind.MLA)
        return {
            "bases": [i.pk for i in bases],
            "cited": {e.provision_id for e in elements if e.provision_id},
            "manual": [e.pk for e in elements if e.check_kind == ElementCheck.MANUAL],
            "providing": {
                kind: set(providing_provisions(bases, [kind]).values_list("pk", flat=True))
                for kind in self.assistance
            },
            "grounds": list(grounds.values_list("pk", flat=True)),
        }

    def _request_path(self, rng, fate: str) -> list[tuple[str, float, float]]:
        """The steps a request takes (each some days after the one before), by its fate."""
        path = [("submit", 0.1, 5), ("approve", 0.5, 4)]
        if fate == "returned":
            path += [("return", 0.5, 5), ("submit", 1, 7), ("approve", 0.5, 3)]
        path += [("send", 0.5, 5), ("receive", 2, 20)]
        if fate == "supplement":
            path += [("request_supplement", 2, 20), ("supplement", 5, 40), ("receive", 2, 10)]
        path.append(("accept", 0.5, 7))
        if fate == "refused":
            path.append(("refuse", 5, 40))
        else:
            path += [("start_execution", 0.5, 10), ("execute", 5, 50)]
        if fate == "draft":
            return []
        if fate == "withdrawn":
            return [*path[: rng.randint(1, len(path) - 1)], ("withdraw", 3, 60)]
        return path

    def _request(self, rng, request_id: int, case: CaseRow) -> None:
        direction = self.directions[case.country]
        theirs = _other(case.country)
        request_type = _weighted(rng, REQUEST_TYPES)
        if request_type == RequestType.FORMAL_MLA:
            kinds, channel = (
                (AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY),
                "central_authority",
            )
        elif request_type == RequestType.POLICE_INQUIRY:
            kinds, channel = (AgencyKind.INTERNAL_AFFAIRS,), "police"
        else:
            kinds = (AgencyKind.INTERNAL_AFFAIRS, AgencyKind.NATIONAL_SECURITY,
                     AgencyKind.INTERPOL_NCB, AgencyKind.FINANCIAL_INTELLIGENCE)  # fmt: skip
            channel = rng.choice(("interpol", "competent_institutions"))
        requested = rng.choice(self.agencies_of(theirs, *kinds))
        age = (self.now - case.created_at).days
        created_at = self.later(case.created_at, rng, 2, max(3, min(720, age - 1)), case.country)
        created_at = self.before_now(created_at, 3 * HOUR)
        number = self.reference(f"mla-{case.country}", created_at.year)
        reference = f"MLA-{case.country}-{created_at.year}-{number:04d}"
        drafter = case.lead_id
        requesting_coordinators = self.officers_of(case.agency_id, Role.COORDINATOR)
        if request_type == RequestType.FORMAL_MLA:  # approver_scope_q: prosecutors
            approver = rng.choice(self.prosecutors(case.country) or requesting_coordinators)
        else:  # police channels: the requesting agency's coordinator
            approver = rng.choice(requesting_coordinators or [drafter])
        managers = self.officers_of(requested.pk, Role.COORDINATOR, Role.PROSECUTOR)
        manager = rng.choice(managers)
        receivers = self.officers_of(requested.pk, *CASE_ROLES)
        executors = self.officers_of(requested.pk, Role.INVESTIGATOR) or self.officers_of(
            requested.pk, Role.PROSECUTOR
        )
        requested_coordinators = self.officers_of(requested.pk, Role.COORDINATOR)
        action_kinds = rng.sample(
            self.assistance, min(len(self.assistance), _weighted(rng, ((1, 50), (2, 35), (3, 15))))
        )
        urgent = rng.random() < 0.1
        execution_by = None
        if rng.random() < 0.4:
            days = datetime.timedelta(days=rng.randint(30, 90))
            execution_by = self.local_date(created_at, case.country) + days
        fate = _weighted(rng, REQUEST_FATES)
        r = dict.fromkeys(
            ("remarks", "outgoing_number", "channel", "incoming_number", "supplement_request",
             "supplement_text", "result_summary", "refusal_note"), ""
        )  # fmt: skip
        r.update(
            status=RequestStatus.DRAFT,
            outgoing_date=None,
            sent_at=None,
            incoming_date=None,
            executing_officer=None,
        )
        history = [(request_id, "", RequestStatus.DRAFT, drafter, created_at, "")]
        obj, scope = ("requests_mla.mlarequest", request_id), ("cases.case", case.id)
        subject = (*obj, reference, reverse("requests_mla:detail", kwargs={"pk": request_id}))
        clocks: list[Clock] = []
        grounds: list[int] = []
        when = last = created_at
        steps = 0
        for name, low, high in self._request_path(rng, fate):
            actor_country = (
                theirs
                if name
                in (
                    "receive",
                    "accept",
                    "request_supplement",
                    "start_execution",
                    "execute",
                    "refuse",
                )
                else case.country
            )
            when = self.later(when, rng, low, high, actor_country)
            if when >= self.now:
                break
            previous, note, changes, actor = r["status"], "", {}, drafter
            if name == "submit":
                target = RequestStatus.SUBMITTED
            elif name == "approve":
                target, actor, r["remarks"] = RequestStatus.APPROVED, approver, ""
            elif name == "return":
                target, actor = RequestStatus.RETURNED, approver
                r["remarks"] = note = rng.choice(words.RETURN_REMARKS)
            elif name == "send":
                target, actor = RequestStatus.SENT, approver
                r["outgoing_number"] = (
                    f"{rng.randint(1, 40)}-{rng.randint(1, 12)}/{rng.randint(100, 9999)}"
                )
                r["outgoing_date"] = self.local_date(when, case.country)
                r["channel"], r["sent_at"] = channel, when
                changes["outgoing_number"] = [None, r["outgoing_number"]]
                due = execution_by if execution_by and execution_by >= r["outgoing_date"] else None
                clocks += self.open_clocks(
                    subject, case, TriggerEvent.MLA_SENT, theirs, when, due_on=due,
                    responsible=managers, escalation=requested_coordinators, actor=actor,
                )  # fmt: skip
            elif name == "receive":
                target, actor = RequestStatus.RECEIVED, rng.choice(receivers)
                if not r["incoming_number"]:
                    r["incoming_number"] = f"ВХ-{rng.randint(1, 9)}-{rng.randint(100, 9999)}"
                    r["incoming_date"] = max(self.local_date(when, theirs), r["outgoing_date"])
                    changes["incoming_number"] = [None, r["incoming_number"]]
            elif name == "accept":
                target, actor = RequestStatus.ACCEPTED, manager
            elif name == "request_supplement":
                target, actor = RequestStatus.SUPPLEMENT_REQUESTED, manager
                r["supplement_request"] = note = rng.choice(words.SUPPLEMENT_REQUESTS)
                self.pause(clocks, when, actor, TriggerEvent.MLA_SENT, note)
                clocks += self.open_clocks(
                    subject, case, TriggerEvent.MLA_RETURNED_FOR_SUPPLEMENT, case.country, when,
                    responsible=[case.lead_id, *requesting_coordinators],
                    escalation=requesting_coordinators, actor=actor,
                )  # fmt: skip
            elif name == "supplement":
                target = RequestStatus.SENT
                r["supplement_text"] = note = rng.choice(words.SUPPLEMENT_ANSWERS)
                r["sent_at"] = when
                self.meet(clocks, when, actor, [TriggerEvent.MLA_RETURNED_FOR_SUPPLEMENT])
                self.resume(clocks, when, actor, TriggerEvent.MLA_SENT, "supplemented")
            elif name == "start_execution":
                target, actor = RequestStatus.IN_EXECUTION, manager
                r["executing_officer"] = officer = rng.choice(executors or managers)
                changes["executing_officer"] = [None, officer]
                for clock in clocks:  # the executing officer answers for the clock too
                    if clock.kind == TriggerEvent.MLA_SENT and clock.state in OPEN:
                        clock.responsible = tuple(dict.fromkeys((*clock.responsible, officer)))
            elif name == "execute":
                actor = r["executing_officer"] or manager
                partial = fate == "partial"
                target = RequestStatus.PARTIALLY_EXECUTED if partial else RequestStatus.EXECUTED
                r["result_summary"] = note = rng.choice(words.RESULTS)
                self.meet(clocks, when, actor, note=str(RequestStatus(target).label))
            elif name == "refuse":
                target, actor = RequestStatus.REFUSED, manager
                grounds = rng.sample(direction["grounds"], min(1, len(direction["grounds"])))
                r["refusal_note"] = note = "Исполнение запроса может нанести ущерб суверенитету."
                changes["refusal_grounds"] = [None, sorted(grounds)]
                self.meet(clocks, when, actor, note="refused")
            else:  # withdraw
                target = RequestStatus.WITHDRAWN
                note = rng.choice(words.WITHDRAW_REASONS)
                self.cancel(clocks, when, actor, note=note)
            r["status"], steps, last = target, steps + 1, when
            history.append((request_id, previous, target, actor, when, note))
            changes = {"status": [previous, target], **changes}
            self.audit(
                when, actor, AuditAction.TRANSITION, obj, reference, changes, note=note, scope=scope
            )
        self.request_t.add(
            request_id, created_at, last, reference, case.id, request_type, case.agency_id,
            requested.pk, "Тексты статей уголовного закона прилагаются.", case.summary,
            rng.choice(words.PURPOSES), "Представителей у потерпевших нет.",
            "required" if rng.random() < 0.8 else "not_required", urgent,
            "Несовершеннолетняя потерпевшая." if urgent else "",
            _weighted(rng, (("ru", 90), ("ky" if case.country == Country.KG else "kk", 10))),
            execution_by, r["status"], r["remarks"], r["outgoing_number"], r["outgoing_date"],
            r["channel"], r["sent_at"], r["incoming_number"], r["incoming_date"],
            r["supplement_request"], r["supplement_text"], r["executing_officer"],
            r["result_summary"], r["refusal_note"], drafter, 1 + steps,
        )  # fmt: skip
        for row in history:  # after the request: a row points at one already sent
            self.history_t.add(*row)
        m2m = self.request_m2m
        cited = set(direction["cited"]).union(
            *(direction["providing"].get(k, ()) for k in action_kinds)
        )
        for table, ids in (
            ("instruments", direction["bases"]),
            ("provisions", sorted(cited)),
            ("articles", case.article_ids),
            ("grounds", grounds),
            ("elements", direction["manual"] if r["status"] != RequestStatus.DRAFT else ()),
        ):
            for pk in ids:
                m2m[table].add(request_id, pk)
        actions = self._actions(rng, request_id, case, action_kinds, theirs)
        changes = {
            "reference": [None, reference],
            "case": [None, case.id],
            "request_type": [None, request_type],
            "requesting_agency": [None, case.agency_id],
            "requested_agency": [None, requested.pk],
            "status": [None, RequestStatus.DRAFT],
            "instruments": [None, direction["bases"]],
            "articles": [None, list(case.article_ids)],
            "actions": [None, actions],
        }
        self.audit(created_at, drafter, AuditAction.CREATE, obj, reference, changes, scope=scope)

    def _actions(self, rng, request_id, case, kinds, country) -> list:
        """The request's actions, with the persons they concern: participants whose date of
        birth and citizenship are known (the completeness check requires them)."""
        known = [p for p in case.participants if self.persons[p[1]][5] is not None]
        place = rng.choice(words.LOCALITIES[country])
        values = {
            "company": rng.choice(words.COMPANIES),
            "checkpoint": rng.choice(words.CHECKPOINTS[country]),
        }
        actions = []
        for order, kind in enumerate(kinds):
            action_id = self.writer.ids(RequestedAction)
            details = rng.choice(words.ACTION_DETAILS.get(kind, words.ACTION_ANY)).format(**values)
            questions = rng.choice(words.QUESTIONS) if kind == "interrogation" else ""
            self.action_t.add(action_id, request_id, order, kind, details, place, questions)
            concerned = []
            if known and kind in words.ACTIONS_ON_PERSONS:
                concerned = rng.sample(known, 1)
                for participant_id, _person, role, _number in concerned:
                    disclose = role == ParticipantRole.VICTIM and rng.random() < 0.5
                    self.action_person_t.add(action_id, participant_id, disclose)
            actions.append([kind, details, sorted(p[0] for p in concerned)])
        return actions

    # --- Stage: extradition -------------------------------------------------------------------
    def seed_extradition(self) -> None:
        """Files of suspects sought by the other country: located, detained and held with
        custody clocks in the detaining state, surrendered, refused and transferred, released
        when custody lapsed."""
        rng = self.rng("extradition")
        w = self.writer
        sought = (ParticipantRole.SUSPECT, ParticipantRole.ACCUSED)
        wanted = [
            (case, case.participants[0]) for case in self.cases
            if case.participants and case.participants[0][2] in sought
            and (self.now - case.created_at).days >= 3
        ]  # fmt: skip
        if not self.options.extraditions or not wanted:
            return
        chosen = rng.sample(wanted, min(self.options.extraditions, len(wanted)))
        chosen.sort(key=lambda pair: pair[0].created_at)
        self.file_t = w.table(
            ExtraditionFile, "id", "created_at", "updated_at", "reference", "case_id",
            "person_id", "requesting_state", "requested_state", "purpose", "citizenships",
            "sentence_imposed_months", "remaining_sentence_months", "notice_number", "stage",
            "located_place", "detention_place", "detained_at", "detaining_agency_id",
            "custody_court", "custody_ordered_on", "request_received_on", "decision_on",
            "appeal_court", "appeal_outcome", "surrender_on", "surrendered_on",
            "transfer_accepted_on", "release_reason", "notes", "created_by_id",
        )  # fmt: skip
        self.file_m2m = {
            "linked": w.m2m(ExtraditionFile.linked_cases),
            "requesting": w.m2m(ExtraditionFile.requesting_articles),
            "requested": w.m2m(ExtraditionFile.requested_articles),
            "instruments": w.m2m(ExtraditionFile.instruments),
            "decision": w.m2m(ExtraditionFile.decision_grounds),
        }
        self.stage_t = w.table(
            StageChange, "file_id", "from_stage", "to_stage", "actor_id", "occurred_at", "note"
        )
        self.file_bases = {}
        for requesting in Country.values:
            instruments = proposed_bases(requesting, _other(requesting))[:1]  # as the demo does
            grounds = RefusalGround.objects.filter(
                instrument__in=instruments, request_kind=RequestKind.EXTRADITION
            )
            self.file_bases[requesting] = (
                [i.pk for i in instruments],
                dict(grounds.values_list("code", "pk")),
            )
        first = w.ids(ExtraditionFile, len(chosen))
        for i, (case, participant) in enumerate(chosen):
            self._file(rng, first + i, case, participant)
        self.write_clocks()

    def _requested_articles(self, article_ids: tuple[int, ...], country: str) -> list[int]:
        """The requested state's articles for the act: the registry's correspondences in force
        today, else its first article in force of the same kind."""
        key = (article_ids, country)
        if key not in self.corresponding:
            found = set()
            for pk in article_ids:
                article = self.articles[pk]
                matches = [
                    self.articles[a.pk]
                    for a in article.corresponding.all()
                    if a.pk in self.articles
                ]
                matches = [
                    a.pk for a in matches
                    if a.code.country == country and a.code.is_in_force_on(self.today)
                ]  # fmt: skip
                if not matches:
                    same = CriminalArticle.objects.first_of(country, article.category)
                    matches = [same.pk] if same else []
                found.update(matches[:1])
            self.corresponding[key] = sorted(found)
        return self.corresponding[key]

    def _file_path(self, rng, fate: str) -> list[tuple[str, float, float]]:
        """The steps of a file by its fate (each some days after the one before)."""
        if fate == "unfound":
            return [("close", 200, 900)] if rng.random() < 0.3 else []
        path = [("locate", 5, 200), ("detain", 0.2, 30), ("order_custody", 0.2, 1.5)]
        if fate == "late":  # no request before custody ran out: the person is released
            return [*path, ("release", 41, 45)]
        path.append(("receive_request", 5, 35))
        if fate == "surrender":
            path += [
                ("arrest", 0.5, 5),
                ("decide", 20, 90),
                ("fix_surrender", 3, 20),
                ("surrender", 1, 14),
            ]
        elif fate == "transfer":
            path += [("decide", 20, 90), ("request_transfer", 5, 40), ("accept_transfer", 10, 60)]
        elif fate == "refused":
            path.append(("decide", 20, 90))
            if rng.random() < 0.5:
                path += [("appeal", 5, 20), ("appeal_decided", 20, 90)]
        else:
            path.append(("close", 10, 200))
        return path

    def _file(self, rng, file_id: int, case: CaseRow, participant: tuple) -> None:
        participant_id, person_id, _role, _number = participant
        citizenship = self.persons[person_id][8]
        requesting, requested = case.country, _other(case.country)
        own_national = citizenship == requested
        purpose = Purpose.ENFORCEMENT if rng.random() < 0.15 else Purpose.PROSECUTION
        sentence = rng.randint(36, 180) if purpose == Purpose.ENFORCEMENT else None
        remaining = rng.randint(12, sentence) if sentence else None
        created_at = self.later(case.created_at, rng, 3, 500, requesting)
        created_at = self.before_now(created_at, 6 * HOUR)
        year = created_at.year
        reference = f"EXT-{requesting}-{year}-{self.reference(f'ext-{requesting}', year):04d}"
        short = "КР" if requesting == Country.KG else "РК"
        notice = f"МР-{short}-{year}/{rng.randint(1, 9999):04d}" if rng.random() < 0.8 else ""
        ours = self.prosecutors(requesting) or [case.lead_id]
        theirs = self.prosecutors(requested) or ours
        instruments, grounds = self.file_bases[requesting]
        responsible = [*theirs, *ours]
        obj, scope = ("extradition.extraditionfile", file_id), ("cases.case", case.id)
        subject = (*obj, reference, reverse("extradition:detail", kwargs={"pk": file_id}))
        states = (requesting, requested)
        f = dict.fromkeys(
            ("located_place", "detention_place", "custody_court", "appeal_court",
             "appeal_outcome", "release_reason"), ""
        )  # fmt: skip
        f.update(dict.fromkeys(
            ("detained_at", "detaining_agency", "custody_ordered_on", "request_received_on",
             "decision_on", "surrender_on", "surrendered_on", "transfer_accepted_on")
        ))  # fmt: skip
        f["stage"] = Stage.WANTED
        decision_grounds: list[int] = []
        fate = _weighted(rng, FILE_FATES)
        if own_national and fate == "surrender":
            fate = "transfer"  # a national of the requested state is not extradited
        history = [(file_id, "", Stage.WANTED, case.lead_id, created_at, "")]
        clocks: list[Clock] = []
        when = last = created_at
        for name, low, high in self._file_path(rng, fate):
            when = self.later(when, rng, low, high, requested)
            if name == "surrender":  # on the day fixed, not before
                when = max(when, self.day_start(f["surrender_on"], requested) + 10 * HOUR)
            if when >= self.now:
                break
            previous, actor, note, changes = f["stage"], rng.choice(theirs), "", {}
            if name == "locate":
                target, actor = Stage.LOCATED, rng.choice(ours)
                f["located_place"] = rng.choice(words.LOCALITIES[requested])
            elif name == "detain":
                target = Stage.DETAINED
                f["detention_place"] = rng.choice(words.DETENTION_PLACES[requested])
                f["detained_at"] = when
                f["detaining_agency"] = rng.choice(
                    self.agencies_of(requested, AgencyKind.INTERNAL_AFFAIRS)
                ).pk
                changes["detained_at"] = [None, when.isoformat()]
                clocks += self.open_clocks(
                    subject, case, TriggerEvent.PERSON_DETAINED, requested, when, states=states,
                    responsible=responsible, escalation=theirs, actor=actor,
                )  # fmt: skip
            elif name == "order_custody":
                target = Stage.CUSTODY
                f["custody_court"] = rng.choice(words.COURTS[requested])
                f["custody_ordered_on"] = self.local_date(when, requested)
                # The order's day, from its start, no earlier than the detention.
                ordered_at = max(
                    self.day_start(f["custody_ordered_on"], requested), f["detained_at"]
                )
                self.meet(clocks, ordered_at, actor, [TriggerEvent.PERSON_DETAINED])
                opened = self.open_clocks(
                    subject, case, TriggerEvent.CUSTODY_ORDERED, requested, ordered_at,
                    moments={TriggerEvent.PERSON_DETAINED: f["detained_at"]}, states=states,
                    responsible=responsible, escalation=theirs, actor=actor,
                )  # fmt: skip
                clocks += opened
                if not opened:
                    self._rule_missing(subject, requested, theirs, when)
            elif name == "receive_request":
                target = Stage.REQUEST_RECEIVED
                f["request_received_on"] = self.local_date(when, requested)
                at = self.day_start(f["request_received_on"], requested)
                at = max(at, f["detained_at"] or at)
                custody = [TriggerEvent.PERSON_DETAINED, TriggerEvent.CUSTODY_ORDERED]
                self.meet(clocks, at, actor, custody)
            elif name == "arrest":
                target = Stage.ARREST
            elif name in ("decide", "appeal_decided"):
                refuse = fate != "surrender"
                target = Stage.REFUSED if refuse else Stage.GRANTED
                if refuse:
                    code = "own-national" if own_national else rng.choice(words.REFUSAL_CODES)
                    decision_grounds = [grounds[code]] if code in grounds else []
                    changes["decision_grounds"] = [[], decision_grounds]
                if name == "decide":
                    f["decision_on"] = self.local_date(when, requested)
                else:
                    f["appeal_outcome"] = str(Stage(target).label)
            elif name == "appeal":
                target, actor = Stage.APPEAL, rng.choice(ours)
                f["appeal_court"] = rng.choice(words.COURTS[requested])
            elif name == "fix_surrender":
                target = Stage.SURRENDER_FIXED
                f["surrender_on"] = self.local_date(when, requested) + datetime.timedelta(
                    days=rng.randint(1, 10)
                )
                clocks += self.open_clocks(
                    subject, case, TriggerEvent.SURRENDER_DATE_FIXED, requested,
                    self.day_start(f["surrender_on"], requested), states=states,
                    responsible=responsible, escalation=theirs, actor=actor,
                )  # fmt: skip
            elif name == "surrender":
                target = Stage.SURRENDERED
                f["surrendered_on"] = self.local_date(when, requested)
                self.meet(clocks, when, actor)
            elif name == "request_transfer":
                target, actor = Stage.TRANSFER_REQUESTED, rng.choice(ours)
                note = words.TRANSFER_NOTE
            elif name == "accept_transfer":
                target = Stage.TRANSFER_ACCEPTED
                f["transfer_accepted_on"] = self.local_date(when, requested)
            elif name == "release":
                target = Stage.RELEASED
                f["release_reason"] = note = words.RELEASE_REASONS[0]
                self.cancel(clocks, when, actor, note=note)
            else:  # close
                target, actor = Stage.CLOSED, rng.choice(ours)
                note = (
                    "Розыск прекращён." if f["stage"] == Stage.WANTED else "Производство завершено."
                )
                self.cancel(clocks, when, actor, note=note)
            f["stage"], last = target, when
            history.append((file_id, previous, target, actor, when, note))
            changes = {"stage": [previous, target], **changes}
            self.audit(
                when, actor, AuditAction.TRANSITION, obj, reference, changes, note=note, scope=scope
            )
        citizenships = [citizenship]
        self.file_t.add(
            file_id, created_at, last, reference, case.id, participant_id, requesting,
            requested, purpose, citizenships, sentence, remaining, notice, f["stage"],
            f["located_place"], f["detention_place"], f["detained_at"], f["detaining_agency"],
            f["custody_court"], f["custody_ordered_on"], f["request_received_on"],
            f["decision_on"], f["appeal_court"], f["appeal_outcome"], f["surrender_on"],
            f["surrendered_on"], f["transfer_accepted_on"], f["release_reason"], "", case.lead_id,
        )  # fmt: skip
        for row in history:  # after the file: a row points at one already sent
            self.stage_t.add(*row)
        for table, ids in (
            ("linked", self.mirror_of.get(case.id, ())),
            ("requesting", case.article_ids),
            ("requested", self._requested_articles(case.article_ids, requested)),
            ("instruments", instruments),
            ("decision", decision_grounds),
        ):
            for pk in ids:
                self.file_m2m[table].add(file_id, pk)
        changes = {
            "reference": [None, reference],
            "case": [None, case.id],
            "person": [None, participant_id],
            "requesting_state": [None, requesting],
            "requested_state": [None, requested],
            "purpose": [None, purpose],
            "citizenships": [None, citizenships],
            "notice_number": [None, notice],
            "stage": [None, Stage.WANTED],
        }
        self.audit(
            created_at, case.lead_id, AuditAction.CREATE, obj, reference, changes, scope=scope
        )

    def _rule_missing(self, subject, country, recipients, when) -> None:
        """No rule of that state for the event: its prosecutors and the registry's
        administrators are told once (``deadlines.services.deadline_rule_missing``)."""
        _type, file_id, reference, url = subject
        kind = f"rule-missing-{TriggerEvent.CUSTODY_ORDERED}-{file_id}"[:60]
        gap = rule_gaps([TriggerEvent.CUSTODY_ORDERED], country=country)[0]
        title = f"{gap.message}: {gap.event} ({reference})"[:255]
        targets = dict.fromkeys(self.registry_admins, reverse("treaties:rules"))
        targets.update(dict.fromkeys(recipients, url))
        for user_id, link in targets.items():
            self.notices.append((user_id, None, kind, title, link, when))

    # --- Stage: joint teams -------------------------------------------------------------------
    def seed_teams(self) -> None:
        """Joint teams on mirror pairs of cases: agreement signed, work, extensions, closing;
        members of both countries; a task board with clocks, comments and notices."""
        rng = self.rng("teams")
        w = self.writer
        pairs = list(self.mirrors)
        rng.shuffle(pairs)
        kg = [c for c in self.cases if c.country == Country.KG]
        kz = [c for c in self.cases if c.country == Country.KZ]
        while len(pairs) < self.options.teams and kg and kz:
            pairs.append((rng.choice(kg), rng.choice(kz)))
        pairs = sorted(
            pairs[: self.options.teams], key=lambda p: max(p[0].created_at, p[1].created_at)
        )
        if not pairs:
            return
        # The general (UN) basis of joint investigations governing between the states, as the
        # demo's team has.
        un = Instrument.objects.legal_bases().filter(kind=InstrumentKind.UN)
        self.team_bases = [
            i.pk for i in governing_instruments((Country.KG, Country.KZ), queryset=un)[:1]
        ]
        self.team_t = w.table(
            JointTeam, "id", "created_at", "updated_at", "name", "purpose", "parties",
            "kg_leader_id", "kz_leader_id", "starts_on", "ends_on", "signed_on", "status",
            "created_by_id",
        )  # fmt: skip
        self.team_cases_t, self.team_bases_t = w.m2m(JointTeam.cases), w.m2m(JointTeam.instruments)
        self.member_t = w.table(
            TeamMember, "id", "team_id", "user_id", "role", "joined_on", "left_on"
        )
        self.extension_t = w.table(
            TeamExtension, "team_id", "previous_end", "new_end", "amended_on", "reason", "actor_id"
        )
        self.task_t = w.table(
            Task, "id", "created_at", "updated_at", "team_id", "case_id", "title", "description",
            "assignee_id", "assignee_agency_id", "priority", "due_on", "status",
            "blocked_reason", "result", "created_by_id",
        )  # fmt: skip
        self.comment_t = w.table(
            TaskComment, "id", "created_at", "updated_at", "task_id", "author_id", "text"
        )
        first = w.ids(JointTeam, len(pairs))
        for i, (kg_case, kz_case) in enumerate(pairs):
            self._team(rng, first + i, kg_case, kz_case)
        self.write_clocks()

    def _team(self, rng, team_id: int, kg: CaseRow, kz: CaseRow) -> None:
        kg_leader = rng.choice(self.officers_of(kg.agency_id, Role.COORDINATOR) or [kg.lead_id])
        kz_leader = rng.choice(self.officers_of(kz.agency_id, Role.COORDINATOR) or [kz.lead_id])
        leaders = (kg_leader, kz_leader)
        created_at = self.later(max(kg.created_at, kz.created_at), rng, 5, 120)
        created_at = self.before_now(created_at, 12 * HOUR)
        starts_on = self.local_date(created_at, Country.KG) + datetime.timedelta(
            days=rng.randint(5, 30)
        )
        ends_on = starts_on + datetime.timedelta(days=rng.randint(180, 540))
        name = f"ССГ «{kg.reference} / {kz.reference}»"
        parties = f"{self.agencies[kg.agency_id].name_ru}; {self.agencies[kz.agency_id].name_ru}"
        obj = ("teams.jointteam", team_id)
        changes = {
            "name": [None, name],
            "kg_leader": [None, kg_leader],
            "kz_leader": [None, kz_leader],
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat()],
            "status": [None, TeamStatus.PROPOSED],
        }
        self.audit(
            created_at,
            kg_leader,
            AuditAction.CREATE,
            obj,
            name,
            changes,
            scope=("cases.case", kg.id),
        )
        # The team's own rows go after the team's: a row points at one already sent.
        rows = [(self.team_cases_t, (team_id, case_id)) for case_id in sorted((kg.id, kz.id))]
        rows += [(self.team_bases_t, (team_id, pk)) for pk in self.team_bases]
        members = dict.fromkeys(leaders, MemberRole.LEADER)
        for case in (kg, kz):
            for user_id in (case.lead_id, *case.investigator_ids[:1]):
                members.setdefault(user_id, MemberRole.MEMBER)
        investigators = [
            u for c in (kg, kz) for u in self.officers_of(c.agency_id, Role.INVESTIGATOR)
        ]
        others = [u for u in investigators if u not in members]
        for user_id in rng.sample(others, min(len(others), rng.randint(0, 3))):
            members[user_id] = rng.choice(MEMBER_ROLES)
        left = set()
        for user_id, role in members.items():
            left_on = None
            if role != MemberRole.LEADER and rng.random() < 0.1:
                left_on = min(starts_on + datetime.timedelta(days=rng.randint(30, 200)), self.today)
                left.add(user_id)
            member_id = self.writer.ids(TeamMember)
            rows.append((self.member_t, (member_id, team_id, user_id, role, starts_on, left_on)))
            if role != MemberRole.LEADER:
                label = f"{name}: {self.officers[user_id].name}"
                self.audit(
                    created_at,
                    kg_leader,
                    AuditAction.CREATE,
                    ("teams.teammember", member_id),
                    label,
                    {"role": [None, role]},
                    scope=obj,
                )
        status, signed_on, last = TeamStatus.PROPOSED, None, created_at
        clocks: list[Clock] = []
        subject = (*obj, name, reverse("teams:detail", kwargs={"pk": team_id}))
        steps = (
            ["sign", "activate", "extend", "close"]
            if rng.random() < 0.25
            else ["sign", "activate", "close"]
        )
        when = created_at
        for step in steps:
            if step == "sign":
                when = self.later(when, rng, 3, 30)
            elif step == "activate":
                when = max(
                    self.later(when, rng, 0.5, 5), self.day_start(starts_on, Country.KG) + 10 * HOUR
                )
            elif step == "extend":
                when = (
                    self.day_start(
                        ends_on - datetime.timedelta(days=rng.randint(5, 30)), Country.KG
                    )
                    + 11 * HOUR
                )
            else:
                when = self.day_start(ends_on, Country.KG) + 15 * HOUR
            if when >= self.now:
                break
            previous, changes, note = status, {}, ""
            actor = rng.choice(leaders)
            if step == "sign":
                status = TeamStatus.SIGNED
                signed_on = self.local_date(when, Country.KG) - datetime.timedelta(
                    days=rng.randint(0, 2)
                )
                changes["signed_on"] = [None, signed_on.isoformat()]
                clocks += self.open_clocks(
                    subject, min(kg, kz, key=lambda c: c.id), TriggerEvent.JIT_AGREEMENT_SIGNED,
                    Country.KG, when, due_on=ends_on, responsible=leaders, actor=actor,
                )  # fmt: skip
            elif step == "activate":
                status = TeamStatus.ACTIVE
            elif step == "extend":
                status = TeamStatus.EXTENDED
                new_end = ends_on + datetime.timedelta(days=rng.randint(90, 270))
                note = "Необходимость завершения совместных следственных действий."
                amended_on = self.local_date(when, Country.KG)
                rows.append(
                    (self.extension_t, (team_id, ends_on, new_end, amended_on, note, actor))
                )
                changes["ends_on"] = [ends_on.isoformat(), new_end.isoformat()]
                ends_on = new_end
                for clock in clocks:  # deadline_extend on the team's open clocks
                    if clock.state in OPEN:
                        new_due = due_on_date(new_end, clock.country)
                        clock.extensions.append((clock.due_at, new_due, note, actor, when))
                        moved = {"due_at": [clock.due_at.isoformat(), new_due.isoformat()]}
                        self.audit(
                            when, actor, AuditAction.UPDATE, ("deadlines.deadline", clock.id),
                            f"{clock.title}: {clock.subject_label}", moved, note=note,
                            scope=("cases.case", clock.case_id),
                        )  # fmt: skip
                        clock.due_at, clock.updated_at = new_due, when
            else:
                status = TeamStatus.CLOSED
                self.meet(clocks, when, actor)
            last = when
            self.audit(
                when,
                actor,
                AuditAction.TRANSITION,
                obj,
                name,
                {"status": [previous, status], **changes},
                note=note,
            )
        self.team_t.add(
            team_id, created_at, last, name, rng.choice(words.TEAM_PURPOSES), parties, kg_leader,
            kz_leader, starts_on, ends_on, signed_on, status, kg_leader,
        )  # fmt: skip
        for table, row in rows:
            table.add(*row)
        if status in (TeamStatus.ACTIVE, TeamStatus.EXTENDED, TeamStatus.CLOSED):
            until = ends_on if status == TeamStatus.CLOSED else self.today
            current = [u for u in members if u not in left]
            victims = [
                p for c in (kg, kz) for p in c.participants if p[2] == ParticipantRole.VICTIM
            ]
            for _ in range(rng.randint(5, 15)):
                self._task(rng, team_id, (kg, kz), starts_on, until, current, leaders, victims)

    def _task(self, rng, team_id, cases, starts_on, until, members, leaders, victims) -> None:
        task_id = self.writer.ids(Task)
        case = rng.choice(cases)
        created_on = starts_on + datetime.timedelta(
            days=rng.randint(0, max(1, (until - starts_on).days) - 1)
        )
        created_at = self.before_now(self.at(created_on, case.country, rng))
        creator = rng.choice(leaders)
        victim = ""
        if victims:
            person = self.persons[rng.choice(victims)[1]]
            victim = f"{person[0]} {person[1][0]}."
        title = rng.choice(words.TASK_TITLES).format(
            name=victim or "потерпевшей",
            company=rng.choice(words.COMPANIES),
            place=rng.choice(words.LOCALITIES[case.country]),
            checkpoint=rng.choice(words.CHECKPOINTS[case.country]),
        )[:255]
        if members and rng.random() < 0.8:
            assignee, agency_id = rng.choice(members), None
            people, country = [assignee], self.officers[assignee].country
        else:
            assignee, agency_id = None, rng.choice(cases).agency_id
            people = [u for u in members if self.officers[u].agency_id == agency_id]
            country = self.agencies[agency_id].country
        due_on = created_on + datetime.timedelta(days=rng.randint(7, 45))
        priority = _weighted(
            rng,
            ((Priority.NORMAL, 60), (Priority.HIGH, 25), (Priority.LOW, 10), (Priority.URGENT, 5)),
        )
        obj, scope = ("teams.task", task_id), ("teams.jointteam", team_id)
        url = reverse("teams:task", kwargs={"pk": team_id, "task_pk": task_id})
        clocks = self.open_clocks(
            (*obj, title, url), case, TriggerEvent.TASK_ASSIGNED, country, created_at,
            due_on=due_on, title=title, responsible=people or [creator], escalation=leaders,
            actor=creator,
        )  # fmt: skip
        changes = {
            "title": [None, title],
            "case": [None, case.id],
            "assignee": [None, assignee],
            "assignee_agency": [None, agency_id],
            "priority": [None, priority],
            "due_on": [None, due_on.isoformat()],
            "status": [None, TaskStatus.TODO],
        }
        self.audit(created_at, creator, AuditAction.CREATE, obj, title, changes, scope=scope)
        notice = (gettext("New task: %(title)s") % {"title": title})[:255]
        deadline_id = clocks[0].id if clocks else None
        for person in people:
            self.notices.append((person, deadline_id, "assigned", notice, url, created_at))
        status, blocked, result, when, last = TaskStatus.TODO, "", "", created_at, created_at
        actor = assignee or creator
        for target in TASK_PATHS[_weighted(rng, TASK_FATES)]:
            when = self.later(when, rng, 1, 40, country)
            if when >= self.now:
                break
            note = ""
            if target == TaskStatus.BLOCKED:
                blocked = note = rng.choice(words.BLOCK_REASONS)
            elif target == TaskStatus.DONE:
                result = note = rng.choice(words.RESULTS)
                self.meet(clocks, when, actor)
            elif target == TaskStatus.CANCELLED:
                actor = creator
                self.cancel(clocks, when, actor)
            self.audit(
                when,
                actor,
                AuditAction.TRANSITION,
                obj,
                title,
                {"status": [status, target]},
                note=note,
                scope=scope,
            )
            status, last = target, when
        self.task_t.add(
            task_id, created_at, last, team_id, case.id, title, "", assignee, agency_id,
            priority, due_on, status, blocked, result, creator,
        )  # fmt: skip
        if rng.random() < 0.3:
            self._comments(
                rng,
                task_id,
                title,
                url,
                created_at,
                members or [creator],
                {assignee, creator},
                scope,
            )

    def _comments(self, rng, task_id, title, url, since, authors, told, scope) -> None:
        """Comments on a task; its assignee and creator are told of each (``task_comment``)."""
        notice = (gettext("Comment on %(title)s") % {"title": title})[:255]
        moment = since
        for _ in range(rng.randint(1, 3)):
            moment = self.later(moment, rng, 0.1, 10)
            if moment >= self.now:
                break
            author = rng.choice(authors)
            comment_id = self.writer.ids(TaskComment)
            self.comment_t.add(
                comment_id, moment, moment, task_id, author, rng.choice(words.TASK_COMMENTS)
            )
            self.audit(
                moment,
                author,
                AuditAction.CREATE,
                ("teams.taskcomment", comment_id),
                f"{title}: comment",
                scope=scope,
            )
            for person in told - {None, author}:
                self.notices.append((person, None, f"comment-{comment_id}", notice, url, moment))

    # --- Stage: notifications -----------------------------------------------------------------
    def _reminders(self, clock: Clock) -> Iterable[tuple[str, datetime.datetime, tuple[int, ...]]]:
        """What the sweep sent for a clock until it closed (or until today): the reminders
        before its end, then an escalation a day while it was overdue (the first days)."""
        end = clock.closed_at or clock.paused_at or self.now
        for key, moment in clock.transient().reminder_points():
            if clock.started_at <= moment <= end:
                yield key, moment, clock.responsible
        if clock.due_at < end:
            everyone = tuple(sorted(set(clock.escalation) | set(clock.responsible)))
            zone = zone_of(clock.country)
            day, moment = clock.due_at.astimezone(zone).date(), clock.due_at
            for _day in range(ESCALATION_DAYS):
                if moment >= end:
                    break
                yield f"overdue-{day.isoformat()}", moment, everyone
                day += DAY
                moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone).astimezone(
                    UTC
                )

    def seed_notifications(self) -> None:
        """The workflows' notices (tasks assigned, comments, missing rules), then reminders
        and escalations of the clocks as the sweep words them, to the number asked for."""
        rng = self.rng("notifications")
        budget = self.options.notifications
        self.notification_t = self.writer.table(
            Notification, "created_at", "updated_at", "recipient_id", "deadline_id", "kind",
            "title", "body", "url", "read_at", "delivery", "claimed_until", "dispatched_at",
            "sent_at", "attempts",
        )  # fmt: skip
        notices = self.notices[:budget]
        taken = set()
        for recipient, deadline_id, kind, title, url, created_at in notices:
            taken.add((deadline_id, recipient, kind))
            self._notification(rng, recipient, deadline_id, kind, title, "", url, created_at)
        need = budget - len(notices)
        if need <= 0 or not self.clocks:
            return
        # A sample of everything the sweep sent: counted first, then drawn by position.
        total = sum(len(r) for clock in self.clocks for _k, _m, r in self._reminders(clock))
        chosen = set(rng.sample(range(total), min(need, total)))
        position = 0
        for clock in self.clocks:
            transient = None
            for key, moment, recipients in self._reminders(clock):
                for recipient in recipients:
                    if position in chosen and (clock.id, recipient, key) not in taken:
                        transient = transient or clock.transient()
                        title = reminder_title(transient, key)[:255]
                        sent = moment + datetime.timedelta(seconds=rng.randint(5, 300))
                        self._notification(
                            rng, recipient, clock.id, key, title, clock.citation, clock.url,
                            min(sent, self.now),
                        )  # fmt: skip
                    position += 1

    def _notification(
        self, rng, recipient, deadline_id, kind, title, body, url, created_at
    ) -> None:
        """Delivered as the recipient asked: e-mailed at once, in the morning digest, or shown
        in the portal only. None is left for the workers to send."""
        officer = self.officers.get(recipient)
        mode = officer.mode if officer else User.NotificationMode.IMMEDIATE
        age = self.now - created_at
        read_at = dispatched = sent = None
        attempts = 0
        if rng.random() < (0.85 if age > 3 * DAY else 0.3):
            read_at = min(created_at + datetime.timedelta(minutes=rng.randint(10, 4000)), self.now)
        if mode == User.NotificationMode.NONE:
            delivery = DeliveryState.IN_PORTAL
        elif mode == User.NotificationMode.DIGEST and age < DAY:
            delivery = DeliveryState.DIGEST
        elif mode == User.NotificationMode.DIGEST:
            delivery, sent = (
                DeliveryState.SENT,
                created_at + datetime.timedelta(hours=rng.randint(1, 23)),
            )
        else:
            delivery, attempts = DeliveryState.SENT, 1
            dispatched = created_at + datetime.timedelta(seconds=rng.randint(1, 30))
            sent = dispatched + datetime.timedelta(seconds=rng.randint(1, 20))
        self.notification_t.add(
            created_at, read_at or sent or created_at, recipient, deadline_id, kind, title, body,
            url, read_at, delivery, None, dispatched, sent, attempts,
        )  # fmt: skip

    # --- Stage: the audit trail ---------------------------------------------------------------
    def seed_audit(self) -> None:
        """The trail up to the size asked for: victims' identities shown on case and request
        pages (each showing is an event), and exports of the case list."""
        rng = self.rng("audit")
        need = self.options.audit - self.audit_written
        if need <= 0 or not self.victims:
            return
        for _ in range(need):
            index, participant_id, number = self.victims[rng.randrange(len(self.victims))]
            case = self.cases[index]
            seers = self.officers_of(case.agency_id, Role.COORDINATOR, Role.PROSECUTOR)
            actor = rng.choice([case.lead_id, case.lead_id, *case.investigator_ids, *seers])
            span = (self.now - case.created_at).total_seconds()
            when = case.created_at + datetime.timedelta(seconds=span * (1 - rng.random() ** 2))
            shown_at = _weighted(rng, SHOWN_AT)
            if shown_at == "cases:export" and rng.random() < 0.5:
                filters = rng.choice(EXPORT_FILTERS)
                self.audit(
                    when,
                    actor,
                    AuditAction.EXPORT,
                    ("cases.case", "*"),
                    self.export_label,
                    note=filters,
                )
                continue
            self.audit(
                when, actor, AuditAction.VIEW_PROTECTED, ("cases.participant", participant_id),
                f"{case.reference}: {self.pseudonyms[min(number, 9)]}", note=shown_at,
                scope=("cases.case", case.id), protected=True,
            )  # fmt: skip

    # --- Stage: sequences, vacuum ---------------------------------------------------------------
    def seed_sequences(self) -> None:
        """Reference series moved past the numbers used here, so that the services continue
        after them; the tables' id sequences past the ids handed out here."""
        self.writer.flush()
        for (scope, year), last in self.references.items():
            ReferenceSequence.objects.update_or_create(
                scope=scope, year=year, defaults={"last_number": last}
            )
        self.writer.reset_sequences()

    def vacuum(self) -> None:
        """The state of a live database: planner statistics of this size (the lists' plans from
        the first request on), visibility maps (index-only scans), the trigram indexes' pending
        entries merged (searches do not scan them one by one)."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def summary_counts() -> list[tuple[str, int]]:
    """Rows per model in the database now (the command's last lines)."""
    shown = (
        Agency, User, Case, Person, Participant, IdentityDocument, Qualification, RoutePoint,
        CaseUserObjectPermission, CaseGroupObjectPermission, CaseLink, MLARequest,
        RequestedAction, StatusChange, ExtraditionFile, StageChange, JointTeam, TeamMember,
        Task, TaskComment, Deadline, Notification, AuditEvent,
    )  # fmt: skip
    return [(model._meta.label, model._base_manager.count()) for model in shown]
