"""Fill a database with a portal at national scale, for load benchmarks (demo/scale.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.scale import ScaleOptions, ScaleRefused, ScaleSeeder, summary_counts


class Command(BaseCommand):
    help = (
        "Generate a realistic portal at scale, in bulk, for load benchmarks: the demo agencies "
        "and users (seed_demo's accounts) and a few hundred more officers of both countries, "
        "then cases over five years with their participants, qualifications, grants and mirror "
        "links, requests for legal assistance, extradition files, joint teams with tasks, "
        "their clocks, notifications and the audit trail. Run it after `migrate`, on an empty "
        "database (or one holding only the demo data): it refuses a database that already "
        "holds more cases than the demo unless --append is given, which adds a new world of "
        "the same size beside what is there. Everything is written in one transaction: a "
        "failed run leaves no rows. The same --seed on the same day gives the same data. Run "
        "it while nothing else writes to the database (it hands out primary keys itself)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=100_000, help="Cases to create (default 100,000)."
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=None,
            help="Requests for legal assistance (default: cases / 5).",
        )
        parser.add_argument(
            "--persons",
            type=int,
            default=None,
            help="Persons (default: cases × 2; each case has 3 participants, so some persons "
            "take part in several cases of their agency; at most cases × 3).",
        )
        parser.add_argument(
            "--audit",
            type=int,
            default=None,
            help="Audit events (default: cases × 10). Every generated record's creation and "
            "steps are audited first; views of victims' data and exports fill the rest, so "
            "the trail holds at least those.",
        )
        parser.add_argument(
            "--notifications",
            type=int,
            default=None,
            help="Notifications (default: cases × 2): workflow notices, then the clocks' "
            "reminders and escalations as the sweep would have sent them.",
        )
        parser.add_argument(
            "--extraditions",
            type=int,
            default=None,
            help="Extradition files (default: cases × 3 / 100).",
        )
        parser.add_argument(
            "--teams", type=int, default=None, help="Joint teams (default: cases / 300)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Random seed (default 2026): same seed, same day, same data.",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds cases (beyond the demo's).",
        )
        parser.add_argument(
            "--batch", type=int, default=5000, help="Rows per insert (default 5,000)."
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Password of every user (default: DEMO_PASSWORD from the environment).",
        )

    def handle(self, *args, **options):
        if options["cases"] < 0 or options["batch"] < 1:
            raise CommandError("--cases must be 0 or more and --batch at least 1.")
        scale = ScaleOptions(
            cases=options["cases"],
            requests=options["requests"],
            persons=options["persons"],
            audit=options["audit"],
            notifications=options["notifications"],
            extraditions=options["extraditions"],
            teams=options["teams"],
            seed=options["seed"],
            password=options["password"] or settings.DEMO_PASSWORD,
            append=options["append"],
            batch=options["batch"],
        )
        seeder = ScaleSeeder(scale, log=self.stdout.write)
        try:
            seeder.run()
        except ScaleRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write("Rows in the database:")
        for label, count in summary_counts():
            self.stdout.write(f"  {label:<40} {count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                "Done. Demo logins (kg_coordinator, kz_prosecutor, …) and every generated "
                "officer use the demo password."
            )
        )
