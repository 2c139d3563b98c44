"""Recompute every person's matcher keys (``Person.match_keys``) with the matcher installed now.

Run after an upgrade that changes ``matching.search_keys``: the keys stored before would still be
the old ones, and a search would block on tokens the new matcher no longer writes.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cases.models import Person
from cases.models.person import person_match_keys

FIELDS = ("surname", "given_name", "patronymic", "surname_latin", "given_name_latin")


class Command(BaseCommand):
    help = "Recompute the matcher's keys of every person (after the matcher changed)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch: int, **options):
        changed = seen = 0
        pending: list[Person] = []
        for person in Person.objects.only(*FIELDS, "match_keys").iterator(chunk_size=batch):
            seen += 1
            keys = person_match_keys(person)
            if keys != person.match_keys:
                person.match_keys = keys
                pending.append(person)
            if len(pending) >= batch:
                Person.objects.bulk_update(pending, ["match_keys"])
                changed += len(pending)
                pending = []
        if pending:
            Person.objects.bulk_update(pending, ["match_keys"])
            changed += len(pending)
        self.stdout.write(f"{changed} of {seen} persons had keys of an older matcher.")
