from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Information exchange")

    def ready(self):
        from deadlines import subjects
        from exchange.models import Message

        # An urgent message's response clock is one of the deadline engine's clocks.
        subjects.register(Message)
