"""An e-mail backend for the worker tests: writes messages to files, after a pause.

The pause (``SLOW_MAIL_SECONDS``) leaves the time to kill a worker in the middle of a delivery.
"""

from __future__ import annotations

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
