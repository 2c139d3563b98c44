"""DRF's authtoken table goes: API tokens are django-rest-knox's now (hashed, expiring).

Its tokens were stored in clear and never expired; knox keeps only a hash, which cannot be made
from them without the clear values being kept again, so they are not carried over: programs sign
in once more (POST /api/auth/token/). Dropping the table takes the clear values out of the
database and its backups from now on. Nothing to restore on the way back.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_two_factor_recovery_codes"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
    ]
