"""The names a case is searched by, kept on its row: ``Case.participant_names``, ``victim_names``.

A one-word search of the case list compares them. Read from the participants, the search found
every person of the name, then every participation of those people, then checked the rule on
each participation's case: a common surname at 100,000 cases is 4,400 people and 6,600
participations, ~28 ms of PostgreSQL per search. On the case row the word's trigram index is
intersected with the index of the rule's own term (the owning agency; a few granted ids) before
a row is read: ~10 ms for the same search (README, "Performance at national scale").

Derived data, written only here: by the services that add a participant or change a person's
names, by ``seed_scale`` after its bulk inserts, and by the migration that added the columns.
Nothing else writes a participant or a person's names.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from cases.choices import ParticipantRole

# Each name on its own line: a search word holds no white space, so it never spans two people.
SEPARATOR = "\n"


def refresh(case_ids: Iterable[int] | None = None) -> None:
    """Rewrite the names of these cases (of every case with ``None``) from their participants.

    Called inside the transaction that changed a participant or a person.
    """
    from cases.models import Case, Participant, Person

    qn = connection.ops.quote_name
    case_table = qn(Case._meta.db_table)
    participant = Participant._meta
    person = Person._meta
    if connection.vendor == "postgresql":
        joined = "string_agg(pe.{name}, E'\\n')"
    else:
        joined = "group_concat(pe.{name}, char(10))"
    joined = joined.format(name=qn(person.get_field("search_name").column))
    names = (
        f"COALESCE((SELECT {joined} FROM {qn(participant.db_table)} pa "  # noqa: S608 (identifiers from _meta)
        f"INNER JOIN {qn(person.db_table)} pe "
        f"ON pe.{qn('id')} = pa.{qn(participant.get_field('person').column)} "
        f"WHERE pa.{qn(participant.get_field('case').column)} = {case_table}.{qn('id')} "
        f"AND pa.{qn(participant.get_field('role').column)} {{op}} %s), '')"
    )
    sql = (
        f"UPDATE {case_table} SET "  # noqa: S608 (identifiers from _meta)
        f"{qn(Case._meta.get_field('participant_names').column)} = {names.format(op='<>')}, "
        f"{qn(Case._meta.get_field('victim_names').column)} = {names.format(op='=')}"
    )
    params: list = [ParticipantRole.VICTIM.value, ParticipantRole.VICTIM.value]
    if case_ids is not None:
        ids = sorted({int(pk) for pk in case_ids})
        if not ids:
            return
        # RACE: two officers adding people to one case at once. The rows are locked first, so
        # the UPDATE below is a statement of its own that starts once the other has committed,
        # and its subqueries see both participants (PostgreSQL evaluates an UPDATE's subqueries
        # in the snapshot taken when the statement starts, whatever it then waits for).
        list(Case.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        if connection.vendor == "postgresql":
            sql += f" WHERE {qn('id')} = ANY(%s)"
            params.append(ids)
        else:
            sql += f" WHERE {qn('id')} IN ({', '.join(['%s'] * len(ids))})"
            params.extend(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
