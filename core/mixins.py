"""View mixins that make the portal's permission rules impossible to forget."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """Signed-in users only; then 403 unless the user's ``required_check`` property is true."""

    required_check = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_check and not getattr(request.user, self.required_check, False):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
