"""Information exchange pages. Every read starts from Message.objects.visible_to (else 404)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from cases.models import Case
from core.forms import add_validation_error, form_errors_text, style_form
from core.pages import run_step
from core.pagination import CappedPaginationMixin
from deadlines.panel import panel_deadlines
from exchange import pickers, services
from exchange.filters import MessageFilter
from exchange.forms import AcknowledgeForm, DraftRequestForm, MessageForm, ReplyForm
from exchange.models import Message, MessageAttachment, MessageRead
from requests_mla.models import MLARequest


def unread_exists(user):
    """Per row of a list of threads: has the thread a message of others this user never opened."""
    return Exists(
        Message.objects.filter(Q(pk=OuterRef("pk")) | Q(thread=OuterRef("pk")))
        .exclude(sender=user.pk)
        .exclude(Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=user.pk)))
    )


class MessageListView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    template_name = "exchange/message_list.html"
    context_object_name = "threads"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        queryset = (
            Message.objects.visible_to(user)
            .filter(thread__isnull=True)
            .select_related("sender", "sender_agency", "recipient_agency", "handling_code")
            .annotate(
                answers=Subquery(
                    Message.objects.filter(thread=OuterRef("pk"))
                    .order_by()
                    .values("thread")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                unread=unread_exists(user),
            )
            .order_by("-created_at", "-id")
        )
        self.filterset = MessageFilter(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        style_form(self.filterset.form)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Message.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            may_send=services.is_officer(self.request.user),
        )
        return context


class MessageCreateView(LoginRequiredMixin, FormView):
    template_name = "exchange/message_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.is_officer(request.user):
            raise PermissionDenied(_("Only officers with a case role exchange information."))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return MessageForm(**self.get_form_kwargs(), user=self.request.user)

    def get_initial(self):
        # ?case=<id> (the case page's link) preselects one of the sender's cases; one the
        # sender cannot see is simply not shown (the pick list reads through visible_to).
        initial = {"category": "operational"}
        case = self.request.GET.get("case", "")
        if case.isdigit():
            initial["cases"] = [case]
        agency = self.request.GET.get("recipient_agency", "")
        if agency.isdigit():
            initial["recipient_agency"] = agency
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        uploads = data.pop("attachments")
        done = run_step(
            self.request,
            lambda: setattr(
                self,
                "sent",
                services.message_send(actor=self.request.user, uploads=uploads, **data),
            ),
            form=form,
            success=_("Message sent."),
        )
        if not done:
            return self.form_invalid(form)
        return redirect("exchange:detail", pk=self.sent.pk)


class PickOptionsView(LoginRequiredMixin, View):
    """The lists of one pick list of the new-message form for what was typed (htmx): the
    choices kept checked, then a capped offer. Officers only, as the form itself."""

    field = ""  # the form's field
    param = ""  # the search box's name in the address
    keyword = ""  # the form's keyword argument for what was typed

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.is_officer(request.user):
            raise PermissionDenied(_("Only officers with a case role exchange information."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        params = request.GET
        form = MessageForm(
            user=request.user,
            initial={
                "recipient_agency": params.get("recipient_agency", ""),
                self.field: params.getlist(self.field),
            },
            **{self.keyword: params.get(self.param, "")},
        )
        self.narrow(form)
        bound = form[self.field]
        # Ids of their own: where an id of the answer matches one on the page, htmx copies the
        # old element's attributes over ("settling") — a style attribute included, which the
        # Content-Security-Policy refuses.
        ids = f"{bound.auto_id}_{secrets.token_hex(3)}"
        html = bound.field.widget.render_options(
            bound.html_name, bound.value(), {"id": ids}, form.renderer
        )
        return HttpResponse(html)

    def narrow(self, form) -> None:
        pass


class OfficerOptionsView(PickOptionsView):
    field, param, keyword = "recipients", "officer_q", "officer_query"

    def narrow(self, form) -> None:
        # Another agency chosen: the officers named for the previous one are dropped.
        agency = form.agency_id()
        widget = form.fields["recipients"].widget
        user = self.request.user
        widget.chosen = lambda values: (
            pickers.officers_chosen(user, values, agency) if agency else []
        )


class CaseOptionsView(PickOptionsView):
    field, param, keyword = "cases", "case_q", "case_query"


class MessageAccessMixin(LoginRequiredMixin):
    """The thread, through the visibility rule: invisible (or an answer's id) answers 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.message = get_object_or_404(
            Message.objects.visible_to(request.user)
            .filter(thread__isnull=True)
            .select_related(
                "sender__agency",
                "sender_agency",
                "recipient_agency",
                "handling_code",
                "acknowledged_by",
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def render_thread(self, request, *, reply_form=None, draft_form=None, status=200):
        user, root = request.user, self.message
        thread = list(thread_messages(root, user))
        for item in thread:
            # Read receipts are the sending side's to see.
            item.show_receipts = user.is_superuser or item.sender_agency_id == user.agency_id
        drafts = MLARequest.objects.visible_to(user).filter(pk__in=root.mla_requests.values("pk"))
        context = {
            "message": root,
            "thread": thread,
            # The sender's cases this reader may open (the others are named by reference only).
            "cases": Case.objects.visible_to(user).filter(pk__in=root.cases.values("pk")),
            "other_cases": root.cases.count(),
            "may_acknowledge": services.may_acknowledge(user, root),
            "may_reply": services.is_officer(user),
            "reply_form": reply_form or ReplyForm(),
            "ack_form": AcknowledgeForm(),
            "draft_form": draft_form or DraftRequestForm(user=user),
            "drafts": drafts.select_related("case"),
            "deadlines": panel_deadlines(user, root, open_only=False),
        }
        return render(request, "exchange/message_detail.html", context, status=status)


def thread_messages(root: Message, user):
    """The thread's messages the user sees, each with its files and read receipts."""
    return (
        Message.objects.visible_to(user)
        .filter(Q(pk=root.pk) | Q(thread=root.pk))
        .select_related("sender__agency", "handling_code")
        .prefetch_related(
            "attachments",
            Prefetch("reads", queryset=MessageRead.objects.select_related("user__agency")),
            "recipients__agency",
        )
        .order_by("created_at", "id")
    )


class MessageDetailView(MessageAccessMixin, View):
    def get(self, request, pk):
        services.message_open(message=self.message, actor=request.user)
        return self.render_thread(request)


class ReplyView(MessageAccessMixin, View):
    def post(self, request, pk):
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            done = run_step(
                request,
                lambda: services.message_reply(
                    message=self.message,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    uploads=form.cleaned_data["attachments"],
                ),
                form=form,
                success=_("Answer sent."),
            )
            if done:
                return redirect("exchange:detail", pk=pk)
        return self.render_thread(request, reply_form=form, status=400)


class AcknowledgeView(MessageAccessMixin, View):
    def post(self, request, pk):
        form = AcknowledgeForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
        else:
            run_step(
                request,
                lambda: services.message_acknowledge(
                    message=self.message, actor=request.user, note=form.cleaned_data["note"]
                ),
                success=_("Receipt acknowledged."),
            )
        return redirect("exchange:detail", pk=pk)


class DraftRequestView(MessageAccessMixin, View):
    """One click: a draft request for legal assistance carrying the message's facts."""

    def post(self, request, pk):
        form = DraftRequestForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                draft = services.message_mla_draft(
                    message=self.message, actor=request.user, case=form.cleaned_data["case"]
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Draft request %(reference)s created from the message.")
                    % {"reference": draft.reference},
                )
                return redirect(reverse("requests_mla:edit", args=[draft.pk]))
        return self.render_thread(request, draft_form=form, status=400)


class AttachmentDownloadView(MessageAccessMixin, View):
    def get(self, request, pk, file_pk):
        record = get_object_or_404(
            MessageAttachment.objects.select_related("message__handling_code"),
            pk=file_pk,
            message__in=Message.objects.visible_to(request.user).filter(Q(pk=pk) | Q(thread=pk)),
        )
        return record.serve(actor=request.user, scope=self.message)


class UnreadBadgeView(LoginRequiredMixin, View):
    """The header's unread badge (one count query), polled by htmx."""

    def get(self, request):
        count = Message.objects.unread_by(request.user).count()
        return render(request, "exchange/partials/unread.html", {"exchange_unread": count})
