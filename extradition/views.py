"""Extradition pages. Every view reads through ExtraditionFile.visible_to (404 otherwise)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import CharField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from cases.models import Case, Participant
from core.forms import StyledFormMixin, add_validation_error, style_form
from core.models import Confidence
from core.pages import confirmation_page, run_step, step_data, step_forms
from core.pagination import CappedPaginationMixin
from deadlines.models import Deadline, DeadlineState
from deadlines.panel import panel_deadlines
from documents.models import Document
from documents.serving import serve_document
from extradition import legal_basis, services
from extradition.choices import (
    CUSTODY_URGENT_DAYS,
    IN_CUSTODY,
    Purpose,
    Stage,
    custody_badge,
    custody_urgent,
)
from extradition.filters import ExtraditionFileFilter, running_custody_clocks
from extradition.models import ExtraditionFile
from extradition.workflow import EITHER, EXTRADITION_WORKFLOW, REQUESTING, steps_of_row
from treaties.models import CriminalArticle, DeadlineRule, Instrument, RefusalGround


def _custody_clock():
    """The file's earliest running custody clock (for subquery annotations)."""
    return running_custody_clocks().order_by("due_at", "id")


def _stage_rule():
    """The rule of the clock that bounds the file's stage, when the stage has one."""
    return (
        Deadline.objects.filter(
            subject_type="extradition.extraditionfile",
            subject_id=OuterRef("pk_text"),
            kind__in=list(services.STAGE_CLOCKS.values()),
            rule__isnull=False,
        )
        .exclude(state=DeadlineState.CANCELLED)
        .order_by("-due_at", "-id")
    )


def files_for(user):
    """Visible files, each with the end and the mark of its earliest running custody clock,
    and the rule that bounds its stage (subqueries: one query for the page)."""
    return (
        ExtraditionFile.objects.visible_to(user)
        .select_related("person__person", "case")
        .annotate(pk_text=Cast("pk", CharField()))
        .annotate(
            next_custody_due=Subquery(_custody_clock().values("due_at")[:1]),
            next_custody_confidence=Subquery(_custody_clock().values("confidence")[:1]),
            stage_rule_id=Subquery(_stage_rule().values("rule_id")[:1]),
        )
    )


def with_stage_labels(files):
    """Each file's stage as people read it, with its rule's length (one query for the page)."""
    files = list(files)
    rules = DeadlineRule.objects.in_bulk({f.stage_rule_id for f in files if f.stage_rule_id})
    now = timezone.now()
    for file in files:
        file.days_left = (
            (file.next_custody_due - now).total_seconds() / 86400 if file.next_custody_due else None
        )
        file.urgent = custody_urgent(file.days_left)
        file.badge = custody_badge(file.stage, file.days_left)
        label = str(Stage(file.stage).label)
        rule = rules.get(file.stage_rule_id) if file.stage in services.STAGE_CLOCKS else None
        file.stage_label = f"{label} ({rule.length_display})" if rule else label
        file.next_custody_mark = (
            Confidence(file.next_custody_confidence) if file.next_custody_confidence else None
        )
    return files


