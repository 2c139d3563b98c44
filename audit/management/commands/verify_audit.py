"""``manage.py verify_audit``: re-check the audit trail's hash chain and name the first break."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditChainCheck
from audit.services import audit_chain_check


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain in id order, recompute each event's hash, check the "
        "links and that the sequence numbers have no gap. Exits with 1 at the first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-seq",
            type=int,
            default=1,
            help="Start at this sequence number (linked to the event before it), e.g. where "
            "the last intact check ended. Default: the whole chain.",
        )

    def handle(self, *args, from_seq: int, **options):
        if from_seq < 1:
            raise CommandError("--from-seq must be 1 or more.")
        check = audit_chain_check(source=AuditChainCheck.Source.COMMAND, from_seq=from_seq)
        if not check.ok:
            intact = f"{check.events_checked:,} events intact before it"
            raise CommandError(f"{check.message} ({intact})")
        self.stdout.write(
            self.style.SUCCESS(
                f"chain intact: {check.events_checked:,} events, last hash "
                f"{check.last_hash or '-'} (seq {check.last_seq or 0}), checked in "
                f"{check.duration:.1f} s"
            )
        )
