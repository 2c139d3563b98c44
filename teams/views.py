"""Joint team pages: the team, its board, its tasks. Reads go through JointTeam.visible_to."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts.models import Agency, User
from audit.models import AuditEvent
from cases.forms import UserChoiceField
from core.exceptions import DomainError
from core.forms import StyledFormMixin, add_validation_error, form_errors_text, style_form
from core.pages import confirmation_page, run_step, step_data, step_forms
from core.pagination import CappedPaginationMixin
from deadlines.panel import panel_deadlines
from teams import services
from teams.choices import TASK_TEMPLATES, MemberRole, Priority, TaskStatus
from teams.filters import TaskFilter
from teams.models import JointTeam, Task, TaskComment, TeamFile, TeamMember
from teams.workflow import TASK_WORKFLOW, TEAM_WORKFLOW

# Steps a card offers on the board as one button; "done" and "block" ask for a text first, in
# a fold-out form on the card (no JavaScript needed), which a drop onto their column opens.
QUICK_STEPS = ("start", "reopen", "cancel")
TEXT_STEPS = (
    ("done", "result", gettext_lazy("result")),
    ("block", "reason", gettext_lazy("what blocks it")),
)


def board_tasks(team: JointTeam):
    """The board's cards in one query (assignee, agency and case joined)."""
    return team.tasks.select_related("assignee__agency", "assignee_agency", "case").order_by(
        "due_on", "id"
    )


def board_context(request, team: JointTeam, *, board_messages=()) -> dict:
    """The board as the page first draws it and as an htmx move redraws it: the same filters,
    the same buttons (each a step the workflow allows this user on that card)."""
    params = request.GET if request.method == "GET" else request.POST
    # The board's own fields only: a move's POST also carries status, reason and the token.
    filters = TaskFilter(
        {k: params.get(k) for k in ("assignee", "country", "case", "overdue") if params.get(k)},
        queryset=board_tasks(team),
    )
    tasks = list(TASK_WORKFLOW.annotate_allowed(filters.qs, request.user))
    for task in tasks:
        task.quick_moves = [
            (TASK_WORKFLOW[name].target, TASK_WORKFLOW[name].button, TASK_WORKFLOW[name])
            for name in QUICK_STEPS
            if getattr(task, f"may_{name}")
        ]
        task.text_moves = [
            (TASK_WORKFLOW[name].target, TASK_WORKFLOW[name].button, field, label)
            for name, field, label in TEXT_STEPS
            if getattr(task, f"may_{name}")
        ]
        task.move_targets = " ".join(
            [target for target, *_rest in task.quick_moves]
            + [target for target, *_rest in task.text_moves]
        )
    values = filters.form.cleaned_data if filters.is_valid() else {}
    return {
        "team": team,
        "columns": [
            (value, label, [t for t in tasks if t.status == value])
            for value, label in TaskStatus.choices
        ],
        "filters": {
            "assignee": str(values.get("assignee") or ""),
            "country": values.get("country") or "",
            "case": str(values.get("case") or ""),
            "overdue": bool(values.get("overdue")),
        },
        "board_messages": board_messages,
    }


