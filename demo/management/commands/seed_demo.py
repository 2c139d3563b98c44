"""Fill the portal with believable demo data of both countries (idempotent).

It lives in the demo app, the top of the graph: the base apps know no domain.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import seed_accounts
from cases.demo import seed_cases
from exchange.demo import seed_exchange
from extradition.demo import seed_extradition
from library.demo import seed_library
from operations.demo import seed_operations
from requests_mla.demo import seed_requests
from statreports.demo import seed_statreports
from teams.demo import seed_teams


class Command(BaseCommand):
    help = "Create or refresh demo agencies, users and content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help="Password of every demo user (default: DEMO_PASSWORD from the environment).",
        )

    def handle(self, *args, password=None, **options):
        password = password or settings.DEMO_PASSWORD
        users = seed_accounts(password=password)
        cases = seed_cases()
        requests = seed_requests(cases)
        files = seed_extradition(cases)
        teams = seed_teams(cases)
        operations = seed_operations(cases, teams)
        documents = seed_library()
        # After every record it counts: the reports freeze the figures of the last quarter.
        seed_statreports()
        seed_exchange(cases)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Demo logins (all with the same password):")
        )
        width = max(len(u.username) for u in users)
        for user in users:
            roles = ", ".join(sorted(user.role_names))
            agency = user.agency.short_name or user.agency.name_ru
            self.stdout.write(
                f"  {user.username:<{width}}  {roles:<15} {agency} ({user.agency.country})"
            )
        self.stdout.write(f"  password: {password}")
        required = sorted(settings.TWO_FACTOR_REQUIRED_ROLES)
        if required:
            self.stdout.write(
                "Two-factor authentication is required for the roles "
                f"{', '.join(required)} (TWO_FACTOR_REQUIRED_ROLES): their users set it up at "
                "the first sign-in, with an authenticator app."
            )
        else:
            self.stdout.write(
                "Two-factor authentication is not required in this demo "
                "(TWO_FACTOR_REQUIRED_ROLES is empty): username and password sign in. Anyone may "
                "turn it on under My preferences; to require it, e.g. `make run "
                "TWO_FACTOR_REQUIRED_ROLES=prosecutor,coordinator,registry_admin,auditor`."
            )
        self.stdout.write(f"Demo cases: {', '.join(sorted(c.reference for c in cases.values()))}")
        self.stdout.write(
            "Demo requests: "
            + ", ".join(f"{r.reference} ({r.get_status_display()})" for r in requests)
        )
        self.stdout.write(
            "Demo extradition files: "
            + ", ".join(f"{f.reference} ({f.get_stage_display()})" for f in files)
        )
        self.stdout.write("Demo joint teams: " + ", ".join(t.name for t in teams))
        self.stdout.write(
            "Demo coordinated operations: "
            + ", ".join(f"{o.name} ({o.get_status_display()})" for o in operations)
        )
        self.stdout.write(f"Demo library documents: {len(documents)}")
