from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.choices import LinkStatus
from core.models import TimeStampedModel


class CaseLinkQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseLinkQuerySet:
        """Links of which the user sees at least one side.

        The rule on each side's row (``case_access_q`` with a prefix): a link is probed by its
        own case ids, never by building the set of every visible case (50,000 at national scale)
        to keep the few links a page shows.
        """
        from cases.querysets import case_access_q

        return self.filter(
            case_access_q(user, prefix="source__") | case_access_q(user, prefix="target__")
        )


class CaseLink(TimeStampedModel):
    """A proposed or accepted link between a case and the other country's mirror case."""

    source = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="outgoing_links"
    )
    target = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="incoming_links"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LinkStatus.choices, default=LinkStatus.PROPOSED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)

    objects = CaseLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("mirror-case link")
        verbose_name_plural = _("mirror-case links")
        ordering = ["-created_at"]
        indexes = [
            # Proposals waiting for a decision, newest first (the home page's section): a few
            # hundred of the links, where the list's order over all of them read every link.
            models.Index(
                fields=["-created_at", "-id"],
                name="cases_link_proposed_idx",
                condition=models.Q(status="proposed"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="%(app_label)s_%(class)s_not_self",
            ),
            # One live link per pair; a declined or withdrawn one may be proposed again.
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=models.Q(status__in=["proposed", "accepted"]),
                name="%(app_label)s_%(class)s_unique_live_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.reference} → {self.target.reference}"

    def other(self, case_id: int):
        return self.target if case_id == self.source_id else self.source
