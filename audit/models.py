"""The append-only audit trail of the portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    TRANSITION = "transition", _("status changed")
    VIEW_PROTECTED = "view_protected", _("viewed protected data")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    DOWNLOAD = "download", _("downloaded")
    GRANT = "grant", _("access granted")
    REVOKE = "revoke", _("access revoked")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("sign-in failed")
    LOCKOUT = "lockout", _("locked out")
    LOGOUT = "logout", _("signed out")
    TOKEN = "token", _("API token issued")
    TOKEN_REVOKE = "token_revoke", _("API token revoked")
    TWO_FACTOR = "two_factor", _("two-factor authentication changed")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet):
    # SECURITY: the trail is evidence. Bulk changes are refused here and, on PostgreSQL, by a
    # trigger (migration 0002) that also stops raw SQL.
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_object(self, obj) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def history_of(self, obj) -> AuditEventQuerySet:
        """Events of the record and of everything scoped under it, newest first."""
        label, pk = obj._meta.label_lower, str(obj.pk)
        return self.filter(
            models.Q(object_type=label, object_id=pk) | models.Q(scope_type=label, scope_id=pk)
        )


class AuditEvent(models.Model):
    """Who did what to which record, when, from where — with the values before and after."""

    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too: the row must stay readable if a name or an agency changes later.
    actor_username = models.CharField(_("actor's username"), max_length=150, blank=True)
    actor_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("actor's agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    # The record this event belongs to (a participant's or a file's case): the case's history
    # tab lists the events of everything under it.
    scope_type = models.CharField(_("scope type"), max_length=100, blank=True)
    scope_id = models.CharField(_("scope id"), max_length=64, blank=True)
    # Changes that include protected victim data: shown only to those who may see it.
    is_protected = models.BooleanField(_("contains protected data"), default=False)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("{field: [before, after]}")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The audit page: the whole trail, newest first, a page at a time.
            models.Index(fields=["-occurred_at", "-id"], name="audit_event_list_idx"),
            # The history tab of a record: events of one object, newest first.
            models.Index(
                fields=["object_type", "object_id", "-occurred_at"],
                name="audit_event_object_idx",
            ),
            # The audit page filtered by actor over a period.
            models.Index(fields=["actor", "-occurred_at"], name="audit_event_actor_idx"),
            # The history tab of a case: events of the case and of what hangs off it.
            models.Index(
                fields=["scope_type", "scope_id", "-occurred_at"], name="audit_event_scope_idx"
            ),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
