"""The Celery application: `celery -A config worker` and `celery -A config beat`.

Broker: Redis when REDIS_URL is set, otherwise SQLite through kombu's SQLAlchemy transport (see
settings). That transport passes every transport option to ``create_engine()``, so its polling
interval is set on the class, not in ``broker_transport_options``.
"""

import os

from celery import Celery
from kombu.transport import sqlalchemy as kombu_sqlalchemy

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Default polling is one second; a tenth keeps the embedded round trip near 0.1 s.
kombu_sqlalchemy.Transport.polling_interval = 0.1

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
