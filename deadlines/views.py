"""Deadline pages: my clocks, their changes, notifications, the bell and the calendar feed.

Every read starts from ``Deadline.objects.visible_to(user)`` (an invisible clock answers 404)
or, for notifications, from the user's own rows. Changes go through deadlines.services.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import ListView, TemplateView

from core.exceptions import DomainError
from core.forms import style_form
from core.pagination import CappedPaginationMixin
from deadlines import ical, services, subjects
from deadlines.filters import DeadlineFilter
from deadlines.forms import ExtendForm, FeedForm, ReasonForm
from deadlines.models import OPEN_STATES, CalendarFeed, Deadline, Notification
from deadlines.panel import with_can_manage, with_countdowns


# --- Shared by the page and the panel --------------------------------------------------------
def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # SECURITY: only a path of this site, never an open redirect.
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
        for name, errors in form.errors.items()
        for error in errors
    )


# --- My deadlines -------------------------------------------------------------------------------
class MyDeadlinesView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    """Every open clock the user sees, by time left."""

    template_name = "deadlines/deadline_list.html"
    context_object_name = "deadlines"
    paginate_by = 25  # as the other workflow lists

    def get_queryset(self):
        user = self.request.user
        visible = Deadline.objects.visible_to(user).open()
        self.filterset = DeadlineFilter(
            self.request.GET or None,
            # The rule: its name is the citation's tooltip on every row.
            queryset=with_can_manage(visible.select_related("rule"), user),
            request=self.request,
        )
        form = style_form(self.filterset.form)
        # The page lists open clocks only (the field adds the empty choice itself).
        form.fields["state"].choices = [(s.value, s.label) for s in OPEN_STATES]
        # The kinds of records that carry clocks (the API takes the same label).
        form.fields["subject_type"].widget = forms.Select(
            choices=[("", _("all")), *subjects.subject_choices()],
            attrs={"class": "form-select"},
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Deadline.objects.none()
        return self.filterset.qs.order_by("due_at", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_countdowns(context["deadlines"])
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter=self.filterset, query=query.urlencode())
        return context


# --- Pause, resume, extend (POST only) ----------------------------------------------------------
class DeadlineAccessMixin(LoginRequiredMixin):
    """Load ``self.deadline`` through the visibility rule: 404 if invisible.

    Whether the user may change it is the service's question (403 from PermissionDenied).
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.deadline = get_object_or_404(
            Deadline.objects.visible_to(request.user).select_related("case"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)


class _DeadlineChangeView(DeadlineAccessMixin, View):
    """A POST that validates ``form_class`` and hands the data to the subclass's ``perform``
    (which calls the service and returns the success message)."""

    form_class = ReasonForm

    def post(self, request, pk):
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
        else:
            try:
                done = self.perform(form.cleaned_data)
            except PermissionDenied:
                raise
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, done)
        return redirect(_safe_next(request, reverse("deadlines:mine")))


class PauseView(_DeadlineChangeView):
    def perform(self, data):
        services.deadline_pause(
            deadline=self.deadline, actor=self.request.user, reason=data["reason"]
        )
        return _("Clock paused: %(deadline)s") % {"deadline": self.deadline}


class ResumeView(_DeadlineChangeView):
    def perform(self, data):
        services.deadline_resume(
            deadline=self.deadline, actor=self.request.user, reason=data["reason"]
        )
        return _("Clock resumed: %(deadline)s") % {"deadline": self.deadline}


class ExtendView(_DeadlineChangeView):
    form_class = ExtendForm

    def perform(self, data):
        deadline = services.deadline_extend(
            deadline=self.deadline,
            actor=self.request.user,
            new_due_at=data["new_due_at"],
            reason=data["reason"],
        )
        return _("Extended until %(due)s: %(deadline)s") % {
            "due": timezone.localtime(deadline.due_at).strftime("%d.%m.%Y %H:%M"),
            "deadline": deadline,
        }


# --- Notifications and the bell -----------------------------------------------------------------
class NotificationListView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    """The user's own notifications, newest first."""

    template_name = "deadlines/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        # SECURITY: only the user's own notifications, ever.
        return Notification.objects.filter(recipient=self.request.user).order_by(
            "-created_at", "-id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_count"] = self.get_queryset().filter(read_at__isnull=True).count()
        return context


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        # SECURITY: another user's notification is 404, as if it did not exist.
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now, updated_at=now
        )
        return redirect(_safe_next(request, reverse("deadlines:notifications")))

    def get(self, request, pk):
        # Not found before not allowed: a GET must not confirm another user's notification.
        get_object_or_404(Notification, pk=pk, recipient=request.user)
        return self.http_method_not_allowed(request, pk)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        now = timezone.now()
        count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=now, updated_at=now
        )
        if count:
            messages.success(request, _("Notifications marked as read: %(n)s") % {"n": count})
        return redirect(_safe_next(request, reverse("deadlines:notifications")))


@method_decorator(never_cache, name="dispatch")
class BellView(LoginRequiredMixin, View):
    """The bell alone (htmx polls it): one COUNT query."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated and request.headers.get("HX-Request"):
            # A signed-out tab keeps its bell instead of swapping the login page into it.
            return HttpResponse(status=204)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
        return render(request, "includes/bell.html", {"unread_count": unread})


# --- The calendar feed --------------------------------------------------------------------------
class FeedSettingsView(LoginRequiredMixin, TemplateView):
    """The user's personal calendar address: shown, issued, replaced."""

    template_name = "deadlines/feed_settings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        context.update(feed=feed, feed_url=feed_url(feed) if feed else "")
        return context

    def post(self, request):
        form = FeedForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose create or revoke."))
        elif form.cleaned_data["action"] == "create":
            ical.calendar_feed_create(user=request.user)
            messages.success(request, _("Your calendar address is ready."))
        elif ical.calendar_feed_rotate(user=request.user) is None:
            messages.error(request, _("You have no calendar address yet."))
        else:
            messages.success(
                request, _("A new calendar address was issued; the previous one no longer works.")
            )
        return redirect("deadlines:feed_settings")


def feed_url(feed: CalendarFeed) -> str:
    return ical.absolute_url(reverse("deadlines:ical", kwargs={"token": feed.token}))


@require_safe
@never_cache
def ical_feed(request, token: str):
    """The public feed: no sign-in (calendar programs cannot), the token is the credential."""
    feed = (
        CalendarFeed.objects.select_related("user__agency")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    deadlines = Deadline.objects.visible_to(feed.user).open().order_by("due_at", "id")
    with translation.override(settings.LANGUAGE_CODE):
        body = ical.render_calendar(deadlines, name=_("Deadlines"))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    # The address is a secret: it must not travel on as a referrer or be indexed.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
