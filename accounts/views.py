"""The signed-in officer's own preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.forms import PreferencesForm
from accounts.models import User
from accounts.services import user_preferences_update


class PreferencesView(LoginRequiredMixin, FormView):
    template_name = "accounts/preferences.html"
    form_class = PreferencesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A copy: an invalid form must not leave half-applied values on request.user.
        kwargs["instance"] = User.objects.get(pk=self.request.user.pk)
        return kwargs

    def form_valid(self, form):
        user_preferences_update(user=self.request.user, instance=form.instance)
        messages.success(self.request, _("Preferences saved."))
        return redirect("accounts:preferences")
