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
    """Who did what to which record, when, from where — with the values before and after.

    The events form a hash chain (``audit/chain.py``; ``manage.py verify_audit`` checks it).
    In id order, ``seq`` runs 1, 2, 3… without gaps; ``prev_hash`` is the ``hash`` of the event
    before (64 zeros for the first); ``hash`` is the SHA-256, as lower-case hex, of this UTF-8
    JSON object — keys sorted, no whitespace (separators "," and ":"), non-ASCII characters
    written as themselves, not escaped:

    - ``seq`` (number), ``prev_hash`` (text);
    - ``occurred_at``: UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six decimals);
    - ``actor_id``, ``actor_agency_id``: the ids as text, or null;
    - ``actor_username``, ``object_type``, ``object_id``, ``object_repr``, ``scope_type``,
      ``scope_id``, ``action``, ``note``, ``request_id``: text as stored ("" when empty);
    - ``is_protected``: true or false;
    - ``changes``: the stored JSON object, with whole numbers written as integers (2, not 2.0);
    - ``ip``: text, IPv6 in RFC 5952's form (compressed, lower case), or null.

    The row's own id is not hashed (the database hands it out on insert); seq names the event
    within the chain.
    """

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
    # The hash chain (see the docstring); set by audit.services when the event is appended.
    seq = models.BigIntegerField(_("sequence number"), editable=False)
    prev_hash = models.CharField(_("previous event's hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            # One event per place in the chain: a forked chain is refused, not stored. Its
            # index also finds the event an incremental check continues from.
            models.UniqueConstraint(fields=["seq"], name="%(app_label)s_%(class)s_seq_unique"),
        ]
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


class ChainProblem(models.TextChoices):
    CONTENT = "content", _("content changed")
    LINK = "link", _("link broken")
    GAP = "gap", _("events deleted")
    ORDER = "order", _("out of sequence")
    MISSING = "missing", _("latest events missing")


class AuditChainCheck(models.Model):
    """One verification of the audit trail's hash chain, by ``verify_audit`` or nightly.

    Not an audit event itself: appending to the chain it checks would change what it checked,
    and a check of a broken chain would extend the broken chain. The latest intact check also
    anchors the next: the event it ended at must still be there (``audit.chain.walk``)."""

    class Source(models.TextChoices):
        COMMAND = "command", _("manage.py verify_audit")
        NIGHTLY = "nightly", _("nightly check")

    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    source = models.CharField(_("run by"), max_length=20, choices=Source.choices)
    ok = models.BooleanField(_("intact"))
    from_seq = models.BigIntegerField(_("from seq"), default=1)
    events_checked = models.BigIntegerField(_("events checked"), default=0)
    last_seq = models.BigIntegerField(_("last seq"), null=True, blank=True)
    last_hash = models.CharField(_("last hash"), max_length=64, blank=True)
    problem = models.CharField(
        _("problem"), max_length=20, choices=ChainProblem.choices, blank=True
    )
    # The first event that does not hold; an id, not a foreign key: the event may be gone.
    broken_seq = models.BigIntegerField(_("broken at seq"), null=True, blank=True)
    broken_event_id = models.BigIntegerField(_("broken at event"), null=True, blank=True)
    broken_occurred_at = models.DateTimeField(_("time of the broken event"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    duration = models.FloatField(_("duration, s"), default=0)

    class Meta:
        verbose_name = _("audit chain check")
        verbose_name_plural = _("audit chain checks")
        ordering = ["-id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.problem}"
