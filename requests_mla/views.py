"""Pages of requests for legal assistance. Every view reads through MLARequest.visible_to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from cases.models import Case
from core.exceptions import DomainError
from core.forms import add_validation_error, form_errors_text, style_form
from core.pages import confirmation_page, run_step, step_data, step_forms
from core.pagination import CappedPaginationMixin
from deadlines.panel import panel_deadlines
from documents.models import Document
from documents.serving import serve_document
from requests_mla import services
from requests_mla.choices import RequestStatus
from requests_mla.completeness import evaluate
from requests_mla.documents import DOCUMENT_KINDS
from requests_mla.filters import RequestFilter
from requests_mla.forms import ActionFormSet, MLARequestForm, RequestFileForm, draft_from_forms
from requests_mla.models import ActionPerson, MLARequest, RequestedAction, RequestFile
from requests_mla.presenters import action_views, next_steps
from requests_mla.querysets import agencies_of
from requests_mla.workflow import DRAFTER, MLA_WORKFLOW, STEP_LABELS, IncompleteRequest
from treaties.models import Instrument


def request_detail_queryset(user):
    return (
        MLARequest.objects.visible_to(user)
        .select_related(
            "case", "requesting_agency", "requested_agency", "executing_officer", "created_by"
        )
        .prefetch_related(
            "instruments",
            "provisions__instrument",
            "articles__code",
            "confirmed_elements",
            "refusal_grounds__instrument",
            Prefetch(
                "actions",
                queryset=RequestedAction.objects.prefetch_related(
                    Prefetch(
                        "links",
                        queryset=ActionPerson.objects.select_related(
                            "participant__person", "participant__case"
                        ).prefetch_related("participant__person__documents"),
                    )
                ),
            ),
        )
    )


class RequestAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mla = get_object_or_404(request_detail_queryset(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("requests_mla:detail", kwargs={"pk": self.mla.pk})


# The columns the request list shows (``request_list.html``).
LIST_FIELDS = (
    "reference",
    "request_type",
    "urgent",
    "outgoing_number",
    "incoming_number",
    "execution_requested_by",
    "status",
    "requesting_agency__name_ru",
    "requesting_agency__name_en",
    "requested_agency__name_ru",
    "requested_agency__name_en",
)


class RequestListView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    template_name = "requests_mla/request_list.html"
    context_object_name = "requests"
    paginate_by = 25

    def direction(self) -> str:
        value = self.request.GET.get("direction", "outgoing")
        return value if value in ("outgoing", "incoming") else "outgoing"

    def get_queryset(self):
        user = self.request.user
        # What a row shows, and no more: a request's row holds its facts, purpose and
        # qualification (long texts), and its case's row was joined for nothing.
        queryset = (
            MLARequest.objects.visible_to(user)
            .select_related("requesting_agency", "requested_agency")
            .only(*LIST_FIELDS)
            .prefetch_related(
                Prefetch(
                    "instruments",
                    queryset=Instrument.objects.only("short_name", "name_ru", "name_en"),
                    to_attr="listed_instruments",
                )
            )
            .order_by("-created_at", "-id")
        )
        country = user.agency.country if user.agency_id else None
        # To the officer's own country's agencies, or to the others' (see ``agencies_of``): as
        # "among these agencies" both ways, which PostgreSQL reads agency by agency from the
        # index on the requested agency (a negated "among" reads the whole index).
        incoming = self.direction() == "incoming"
        queryset = queryset.filter(requested_agency_id__in=agencies_of(country, other=not incoming))
        self.filterset = RequestFilter(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        style_form(self.filterset.form)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return MLARequest.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, query=query.urlencode(), direction=self.direction())
        return context


class _DraftFormMixin:
    template_name = "requests_mla/request_form.html"

    def show_victims(self, case: Case) -> bool:
        return (
            Case.objects.visible_to(self.request.user, "view_protected").filter(pk=case.pk).exists()
        )

    def forms(self, case: Case, *, data=None, initial=None, actions_initial=None):
        form = MLARequestForm(data, case=case, initial=initial)
        # The kinds of assistance the chosen (or proposed) legal bases provide are offered first.
        chosen = (
            data.getlist("instruments")
            if data is not None
            else (initial or {}).get("instruments", [])
        )
        mla = getattr(self, "mla", None)
        formset = ActionFormSet(
            data,
            case=case,
            show_victims=self.show_victims(case),
            prefix="actions",
            initial=actions_initial,
            instruments=[int(pk) for pk in chosen if str(pk).isdigit()],
            keep=[a.kind for a in mla.actions.all()] if mla is not None else (),
        )
        return form, formset

    def render_forms(self, case, form, formset, **extra):
        draft = draft_from_forms(case, form, formset) if form.is_bound else None
        checklist = evaluate(draft) if draft else extra.pop("checklist", None)
        return render(
            self.request,
            self.template_name,
            {"case": case, "form": form, "formset": formset, "checklist": checklist, **extra},
        )


def _initial_for_case(case: Case, user) -> tuple[dict, list]:
    articles = [q.article for q in case.qualifications.select_related("article__code")]
    other = "KZ" if case.country == "KG" else "KG"
    proposed = services.proposed_instruments(case.country, other)
    return (
        {
            "request_type": "formal_mla",
            "requesting_agency": case.owning_agency_id,
            "instruments": [i.pk for i in proposed],
            "articles": [a.pk for a in articles],
            "qualification_text": "\n\n".join(
                f"{a.citation}. {a.text}" for a in articles if a.text
            ),
            "facts": case.summary,
            "language": "ru",
        },
        [],
    )


class RequestCreateView(LoginRequiredMixin, _DraftFormMixin, View):
    def get_case(self):
        case_id = self.request.GET.get("case") or self.request.POST.get("case")
        if not case_id or not str(case_id).isdigit():
            return None
        return get_object_or_404(Case.objects.visible_to(self.request.user, "change"), pk=case_id)

    def get(self, request):
        case = self.get_case()
        if case is None:
            cases = Case.objects.visible_to(request.user, "change").select_related("owning_agency")
            return render(request, "requests_mla/choose_case.html", {"cases": cases[:200]})
        initial, actions_initial = _initial_for_case(case, request.user)
        form, formset = self.forms(case, initial=initial, actions_initial=actions_initial)
        return self.render_forms(case, form, formset, proposed=initial["instruments"])

    def post(self, request):
        case = self.get_case()
        if case is None:
            raise Http404
        form, formset = self.forms(case, data=request.POST)
        if form.is_valid() and formset.is_valid():
            relations = form.relations(formset)
            try:
                mla = services.mla_request_create(
                    case=case, actor=request.user, fields=form.draft_fields(), relations=relations
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            except PermissionDenied:
                raise
            else:
                messages.success(request, _("Draft saved: %(ref)s") % {"ref": mla.reference})
                return redirect("requests_mla:detail", pk=mla.pk)
        return self.render_forms(case, form, formset)


class RequestUpdateView(RequestAccessMixin, _DraftFormMixin, View):
    def initial(self):
        mla = self.mla
        initial = {name: getattr(mla, name) for name in services.DRAFT_FIELDS}
        initial.update(
            requesting_agency=mla.requesting_agency_id,
            requested_agency=mla.requested_agency_id,
            instruments=[i.pk for i in mla.instruments.all()],
            provisions=[p.pk for p in mla.provisions.all()],
            articles=[a.pk for a in mla.articles.all()],
            confirmed_elements=[e.pk for e in mla.confirmed_elements.all()],
            version=mla.version,
        )
        actions = [
            {
                "kind": a.kind,
                "details": a.details,
                "places": a.places,
                "questions": a.questions,
                "persons": [link.participant_id for link in a.links.all()],
                "disclosed": [
                    link.participant_id for link in a.links.all() if link.disclose_identity
                ],
            }
            for a in mla.actions.all()
        ]
        return initial, actions

    def check_editable(self):
        if not DRAFTER.allows(self.request.user, self.mla):
            raise PermissionDenied
        if not self.mla.is_editable:
            messages.error(
                self.request, _("Only a draft or a request returned for revision can be edited.")
            )
            return redirect(self.detail_url())
        return None

    def get(self, request, pk):
        refused = self.check_editable()
        if refused:
            return refused
        initial, actions = self.initial()
        form, formset = self.forms(self.mla.case, initial=initial, actions_initial=actions)
        return self.render_forms(
            self.mla.case, form, formset, mla=self.mla, checklist=services.completeness(self.mla)
        )

    def post(self, request, pk):
        refused = self.check_editable()
        if refused:
            return refused
        form, formset = self.forms(self.mla.case, data=request.POST)
        if form.is_valid() and formset.is_valid():
            relations = form.relations(formset)
            try:
                services.mla_request_update(
                    request=self.mla,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version") or 0,
                    fields=form.draft_fields(),
                    relations=relations,
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.detail_url())
        return self.render_forms(self.mla.case, form, formset, mla=self.mla)


class ChecklistView(LoginRequiredMixin, _DraftFormMixin, View):
    """The live checklist of the drafting form (htmx): what the typed draft still lacks."""

    def post(self, request):
        case_id = request.POST.get("case", "")
        if not case_id.isdigit():
            raise Http404
        case = get_object_or_404(Case.objects.visible_to(request.user, "change"), pk=case_id)
        form, formset = self.forms(case, data=request.POST)
        form.is_valid()
        formset.is_valid()
        checklist = evaluate(draft_from_forms(case, form, formset))
        return render(request, "requests_mla/partials/checklist.html", {"checklist": checklist})


class RequestDetailView(RequestAccessMixin, TemplateView):
    template_name = "requests_mla/request_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mla, user = self.mla, self.request.user
        allowed = MLA_WORKFLOW.allowed(user, mla)
        steps = step_forms(MLA_WORKFLOW, user, mla, allowed)
        context.update(
            mla=mla,
            direction=mla.direction_for(user),
            checklist=services.completeness(mla),
            actions=action_views(mla, user=user, where="requests_mla:detail"),
            history=mla.history.select_related("actor__agency"),
            documents=Document.objects.for_subject(mla).select_related("created_by"),
            files=mla.files.select_related("uploaded_by"),
            allowed=allowed,
            steps=steps,
            next_steps=next_steps(user, mla, allowed),
            previews=[]
            if mla.status in services.PREVIEW_CLOSED
            else ["mla_request", "covering_letter"],
            can_edit=mla.is_editable and "submit" in allowed,
            can_upload=(mla.is_editable and "submit" in allowed) or "execute" in allowed,
            # What the state of the request calls to the reader's attention.
            shows={
                "remarks": mla.status == RequestStatus.RETURNED,
                "supplement_request": mla.status == RequestStatus.SUPPLEMENT_REQUESTED,
                "refusal": mla.status == RequestStatus.REFUSED,
            },
            file_form=RequestFileForm(),
            deadlines=panel_deadlines(user, mla, open_only=False),
        )
        return context


class TransitionView(RequestAccessMixin, View):
    """POST only: one workflow step through MLA_WORKFLOW; the result is a message and a redirect."""

    def post(self, request, pk, step):
        page = confirmation_page(request, MLA_WORKFLOW, self.mla, step, back=self.detail_url())
        if page is not None:
            return page

        def take_step():
            try:
                MLA_WORKFLOW.perform(self.mla, step, request.user, step_data(request))
            except IncompleteRequest as exc:
                # The page names what is missing; the API lists it in "errors".
                missing = "; ".join(f"{i['label']} ({i['citation']})" for i in exc.details)
                raise IncompleteRequest(f"{exc.message} {missing}") from exc

        run_step(
            request,
            take_step,
            labels=MLA_WORKFLOW.field_labels(step),
            success=_("Done: %(step)s.") % {"step": STEP_LABELS[step]},
        )
        return redirect(self.detail_url())


class DocumentView(RequestAccessMixin, View):
    """The request's PDF: the frozen version once sent, a live preview before."""

    def get(self, request, pk, kind):
        if kind not in DOCUMENT_KINDS:
            raise Http404
        return serve_document(
            subject=self.mla,
            kind=kind,
            actor=request.user,
            reference=self.mla.reference,
            preview=services.mla_document_preview(request=self.mla, kind=kind, actor=request.user),
            scope=self.mla.case,
            download=bool(request.GET.get("download")),
        )


class FileUploadView(RequestAccessMixin, View):
    def post(self, request, pk):
        form = RequestFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.request_file_upload(
                    request=self.mla,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("File stored."))
        else:
            messages.error(request, form_errors_text(form))
        return redirect(self.detail_url())


class FileDownloadView(RequestAccessMixin, View):
    def get(self, request, pk, file_pk):
        record = get_object_or_404(RequestFile, pk=file_pk, request=self.mla)
        return record.serve(actor=request.user, scope=self.mla.case)
