"""Full-text search of the library on PostgreSQL: a GIN index on the Russian text vector.

The expression is the one ``library.search`` filters on (Django's ``SearchVector`` of
``search_text`` with the ``russian`` configuration), so the planner uses it; SQLite has no such
index and searches a case-folded substring instead.
"""

from django.db import migrations

from core.db import PostgresOnlySQL

INDEX = "library_doc_search_ru_idx"


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "library_librarydocument" USING gin '
            "(to_tsvector('russian'::regconfig, COALESCE(\"search_text\", '')))",
            f'DROP INDEX IF EXISTS "{INDEX}"',
        ),
    ]
