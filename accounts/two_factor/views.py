"""The officer's two-factor pages: overview, set-up, the second sign-in step, codes, turning off."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from accounts.lockout import LOCKED_OUT_STATUS
from accounts.models import RecoveryCodeDevice
from accounts.two_factor import services
from accounts.two_factor.forms import CodeForm, DisableForm, EnrollForm
from core.forms import add_validation_error

CODES_TEMPLATE = "accounts/two_factor_codes.html"


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _show_codes(request, codes: list[str], *, first_time: bool):
    # Rendered in the answer to the POST (never_cache: no-store), never kept in the session:
    # shown once.
    context = {"codes": codes, "first_time": first_time, "next": _safe_next(request)}
    return render(request, CODES_TEMPLATE, context)


def _refused(view, form, exc: ValidationError):
    """The form again with the service's error; 429 while the sign-in lockout holds."""
    add_validation_error(form, exc)
    response = view.form_invalid(form)
    if isinstance(exc, services.LockedOut):
        response.status_code = LOCKED_OUT_STATUS
    return response


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(LoginRequiredMixin, TemplateView):
    """Whether the officer's second factor is on, and what they can do about it."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs.setdefault("regenerate_form", CodeForm())
        return super().get_context_data(
            enabled=services.two_factor_enabled(user),
            required=services.two_factor_required(user),
            codes_left=services.recovery_codes_left(user),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Scan the QR code (or type the secret), confirm with a code, receive recovery codes."""

    template_name = "accounts/two_factor_setup.html"
    form_class = EnrollForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and services.two_factor_enabled(request.user):
            messages.info(request, _("Two-factor authentication is already on."))
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = services.two_factor_setup_device(user=self.request.user)
        return super().get_context_data(
            qr_uri=services.totp_qr_data_uri(device),
            secret=services.totp_secret_text(device),
            required=services.two_factor_required(self.request.user),
            next=self.request.GET.get("next", ""),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        device = services.two_factor_setup_device(user=user)
        try:
            codes = services.two_factor_enable(
                user=user, device=device, code=form.cleaned_data["code"], request=self.request
            )
        except ValidationError as exc:
            return _refused(self, form, exc)
        # The code just proved the second factor: this session is verified from now on.
        django_otp.login(self.request, device)
        return _show_codes(self.request, codes, first_time=True)


@method_decorator(never_cache, name="dispatch")
class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """The second step of signing in: a code from the app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (user.is_verified() or not services.two_factor_enabled(user)):
            return redirect(_safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request), **kwargs)

    def form_valid(self, form):
        try:
            device = services.two_factor_check(
                user=self.request.user, code=form.cleaned_data["code"], request=self.request
            )
        except ValidationError as exc:
            return _refused(self, form, exc)
        if device is None:
            form.add_error("code", _("The code is not valid."))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        if isinstance(device, RecoveryCodeDevice):
            left = services.recovery_codes_left(self.request.user)
            messages.warning(
                self.request,
                _(
                    "You signed in with a recovery code; %(left)s left. "
                    "Make new ones on the two-factor page if you are running out."
                )
                % {"left": left},
            )
        return redirect(_safe_next(self.request))


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesRegenerateView(LoginRequiredMixin, FormView):
    """New recovery codes (POST only): the old ones stop working."""

    http_method_names = ["post"]
    form_class = CodeForm
    template_name = "accounts/two_factor.html"

    def post(self, request, *args, **kwargs):
        if not services.two_factor_enabled(request.user):
            return redirect("accounts:two_factor")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            codes = services.recovery_codes_regenerate(
                user=self.request.user, code=form.cleaned_data["code"], request=self.request
            )
        except ValidationError as exc:
            return _refused(self, form, exc)
        return _show_codes(self.request, codes, first_time=False)

    def form_invalid(self, form):
        view = TwoFactorView(request=self.request)
        context = view.get_context_data(regenerate_form=form)
        return render(self.request, TwoFactorView.template_name, context, status=200)


@method_decorator(never_cache, name="dispatch")
class TwoFactorDisableView(LoginRequiredMixin, FormView):
    """Turn two-factor authentication off: password and a code; not for a role that needs it."""

    template_name = "accounts/two_factor_disable.html"
    form_class = DisableForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.two_factor_enabled(request.user):
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            required=services.two_factor_required(self.request.user), **kwargs
        )

    def form_valid(self, form):
        try:
            services.two_factor_disable(
                user=self.request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
                request=self.request,
            )
        except ValidationError as exc:
            return _refused(self, form, exc)
        messages.success(self.request, _("Two-factor authentication is off."))
        return redirect("accounts:two_factor")
