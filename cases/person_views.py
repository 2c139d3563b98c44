"""Pages of the same person across cases: the person's panel, the cross-border check, the
requests for access, and the possible matches offered while a person is being added.

Every view starts from the case's visibility rule (``CaseAccessMixin``) or the request's own
(``AccessRequest.objects.visible_to``); the reads and their SECURITY are in ``cases.persons``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.models import Agency
from cases import services
from cases.models import AccessRequest, AccessRequestStatus, Case, Participant, PersonCheck
from cases.persons import person_search, same_person_elsewhere
from cases.presenters import present_participants
from cases.throttles import check_wait
from cases.views import CaseAccessMixin
from core.exceptions import DomainError
from core.forms import StyledFormMixin


class CheckForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason for the check"),
        max_length=500,
        help_text=gettext_lazy("Recorded with the check; the other agency sees it if you ask."),
    )


class AskForm(StyledFormMixin, forms.Form):
    agency = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("why you need access"), max_length=1000)


class AnswerForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("share", "share"), ("decline", "decline")])
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=1000, required=False)


def _messages_from(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.error(request, exc.message)


class _PersonMixin(CaseAccessMixin):
    def participant(self) -> Participant:
        return get_object_or_404(
            Participant.objects.select_related("person", "case").prefetch_related(
                "person__documents"
            ),
            pk=self.kwargs["participant_pk"],
            case=self.case,
        )

    def person_url(self) -> str:
        kwargs = {"pk": self.case.pk, "participant_pk": self.kwargs["participant_pk"]}
        return reverse("cases:person", kwargs=kwargs)


class PersonDetailView(_PersonMixin, TemplateView):
    """A person of a case: the same person in other cases the reader sees, and the check."""

    template_name = "cases/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participant = self.participant()
        user = self.request.user
        view = present_participants(
            [participant],
            user=user,
            can_view_protected=self.case.can_view_protected,
            where="cases:person",
        )[0]
        context.update(case=self.case, person=view)
        if view.hidden:
            return context
        elsewhere = same_person_elsewhere(user, participant)
        victims = [p for f in elsewhere for p in f.participations if p.is_protected]
        if victims:
            services.protected_view_record(actor=user, participants=victims, where="cases:person")
        last = (
            PersonCheck.objects.filter(checked_by=user, participant=participant)
            .order_by("-created_at", "-id")
            .first()
        )
        asked = {
            r.target_agency_id: r
            for r in AccessRequest.objects.filter(requested_by=user, participant=participant)
            .select_related("target_case")
            .order_by("created_at", "id")
        }
        told = last.hits if last else []
        hits = [{**hit, "request": asked.get(hit["agency_id"])} for hit in told]
        context.update(
            elsewhere=elsewhere,
            may_check=self.case.can_change,
            check_form=CheckForm(),
            last_check=last,
            hits=hits,
            ask_form=AskForm(),
            check_wait=check_wait(user) if self.case.can_change else None,
        )
        return context


class PersonCheckView(_PersonMixin, View):
    """POST: run the cross-border check (the same rate limit as the API's)."""

    case_action = "change"

    def post(self, request, *args, **kwargs):
        participant = self.participant()
        form = CheckForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why you check this person."))
            return redirect(self.person_url())
        try:
            check = services.person_check(
                participant=participant, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, DomainError) as exc:
            _messages_from(request, exc)
        else:
            if check.hits:
                messages.info(request, _("Probable matches exist in cases you cannot see."))
            else:
                messages.success(request, _("No probable match in cases you cannot see."))
        return redirect(self.person_url() + "#check")


class AccessAskView(_PersonMixin, View):
    """POST: ask the agency a check named to share its case."""

    case_action = "change"

    def post(self, request, *args, **kwargs):
        participant = self.participant()
        form = AskForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why you need access."))
            return redirect(self.person_url() + "#check")
        agency = Agency.objects.filter(pk=form.cleaned_data["agency"]).first()
        if agency is None:
            raise PermissionDenied
        try:
            services.access_request_create(
                participant=participant,
                actor=request.user,
                agency=agency,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, DomainError) as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("Your request was sent to the agency's coordinators."))
        return redirect(self.person_url() + "#check")


class AccessRequestListView(LoginRequiredMixin, TemplateView):
    """Requests for access: those to the reader's agency (coordinators) and the reader's own."""

    template_name = "cases/access_requests.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = list(
            AccessRequest.objects.visible_to(user)
            .select_related(
                "case",
                "requested_by",
                "requested_by__agency",
                "target_agency",
                "target_case",
                "target_participant",
                "target_participant__person",
            )
            .order_by("-created_at", "-id")[:200]
        )
        visible = set(
            Case.objects.visible_to(user)
            .filter(pk__in={r.target_case_id for r in rows})
            .values_list("pk", flat=True)
        )
        may_share = set(
            Case.objects.visible_to(user, "share")
            .filter(pk__in={r.target_case_id for r in rows})
            .values_list("pk", flat=True)
        )
        for row in rows:
            # SECURITY: the case and its person are named only to those who may see the case.
            row.shown_case = row.target_case if row.target_case_id in visible else None
            row.may_answer = row.target_case_id in may_share and row.status == "pending"
        incoming = [r for r in rows if r.target_case_id in may_share]
        outgoing = [r for r in rows if r.requested_by_id == user.pk]
        return {
            **super().get_context_data(**kwargs),
            "incoming": incoming,
            "outgoing": outgoing,
            "pending": AccessRequestStatus.PENDING,
        }


class AccessAnswerView(LoginRequiredMixin, View):
    """POST: a coordinator of the owning agency shares the case, or declines with a reason."""

    def post(self, request, pk):
        access_request = get_object_or_404(AccessRequest.objects.visible_to(request.user), pk=pk)
        form = AnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to share or to decline."))
            return redirect("cases:access_requests")
        share = form.cleaned_data["decision"] == "share"
        try:
            services.access_request_answer(
                access_request=access_request,
                actor=request.user,
                share=share,
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            raise
        except (ValidationError, DomainError) as exc:
            _messages_from(request, exc)
        else:
            messages.success(
                request, _("The case was shared.") if share else _("The request was declined.")
            )
        return redirect("cases:access_requests")


class PersonMatchesView(CaseAccessMixin, TemplateView):
    """htmx: the persons the reader sees who may be the one being typed into the form."""

    case_action = "change"
    template_name = "cases/partials/person_matches.html"
    FIELDS = ("surname", "given_name", "patronymic", "birth_date")

    def get_context_data(self, **kwargs):
        query = {name: (self.request.GET.get(name) or "").strip()[:100] for name in self.FIELDS}
        latin = {
            "surname": (self.request.GET.get("surname_latin") or "").strip()[:100],
            "given_name": (self.request.GET.get("given_name_latin") or "").strip()[:100],
        }
        found = []
        user = self.request.user
        for typed in (query, latin):
            if len(typed["surname"]) + len(typed.get("given_name", "")) < 3:
                continue
            typed = {k: v for k, v in typed.items() if v}
            if "birth_date" in typed:
                try:
                    import datetime

                    typed["birth_date"] = datetime.date.fromisoformat(typed["birth_date"])
                except ValueError:
                    typed.pop("birth_date")
            for f in person_search(user, typed, limit=5):
                if all(f.person.pk != g.person.pk for g in found):
                    found.append(f)
        found.sort(key=lambda f: -f.score)
        found = found[:5]
        victims = [p for f in found for p in f.participations if p.is_protected]
        if victims:
            services.protected_view_record(
                actor=user, participants=victims, where="cases:person_matches"
            )
        return {"case": self.case, "found": found}
