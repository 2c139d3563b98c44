"""The substring half of the library's search (a reference, a number, a word's fragment) has its
pg_trgm index, so that the full-text condition OR the substring is a BitmapOr of two indexes on
PostgreSQL rather than a read of every document."""

from django.db import migrations

from core.db import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = trigram_indexes("library_librarydocument", "search_text")
