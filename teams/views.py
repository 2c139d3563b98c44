"""Joint team pages: the team, its board, its tasks. Reads go through JointTeam.visible_to."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts.models import Agency, User
from audit.models import AuditEvent
from cases.forms import UserChoiceField
from core.downloads import file_download
from core.exceptions import DomainError
from core.forms import StyledFormMixin, add_validation_error, form_errors_text
from deadlines.panel import panel_deadlines
from teams import services
from teams.choices import TASK_TEMPLATES, Priority, TaskStatus
from teams.models import JointTeam, Task, TaskComment, TeamFile

# Moves a card offers on the board itself; "done" and "blocked" need a text, on the task page.
QUICK_MOVES = (TaskStatus.IN_PROGRESS, TaskStatus.TODO, TaskStatus.CANCELLED)


def board_tasks(team: JointTeam):
    """The board's cards in one query (assignee, agency and case joined)."""
    return team.tasks.select_related("assignee__agency", "assignee_agency", "case").order_by(
        "due_on", "id"
    )


def board_context(request, team: JointTeam, *, board_messages=()) -> dict:
    tasks = board_tasks(team)
    params = request.GET if request.method == "GET" else request.POST
    filters = {
        "assignee": params.get("assignee", ""),
        "country": params.get("country", ""),
        "case": params.get("case", ""),
        "overdue": params.get("overdue") == "1",
    }
    if filters["assignee"].isdigit():
        tasks = tasks.filter(assignee_id=filters["assignee"])
    if filters["country"] in ("KG", "KZ"):
        tasks = tasks.filter(case__country=filters["country"])
    if filters["case"].isdigit():
        tasks = tasks.filter(case_id=filters["case"])
    if filters["overdue"]:
        tasks = tasks.filter(due_on__lt=timezone.localdate()).exclude(
            status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]
        )
    tasks = list(tasks)
    runs = services.runs_team(request.user, team)
    for task in tasks:
        mine = runs or task.assignee_id == request.user.pk
        task.quick_moves = [
            (s, TaskStatus(s).label)
            for s in QUICK_MOVES
            if mine and s in services.TASK_MOVES[task.status]
        ]
    return {
        "team": team,
        "columns": [
            (value, label, [t for t in tasks if t.status == value])
            for value, label in TaskStatus.choices
        ],
        "filters": filters,
        "board_messages": board_messages,
    }


class TeamListView(LoginRequiredMixin, ListView):
    template_name = "teams/team_list.html"
    context_object_name = "teams"

    def get_queryset(self):
        return (
            JointTeam.objects.visible_to(self.request.user)
            .select_related("kg_leader", "kz_leader")
            .prefetch_related("cases")
        )


class MyTasksView(LoginRequiredMixin, ListView):
    """Every open task assigned to me, across all my teams."""

    template_name = "teams/my_tasks.html"
    context_object_name = "tasks"

    def get_queryset(self):
        visible = JointTeam.objects.visible_to(self.request.user)
        return (
            Task.objects.filter(team__in=visible, assignee=self.request.user)
            .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
            .select_related("team", "case")
            .order_by("due_on", "id")
        )


class TeamAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.team = get_object_or_404(
            JointTeam.objects.visible_to(request.user).select_related("kg_leader", "kz_leader"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


class TaskForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("title"), max_length=255)
    case = forms.ModelChoiceField(label=gettext_lazy("case"), queryset=None)
    description = forms.CharField(
        label=gettext_lazy("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    assignee = UserChoiceField(
        label=gettext_lazy("assignee"), queryset=User.objects.none(), required=False
    )
    assignee_agency = forms.ModelChoiceField(
        label=gettext_lazy("or an agency"), queryset=Agency.objects.all(), required=False
    )
    priority = forms.ChoiceField(
        label=gettext_lazy("priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    due_on = forms.DateField(
        label=gettext_lazy("due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, team: JointTeam, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = team.cases.all()
        self.fields["case"].label_from_instance = lambda c: f"{c.reference} — {c.title}"
        self.fields["assignee"].queryset = User.objects.filter(
            pk__in=team.members.filter(left_on__isnull=True).values("user_id")
        ).select_related("agency")
        self.fields["title"].widget.attrs["list"] = "task-templates"


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)
    reason = forms.CharField(required=False, max_length=5000)
    result = forms.CharField(required=False, max_length=20000)


class TeamDetailView(TeamAccessMixin, TemplateView):
    template_name = "teams/team_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team, user = self.team, self.request.user
        tasks = list(board_tasks(team))
        columns = [
            (value, label, [t for t in tasks if t.status == value])
            for value, label in TaskStatus.choices
        ]
        context.update(
            team=team,
            columns=columns,
            members=team.members.select_related("user__agency").order_by("left_on", "role", "id"),
            files=team.files.select_related("uploaded_by"),
            deadlines=panel_deadlines(user, team, open_only=False),
            runs=services.runs_team(user, team),
            task_form=TaskForm(team=team),
            templates=TASK_TEMPLATES,
            me=user.pk,
            timeline=AuditEvent.objects.history_of(team).select_related("actor_agency")[:100],
        )
        return context


class TaskCreateView(TeamAccessMixin, View):
    def post(self, request, pk):
        form = TaskForm(request.POST, team=self.team)
        if form.is_valid():
            try:
                services.task_create(team=self.team, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Task assigned."))
                return redirect("teams:detail", pk=pk)
        messages.error(request, form_errors_text(form))
        return redirect("teams:detail", pk=pk)


class TaskMoveView(TeamAccessMixin, View):
    """Moving a card: with htmx the board is re-rendered in place; without, a redirect."""

    def post(self, request, pk, task_pk):
        task = get_object_or_404(Task, pk=task_pk, team=self.team)
        form = MoveForm(request.POST)
        problems = []
        if not form.is_valid():
            problems.append(_("Choose a status."))
        else:
            try:
                services.task_move(task=task, actor=request.user, **form.cleaned_data)
            except PermissionDenied:
                raise
            except ValidationError as exc:
                problems.extend(exc.messages)
            except DomainError as exc:
                problems.append(exc.message)
        if request.headers.get("HX-Request"):
            # The board is swapped in place: no page reload.
            return render(
                request,
                "teams/partials/board.html",
                board_context(request, self.team, board_messages=problems),
            )
        for problem in problems:
            messages.error(request, problem)
        target = request.POST.get("next", "")
        if not target.startswith(f"/teams/{pk}/"):
            target = f"/teams/{pk}/"
        return redirect(target)


class TaskDetailView(TeamAccessMixin, TemplateView):
    template_name = "teams/task_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = get_object_or_404(
            Task.objects.select_related(
                "assignee", "assignee_agency", "case", "created_by"
            ).prefetch_related(
                Prefetch("comments", queryset=TaskComment.objects.select_related("author"))
            ),
            pk=self.kwargs["task_pk"],
            team=self.team,
        )
        context.update(
            team=self.team,
            task=task,
            can_update=services.can_update_task(self.request.user, task),
            moves=[(s, TaskStatus(s).label) for s in sorted(services.TASK_MOVES[task.status])],
            deadlines=panel_deadlines(self.request.user, task, open_only=False),
            files=task.files.all(),
            activity=AuditEvent.objects.for_object(task).select_related("actor_agency")[:100],
        )
        return context


class CommentView(TeamAccessMixin, View):
    def post(self, request, pk, task_pk):
        task = get_object_or_404(Task, pk=task_pk, team=self.team)
        try:
            services.task_comment(
                task=task, actor=request.user, text=request.POST.get("text", "")[:10000]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("teams:task", pk=pk, task_pk=task_pk)


class TeamStepView(TeamAccessMixin, View):
    """Sign, extend or close the agreement; add a member."""

    def post(self, request, pk, step):
        import datetime

        from django.utils.dateparse import parse_date

        data = request.POST
        try:
            if step == "sign":
                services.team_sign(
                    team=self.team,
                    actor=request.user,
                    signed_on=parse_date(data.get("signed_on", "")) or datetime.date.min,
                )
            elif step == "extend":
                services.team_extend(
                    team=self.team,
                    actor=request.user,
                    new_end=parse_date(data.get("new_end", "")) or self.team.ends_on,
                    amended_on=parse_date(data.get("amended_on", "")) or timezone.localdate(),
                    reason=data.get("reason", ""),
                )
            elif step == "activate":
                services.team_activate(team=self.team, actor=request.user)
            elif step == "close":
                services.team_close(team=self.team, actor=request.user, note=data.get("note", ""))
            elif step == "member":
                user = User.objects.filter(
                    pk=data.get("user") if str(data.get("user", "")).isdigit() else None
                ).first()
                if user is None:
                    raise ValidationError({"user": _("Choose an officer.")})
                services.member_add(
                    team=self.team,
                    actor=request.user,
                    user=user,
                    role=data.get("role", "member"),
                    joined_on=parse_date(data.get("joined_on", "")) or timezone.localdate(),
                )
            else:
                raise PermissionDenied
        except ValueError:
            messages.error(request, _("Enter valid dates."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("teams:detail", pk=pk)


class TeamFileUploadView(TeamAccessMixin, View):
    def post(self, request, pk):
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
            return redirect("teams:detail", pk=pk)
        try:
            services.team_file_upload(
                team=self.team,
                actor=request.user,
                upload=upload,
                signed_agreement=bool(request.POST.get("signed_agreement")),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("teams:detail", pk=pk)


class TeamFileDownloadView(TeamAccessMixin, View):
    def get(self, request, pk, file_pk):
        from audit.models import AuditAction
        from audit.services import audit_record

        record = get_object_or_404(TeamFile, pk=file_pk, team=self.team)
        audit_record(
            actor=request.user,
            action=AuditAction.DOWNLOAD,
            obj=record,
            note=record.sha256,
            scope=self.team,
        )
        return file_download(
            record.file.open("rb"), filename=record.original_name, content_type=record.content_type
        )


class AgreementDraftView(TeamAccessMixin, View):
    """The agreement as a PDF draft filled from the team's data (the signed scan is uploaded)."""

    def get(self, request, pk):
        from django.utils import translation

        from audit.models import AuditAction
        from audit.services import audit_record
        from documents.services import document_render

        team = self.team
        with translation.override("ru"):
            rendered = document_render(
                template="teams/documents/agreement.html",
                context={
                    "team": team,
                    "cases": list(team.cases.order_by("country")),
                    "instruments": list(team.instruments.all()),
                    "members": list(
                        team.members.filter(left_on__isnull=True).select_related("user__agency")
                    ),
                },
                reference=f"JIT-{team.pk}",
            )
        audit_record(
            actor=request.user,
            action=AuditAction.PRINT,
            obj=team,
            note=f"agreement draft {rendered.sha256}",
        )
        response = HttpResponse(rendered.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="JIT-{team.pk}-agreement-draft.pdf"'
        return response
