"""Demo agencies and users of both countries (used by `manage.py seed_demo`).

The usernames are a contract with the README, the tests and the other apps' demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.choices import AgencyKind, Country, Role
from accounts.models import Agency, User


@dataclass(frozen=True)
class DemoAgency:
    key: str
    country: str
    kind: str
    name_ru: str
    name_en: str
    short_name: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    agency: str
    role: str
    last_name: str
    first_name: str
    patronymic: str
    position: str


AGENCIES = (
    DemoAgency("kg_gpo", Country.KG, AgencyKind.PROSECUTOR,
               "Генеральная прокуратура Кыргызской Республики",
               "General Prosecutor's Office of the Kyrgyz Republic", "ГП КР"),
    DemoAgency("kg_mvd", Country.KG, AgencyKind.INTERNAL_AFFAIRS,
               "Министерство внутренних дел Кыргызской Республики",
               "Ministry of Internal Affairs of the Kyrgyz Republic", "МВД КР"),
    DemoAgency("kg_gknb", Country.KG, AgencyKind.NATIONAL_SECURITY,
               "Государственный комитет национальной безопасности Кыргызской Республики",
               "State Committee for National Security of the Kyrgyz Republic", "ГКНБ КР"),
    DemoAgency("kg_ncb", Country.KG, AgencyKind.INTERPOL_NCB,
               "Национальное центральное бюро Интерпола в Кыргызской Республике",
               "INTERPOL National Central Bureau in the Kyrgyz Republic", "НЦБ Интерпола КР"),
    DemoAgency("kz_gpo", Country.KZ, AgencyKind.PROSECUTOR,
               "Генеральная прокуратура Республики Казахстан",
               "General Prosecutor's Office of the Republic of Kazakhstan", "ГП РК"),
    DemoAgency("kz_mvd", Country.KZ, AgencyKind.INTERNAL_AFFAIRS,
               "Министерство внутренних дел Республики Казахстан",
               "Ministry of Internal Affairs of the Republic of Kazakhstan", "МВД РК"),
    DemoAgency("kz_knb", Country.KZ, AgencyKind.NATIONAL_SECURITY,
               "Комитет национальной безопасности Республики Казахстан",
               "National Security Committee of the Republic of Kazakhstan", "КНБ РК"),
    DemoAgency("kz_afm", Country.KZ, AgencyKind.FINANCIAL_INTELLIGENCE,
               "Агентство Республики Казахстан по финансовому мониторингу",
               "Financial Monitoring Agency of the Republic of Kazakhstan", "АФМ РК"),
    DemoAgency("kz_border", Country.KZ, AgencyKind.BORDER_SERVICE,
               "Пограничная служба Комитета национальной безопасности Республики Казахстан",
               "Border Service of the National Security Committee of Kazakhstan", "ПС КНБ РК"),
)  # fmt: skip

USERS = (
    DemoUser("kg_investigator", "kg_mvd", Role.INVESTIGATOR, "Жумабаев", "Нурлан", "Асанович",
             "Старший следователь по особо важным делам"),
    DemoUser("kz_investigator", "kz_mvd", Role.INVESTIGATOR, "Сейткалиева", "Айгерим",
             "Нурлановна", "Следователь Следственного департамента"),
    DemoUser("kg_coordinator", "kg_mvd", Role.COORDINATOR, "Токтогулов", "Эркин", "Маратович",
             "Начальник отдела по противодействию торговле людьми"),
    DemoUser("kz_coordinator", "kz_mvd", Role.COORDINATOR, "Ахметов", "Данияр", "Серикович",
             "Начальник управления по борьбе с торговлей людьми"),
    DemoUser("kg_prosecutor", "kg_gpo", Role.PROSECUTOR, "Исаева", "Гульнара", "Бакытбековна",
             "Прокурор управления международного сотрудничества"),
    DemoUser("kz_prosecutor", "kz_gpo", Role.PROSECUTOR, "Нурпеисов", "Ерлан", "Кайратович",
             "Прокурор Департамента международного сотрудничества"),
    DemoUser("registry_admin", "kg_gpo", Role.REGISTRY_ADMIN, "Осмонова", "Айнура",
             "Кубанычбековна", "Главный специалист по международным договорам"),
    DemoUser("auditor", "kz_gpo", Role.AUDITOR, "Ким", "Елена", "Викторовна",
             "Прокурор-аудитор службы внутренней безопасности"),
)  # fmt: skip


@transaction.atomic
def seed_accounts(*, password: str) -> list[User]:
    """Create or refresh the demo agencies and users; running it twice changes nothing."""
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        agencies[spec.key], _ = Agency.objects.update_or_create(
            country=spec.country,
            name_ru=spec.name_ru,
            defaults={"name_en": spec.name_en, "short_name": spec.short_name, "kind": spec.kind},
        )
    users = []
    for spec in USERS:
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "agency": agencies[spec.agency],
                "last_name": spec.last_name,
                "first_name": spec.first_name,
                "patronymic": spec.patronymic,
                "position": spec.position,
                "email": f"{spec.username}@portal.invalid",
                "is_active": True,
            },
        )
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=spec.role)])
        users.append(user)
    return users
