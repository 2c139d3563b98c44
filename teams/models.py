"""Joint investigative teams: the agreement, members of both countries, and their tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.db import probe_each_row
from core.models import StoredFile, TimeStampedModel, stored_file_path
from teams.choices import MemberRole, Priority, TaskStatus, TeamStatus

# The initial migration names this upload path; files are now placed by StoredFile.
team_file_path = stored_file_path


class JointTeamQuerySet(models.QuerySet):
    def visible_to(self, user) -> JointTeamQuerySet:
        """SECURITY: members (current) see their team; so do those who may change one of its
        cases (the coordinators who set it up). Nobody else — 404."""
        from cases.querysets import case_access_q

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        member = TeamMember.objects.filter(user=user, left_on__isnull=True).values("team_id")
        # The teams of the cases this user may change: the rule read on each linked case row.
        owning = probe_each_row(
            JointTeam.cases.through.objects.filter(case_access_q(user, "change", prefix="case__"))
        ).values("jointteam_id")
        return self.filter(Q(pk__in=member) | Q(pk__in=owning))


class JointTeam(TimeStampedModel):
    """A joint investigative team of KR and KZ under a written agreement for a set time."""

    name = models.CharField(_("name"), max_length=255)
    cases = models.ManyToManyField("cases.Case", verbose_name=_("cases"), related_name="+")
    instruments = models.ManyToManyField(
        "treaties.Instrument", verbose_name=_("legal basis"), related_name="+"
    )
    purpose = models.TextField(_("purpose of the team"))
    parties = models.TextField(_("parties to the agreement"), blank=True)
    kg_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader for the Kyrgyz Republic"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kz_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader for the Republic of Kazakhstan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TeamStatus.choices, default=TeamStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = JointTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint investigative team")
        verbose_name_plural = _("joint investigative teams")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """An officer of either country in a team, with a role, from a date until a date."""

    team = models.ForeignKey(JointTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["team", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(left_on__isnull=True),
                name="%(app_label)s_%(class)s_one_current_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.user_id} ({self.role})"


class TeamExtension(models.Model):
    """An amendment extending the agreement."""

    team = models.ForeignKey(JointTeam, on_delete=models.CASCADE, related_name="extensions")
    previous_end = models.DateField()
    new_end = models.DateField()
    amended_on = models.DateField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["team", "amended_on", "id"]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.previous_end} → {self.new_end}"


class Task(TimeStampedModel):
    """A piece of the team's work, assigned to a member or to an agency, with a due date."""

    team = models.ForeignKey(JointTeam, on_delete=models.PROTECT, related_name="tasks")
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_tasks",
    )
    assignee_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("assignee agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    blocked_reason = models.TextField(_("why blocked"), blank=True)
    result = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["team", "status", "due_on", "id"]
        indexes = [
            # The board of a team, by column.
            models.Index(fields=["team", "status"], name="teams_task_board_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(assignee_agency__isnull=False),
                name="%(app_label)s_%(class)s_has_assignee",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskComment(TimeStampedModel):
    """A member's comment on a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["task", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.text[:40]}"


class TeamFile(StoredFile):
    """A material shared into the team's workspace (the signed agreement, a task's file)."""

    team = models.ForeignKey(JointTeam, on_delete=models.PROTECT, related_name="files")
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="files"
    )
    is_signed_agreement = models.BooleanField(default=False)

    class Meta:
        ordering = ["team", "-created_at"]

    def storage_folder(self) -> str:
        return f"teams/{self.team_id}"
