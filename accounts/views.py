"""Signing in, and the signed-in officer's own preferences and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from knox.models import AuthToken

from accounts.forms import LoginForm, PreferencesForm
from accounts.lockout import LOCKED_OUT_STATUS
from accounts.models import User
from accounts.services import (
    auth_token_label,
    auth_token_revoke,
    auth_tokens_revoke_all,
    user_preferences_update,
)


class LoginView(auth_views.LoginView):
    """Django's sign-in page; a sign-in refused by the lockout answers 429 with its message."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked_out:
            response.status_code = LOCKED_OUT_STATUS
        return response


class PreferencesView(LoginRequiredMixin, FormView):
    template_name = "accounts/preferences.html"
    form_class = PreferencesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A copy: an invalid form must not leave half-applied values on request.user.
        kwargs["instance"] = User.objects.get(pk=self.request.user.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        tokens = AuthToken.objects.filter(user=self.request.user, expiry__gt=timezone.now())
        return super().get_context_data(
            api_tokens=[
                {"label": auth_token_label(t), "digest": t.digest, "token": t}
                for t in tokens.order_by("-created")
            ],
            **kwargs,
        )

    def form_valid(self, form):
        user_preferences_update(user=self.request.user, instance=form.instance)
        messages.success(self.request, _("Preferences saved."))
        return redirect("accounts:preferences")


class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of one's own API tokens (POST, from the preferences page)."""

    http_method_names = ["post"]

    def post(self, request):
        # SECURITY: only among the user's own tokens; another's, or one that has expired in the
        # meantime, is "no longer valid" alike.
        token = AuthToken.objects.filter(
            user=request.user, digest=request.POST.get("digest", ""), expiry__gt=timezone.now()
        ).first()
        if token is None:
            messages.error(request, _("This API token is no longer valid."))
        else:
            auth_token_revoke(user=request.user, token=token)
            messages.success(
                request, _("API token %(token)s revoked.") % {"token": auth_token_label(token)}
            )
        return redirect("accounts:preferences")


class TokenRevokeAllView(LoginRequiredMixin, View):
    """Revoke every API token of one's own (POST, from the preferences page)."""

    http_method_names = ["post"]

    def post(self, request):
        count = auth_tokens_revoke_all(user=request.user)
        messages.success(request, _("API tokens revoked: %(count)d.") % {"count": count})
        return redirect("accounts:preferences")
