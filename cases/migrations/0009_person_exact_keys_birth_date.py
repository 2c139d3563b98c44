"""The same-person search's exact lookups: the matcher's keys as an array, the date of birth.

``cases.persons.exact_candidates`` asks for persons carrying keys of two typed name parts
(``string_to_array(match_keys, ' ') && …`` twice: GIN intersects the two keys' lists) or born on
the query's date. The array index is PostgreSQL only; on SQLite the search reads the table.
The index is an expression over ``match_keys``, so every writer of that column (the model,
``seed_scale``'s COPY, ``refresh_match_keys``) keeps it without knowing it.
"""

from django.db import migrations, models

from core.db import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_person_match_keys_fill")]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["birth_date"], name="cases_person_birth_date_idx"),
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS cases_person_match_keys_array ON cases_person "
            "USING gin (string_to_array(match_keys, ' '))",
            "DROP INDEX IF EXISTS cases_person_match_keys_array",
        ),
    ]
