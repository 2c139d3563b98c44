"""factory_boy factories: required fields only; multi-step state is built through services."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from accounts.choices import AgencyKind, Country
from accounts.models import Agency, User
from treaties.choices import InstrumentKind
from treaties.models import Instrument


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name_ru = factory.Sequence(lambda n: f"Ведомство № {n}")
    name_en = factory.Sequence(lambda n: f"Agency No. {n}")
    country = Country.KG
    kind = AgencyKind.INTERNAL_AFFAIRS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get(name=str(role)) for role in extracted])


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    short_name = factory.Sequence(lambda n: f"Договор {n}")
    title_ru = factory.Sequence(lambda n: f"Договор о сотрудничестве № {n}")
    title_en = factory.Sequence(lambda n: f"Cooperation treaty No. {n}")
    kind = InstrumentKind.BILATERAL