class TeamListView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    """The officer's joint teams, newest first, 25 to a page as every list (a coordinator of a
    national agency sees dozens: the page rendered each of them, and their cases)."""

    template_name = "teams/team_list.html"
    context_object_name = "teams"
    paginate_by = 25

    def get_queryset(self):
        return (
            JointTeam.objects.visible_to(self.request.user)
            .select_related("kg_leader", "kz_leader")
            .prefetch_related(Prefetch("cases", to_attr="listed_cases"))
            .order_by("-created_at", "-id")
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


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("officer"), queryset=User.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=MemberRole.choices)
    joined_on = forms.DateField(
        label=gettext_lazy("joined on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TeamDetailView(TeamAccessMixin, TemplateView):
    template_name = "teams/team_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team, user = self.team, self.request.user
        context.update(board_context(self.request, team))
        context.update(
            members=team.members.select_related("user__agency").order_by("left_on", "role", "id"),
            files=team.files.select_related("uploaded_by"),
            deadlines=panel_deadlines(user, team, open_only=False),
            runs=services.runs_team(user, team),
            team_step_forms=step_forms(TEAM_WORKFLOW, user, team),
            member_form=style_form(MemberForm(auto_id="id_member_%s")),
            member_roles=MemberRole.choices,
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
        step = services.task_step_to(task.status, request.POST.get("status", ""))
        if step is not None:
            # Cancelling a card is confirmed (a modal on the board, or this page without it).
            page = confirmation_page(
                request,
                TASK_WORKFLOW,
                task,
                step,
                subject=task.title,
                back=reverse("teams:detail", args=[pk]),
            )
            if page is not None:
                return page
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
            moves=[
                (TASK_WORKFLOW[name].target, TASK_WORKFLOW[name].button)
                for name in TASK_WORKFLOW.allowed(self.request.user, task)
            ],
            can_share=services.in_team(self.request.user, self.team),
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
    """A step of the agreement (sign, start, extend, close), or adding a member."""

    def post(self, request, pk, step):
        if step == "member":
            return self.add_member(request)
        if step not in TEAM_WORKFLOW:
            raise Http404
        page = confirmation_page(
            request, TEAM_WORKFLOW, self.team, step, back=reverse("teams:detail", args=[pk])
        )
        if page is not None:
            return page
        run_step(
            request,
            lambda: TEAM_WORKFLOW.perform(self.team, step, request.user, step_data(request)),
            labels=TEAM_WORKFLOW.field_labels(step),
        )
        return redirect("teams:detail", pk=pk)

    def add_member(self, request):
        form = MemberForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
        else:
            data = form.cleaned_data
            run_step(
                request,
                lambda: services.member_add(
                    team=self.team,
                    actor=request.user,
                    user=data["user"],
                    role=data["role"],
                    joined_on=data["joined_on"] or timezone.localdate(),
                ),
            )
        return redirect("teams:detail", pk=self.team.pk)


class MemberLeaveView(TeamAccessMixin, View):
    """A member leaves the team (from the members list)."""

    def post(self, request, pk, member_pk):
        member = get_object_or_404(
            TeamMember.objects.select_related("team"), pk=member_pk, team=self.team
        )
        left_on = forms.DateField(required=False).clean(request.POST.get("left_on") or None)
        run_step(
            request,
            lambda: services.member_leave(
                member=member, actor=request.user, left_on=left_on or timezone.localdate()
            ),
        )
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


class TaskFileUploadView(TeamAccessMixin, View):
    """Attach a material to a task (it is shared into the team's workspace with the task)."""

    def post(self, request, pk, task_pk):
        task = get_object_or_404(Task, pk=task_pk, team=self.team)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
        else:
            run_step(
                request,
                lambda: services.team_file_upload(
                    team=self.team, actor=request.user, upload=upload, task=task
                ),
                labels={"file": _("file")},
                success=_("File attached."),
            )
        return redirect("teams:task", pk=pk, task_pk=task_pk)


class TeamFileDownloadView(TeamAccessMixin, View):
    def get(self, request, pk, file_pk):
        record = get_object_or_404(TeamFile, pk=file_pk, team=self.team)
        return record.serve(actor=request.user, scope=self.team)


class AgreementDraftView(TeamAccessMixin, View):
    """The agreement as a PDF draft filled from the team's data (the signed scan is uploaded)."""

    def get(self, request, pk):
        from documents.serving import serve_document
        from teams.documents import agreement_render

        return serve_document(
            subject=self.team,
            kind="agreement",
            actor=request.user,
            reference=f"JIT-{self.team.pk}",
            preview=lambda: agreement_render(team=self.team),
            download=bool(request.GET.get("download")),
        )
