"""Trigram indexes for the case search (``contains`` on references, titles, numbers and names).

PostgreSQL only (pg_trgm); on SQLite the search reads the tables, which is fine at its size.
"""

from django.db import migrations

from core.db import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_stored_file")]

    operations = [
        *trigram_indexes("cases_case", "reference", "search_title", "national_number_digits"),
        *trigram_indexes("cases_person", "search_name")[1:],
    ]