class ExtraditionListView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    template_name = "extradition/file_list.html"
    context_object_name = "files"
    paginate_by = 25

    def get_queryset(self):
        # Invalid filter values are ignored on the page (the API answers 400 for them).
        self.filterset = ExtraditionFileFilter(
            self.request.GET,
            queryset=files_for(self.request.user).order_by("-created_at", "-id"),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["files"] = with_stage_labels(context["files"])
        context.update(
            filter=self.filterset, stages=Stage.choices, query=self.request.GET.urlencode()
        )
        return context


class CustodyDashboardView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    """Every person held on an extradition basis, the least time left first: the first page
    holds the clocks that end soonest, and the count says how many are held in all."""

    template_name = "extradition/custody.html"
    context_object_name = "files"
    paginate_by = 50

    def get_queryset(self):
        files = files_for(self.request.user).filter(stage__in=IN_CUSTODY)
        # The next steps of each row from the workflow's rules: one EXISTS per step, no query
        # per row.
        return EXTRADITION_WORKFLOW.annotate_allowed(files, self.request.user).order_by(
            "next_custody_due", "id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        files = context["files"] = with_stage_labels(context["files"])
        for file in files:
            # What can be done next, as the buttons say it ("Release the person").
            file.next_steps = [
                str(EXTRADITION_WORKFLOW[name].button) for name in steps_of_row(file)
            ]
        context["urgent_days"] = CUSTODY_URGENT_DAYS
        return context


class FileAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.file = get_object_or_404(
            ExtraditionFile.objects.visible_to(request.user)
            .select_related("case", "person__person", "detaining_agency")
            .prefetch_related(
                Prefetch(
                    "requesting_articles", queryset=CriminalArticle.objects.select_related("code")
                ),
                Prefetch(
                    "requested_articles", queryset=CriminalArticle.objects.select_related("code")
                ),
                "instruments",
                "applicable_grounds__instrument",
                "decision_grounds__instrument",
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


class ExtraditionDetailView(FileAccessMixin, TemplateView):
    template_name = "extradition/file_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file, user = self.file, self.request.user
        participant = file.person
        hidden = (
            participant.is_protected
            and not Case.objects.visible_to(user, "view_protected")
            .filter(pk=participant.case_id)
            .exists()
        )
        deadlines = panel_deadlines(user, file, open_only=False)
        steps = step_forms(EXTRADITION_WORKFLOW, user, file)
        due = files_for(user).filter(pk=file.pk).values_list("next_custody_due", flat=True).first()
        days_left = (due - timezone.now()).total_seconds() / 86400 if due else None
        context.update(
            file=file,
            stage_badge=custody_badge(file.stage, days_left),
            # The next step of the process is the highlighted button; a destructive one never is.
            primary_step=next((t.name for t, _form in steps if t.is_forward), None),
            stage_label=services.stage_label(file, [d for d in deadlines if d.rule_id]),
            jurisdiction_gaps=services.jurisdiction_gaps(file),
            person_name=participant.pseudonym if hidden else participant.person.full_name,
            dual=services.dual_criminality(file),
            grounds=RefusalGround.objects.filter(
                instrument__in=file.instruments.all(), request_kind="extradition"
            ).select_related("instrument", "provision"),
            history=file.history.select_related("actor__agency"),
            deadlines=deadlines,
            lapsed=services.custody_lapsed(file),
            step_forms=steps,
            documents=Document.objects.for_subject(file),
            applicable=set(file.applicable_grounds.values_list("pk", flat=True)),
            can_tick=EITHER.allows(user, file),
            document_kinds=services.DOCUMENTS,
            can_send=REQUESTING.allows(user, file),
        )
        # What the request must contain, under the instruments that govern the two states.
        governing = legal_basis.file_bases(file)
        context.update(
            governing=governing,
            request_date=legal_basis.request_date(file),
            request_checklist=legal_basis.evaluate(file, governing),
            not_governing=[i for i in file.instruments.all() if i not in governing],
        )
        return context


class StepView(FileAccessMixin, View):
    """A step of the file, through the workflow: 403 for the wrong side, a message for a
    refusal (wrong stage, lapsed custody, bad input), then back to the file."""

    def post(self, request, pk, step):
        if step not in EXTRADITION_WORKFLOW:
            raise Http404
        back = reverse("extradition:detail", args=[pk])
        page = confirmation_page(request, EXTRADITION_WORKFLOW, self.file, step, back=back)
        if page is not None:
            return page
        run_step(
            request,
            lambda: EXTRADITION_WORKFLOW.perform(self.file, step, request.user, step_data(request)),
            labels=EXTRADITION_WORKFLOW.field_labels(step),
            success=_("Recorded: %(step)s.") % {"step": EXTRADITION_WORKFLOW[step].label},
        )
        return redirect("extradition:detail", pk=pk)


class OpenFileForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("person sought"), queryset=Participant.objects.none()
    )
    requested_state = forms.ChoiceField(
        label=gettext_lazy("requested state"), choices=[("KG", "KG"), ("KZ", "KZ")]
    )
    purpose = forms.ChoiceField(label=gettext_lazy("purpose"), choices=Purpose.choices)
    requesting_articles = forms.ModelMultipleChoiceField(
        label=gettext_lazy("offence under the requesting state's law"),
        queryset=CriminalArticle.objects.none(),
    )
    requested_articles = forms.ModelMultipleChoiceField(
        label=gettext_lazy("corresponding offence under the requested state's law"),
        queryset=CriminalArticle.objects.none(),
        required=False,
    )
    instruments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("legal basis"),
        queryset=Instrument.objects.legal_bases(for_extradition=True),
    )
    notice_number = forms.CharField(
        label=gettext_lazy("search / INTERPOL notice number"), required=False, max_length=60
    )
    sentence_imposed_months = forms.IntegerField(
        label=gettext_lazy("sentence imposed (months)"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=gettext_lazy(
            "For enforcement of a sentence (required then): the term the judgment imposed."
        ),
    )
    remaining_sentence_months = forms.IntegerField(
        label=gettext_lazy("remaining term (months)"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=gettext_lazy("For enforcement: the time left to serve, for the decision."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        other = "KZ" if case.country == "KG" else "KG"
        self.fields["person"].queryset = Participant.objects.filter(
            case=case, role__in=["suspect", "accused"]
        ).select_related("person")
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.person.full_name} ({p.role_label})"
        )
        self.fields["requested_state"].initial = other
        self.fields["requesting_articles"].queryset = CriminalArticle.objects.of_country(
            case.country
        ).select_related("code")
        self.fields["requested_articles"].queryset = CriminalArticle.objects.of_country(
            other
        ).select_related("code")


class ExtraditionCreateView(LoginRequiredMixin, View):
    def get_case(self, request):
        case_id = request.GET.get("case") or request.POST.get("case") or ""
        if not case_id.isdigit():
            return None
        return get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)

    def get(self, request):
        case = self.get_case(request)
        if case is None:
            cases = Case.objects.visible_to(request.user, "change")[:200]
            return render(request, "extradition/choose_case.html", {"cases": cases})
        other = "KZ" if case.country == "KG" else "KG"
        initial = {
            "requesting_articles": [q.article_id for q in case.qualifications.all()],
            # Proposed from the instruments that govern the two states today.
            "instruments": [i.pk for i in legal_basis.proposed_bases(case.country, other)],
        }
        return render(
            request,
            "extradition/file_form.html",
            {"case": case, "form": OpenFileForm(case=case, initial=initial)},
        )

    def post(self, request):
        case = self.get_case(request)
        if case is None:
            return redirect("extradition:create")
        form = OpenFileForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                file = services.extradition_file_open(
                    actor=request.user,
                    case=case,
                    person=data["person"],
                    requested_state=data["requested_state"],
                    purpose=data["purpose"],
                    requesting_articles=list(data["requesting_articles"]),
                    requested_articles=list(data["requested_articles"]),
                    instruments=list(data["instruments"]),
                    notice_number=data["notice_number"],
                    sentence_imposed_months=data["sentence_imposed_months"],
                    remaining_sentence_months=data["remaining_sentence_months"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("File opened: %(ref)s") % {"ref": file.reference})
                return redirect(reverse("extradition:detail", kwargs={"pk": file.pk}))
        style_form(form)
        return render(request, "extradition/file_form.html", {"case": case, "form": form})


class DocumentView(FileAccessMixin, View):
    """A file's document: the frozen version once sent, a live preview before."""

    def get(self, request, pk, kind):
        if kind not in services.DOCUMENTS:
            raise Http404
        return serve_document(
            subject=self.file,
            kind=kind,
            actor=request.user,
            reference=self.file.reference,
            preview=lambda: services.extradition_document_render(file=self.file, kind=kind),
            scope=self.file.case,
        )


class DocumentSendView(FileAccessMixin, View):
    def post(self, request, pk, kind):
        run_step(
            request,
            lambda: services.extradition_document_send(
                file=self.file, actor=request.user, kind=kind
            ),
            success=_("Sent; the document is frozen."),
        )
        return redirect("extradition:detail", pk=pk)


class GroundsView(FileAccessMixin, View):
    """The checklist of refusal grounds: which of the legal basis's grounds apply."""

    def post(self, request, pk):
        ids = [i for i in request.POST.getlist("grounds") if i.isdigit()]
        grounds = list(RefusalGround.objects.filter(pk__in=ids))
        run_step(
            request,
            lambda: services.extradition_grounds_set(
                file=self.file, actor=request.user, grounds=grounds
            ),
        )
        return redirect("extradition:detail", pk=pk)
