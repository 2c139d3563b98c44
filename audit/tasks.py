"""Celery tasks of the audit trail: thin, idempotent; the work is in services.py."""

from __future__ import annotations

from celery import shared_task

from audit.models import AuditChainCheck
from audit.services import audit_chain_alert, audit_chain_check


# A walk reads the whole trail (about 10 s per million events here): longer limits than the
# default task's, still short of the broker's visibility timeout.
@shared_task(name="audit.verify_chain", ignore_result=True, time_limit=1800, soft_time_limit=1700)
def verify_chain() -> dict:
    """Beat runs this nightly: re-check the hash chain; when it is broken, alert the auditors."""
    check = audit_chain_check(source=AuditChainCheck.Source.NIGHTLY)
    if not check.ok:
        audit_chain_alert(check=check)
    return {"ok": check.ok, "events": check.events_checked}
