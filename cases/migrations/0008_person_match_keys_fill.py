"""Fill the matcher's keys of the persons recorded before it existed; a trigram index serves them.

The index is PostgreSQL only (pg_trgm); on SQLite the search reads the table.
"""

from django.db import migrations

from core.db import trigram_indexes


def fill(apps, schema_editor):
    from cases.models.person import person_match_keys

    Person = apps.get_model("cases", "Person")
    batch = []
    for person in Person.objects.only(
        "surname", "given_name", "patronymic", "surname_latin", "given_name_latin"
    ).iterator(chunk_size=2000):
        person.match_keys = person_match_keys(person)
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["match_keys"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["match_keys"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_person_match_keys_access_requests")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        *trigram_indexes("cases_person", "match_keys")[1:],
    ]
