"""Who may pause, resume or extend a clock — written once, as a condition on Deadline.

A clock belongs to the jurisdiction whose law (or whose side's target) counts it
(``Deadline.country``): only officers of that state touch it — those it is addressed to or
escalated to, and those who may change its case. So the Kazakh side's custody clock is the
Kazakh prosecutors' to extend, never the Kyrgyz investigator's whose case it serves; the
requested side's execution target is the requested side's.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core.workflow import NOTHING, Rule


def manages_clock_q(user) -> Q:
    from cases.models import Case
    from deadlines.models import Deadline

    if not user.agency_id:
        return NOTHING
    addressed = Deadline.responsible.through.objects.filter(deadline=OuterRef("pk"), user=user)
    escalated = Deadline.escalation.through.objects.filter(deadline=OuterRef("pk"), user=user)
    changeable = Case.objects.visible_to(user, "change").filter(pk=OuterRef("case_id"))
    # SECURITY: the jurisdiction first — no role of the other state reaches this clock.
    return Q(country=user.agency.country) & (
        Q(Exists(addressed)) | Q(Exists(escalated)) | Q(Exists(changeable))
    )


MANAGES_CLOCK = Rule(manages_clock_q, "manages_clock")
