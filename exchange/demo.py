"""Demo messages between the agencies of both countries, through the services (idempotent)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from exchange import services
from exchange.models import HandlingCode, Message

# A one-page PDF: the demo's "справка" attached to the KZ → KG message.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _backdate(message: Message, days: float) -> None:
    moment = timezone.now() - datetime.timedelta(days=days)
    Message.objects.filter(pk=message.pk).update(created_at=moment)


@transaction.atomic
def seed_exchange(cases: dict[str, Case]) -> list[Message]:
    users = {u.username: u for u in User.objects.select_related("agency")}
    kg_mvd = users["kg_investigator"].agency
    kz_mvd = users["kz_investigator"].agency
    kg_gpo = users["kg_prosecutor"].agency
    codes = {c.code: c for c in HandlingCode.objects.all()}
    made = []

    def once(subject: str, make) -> Message:
        existing = Message.objects.filter(subject=subject, thread__isnull=True).first()
        if existing:
            return existing
        message = make()
        made.append(message)
        return message

    # 1. KZ → KG, H1, with a file: intelligence that may not be evidence without consent.
    h1 = once(
        "Сведения о перемещении Абдрахманова Т. и вербовке в г. Ош",
        lambda: services.message_send(
            actor=users["kz_investigator"],
            recipient_agency=kg_mvd,
            subject="Сведения о перемещении Абдрахманова Т. и вербовке в г. Ош",
            text=(
                "По оперативным данным ДП г. Алматы, Абдрахманов Тимур, 1988 г.р., 12.11.2026 "
                "выехал автотранспортом из г. Алматы через КПП «Карасу» в г. Ош, где, по "
                "сведениям источника, подыскивает девушек 18–22 лет для работы «официантками» "
                "в г. Алматы. Используемый номер телефона и сведения о перечислениях — в "
                "прилагаемой справке.\n\nПросим проверить по учётам МВД КР и сообщить о "
                "результатах."
            ),
            category="operational",
            handling_code=codes["H1"],
            handling_restrictions="Не раскрывать источник сведений.",
            marking=True,
            cases=[cases["kz_almaty"]],
            uploads=[ContentFile(_PDF, name="Справка_ДП_Алматы_Абдрахманов.pdf")],
        ),
    )
    if h1 in made:
        _backdate(h1, 3)
        services.message_open(message=h1, actor=users["kg_investigator"])

    # 2. KG → KZ, H0, urgent: the response clock runs on the Kazakh side.
    once(
        "Срочно: установить адрес потерпевшей Мамытовой А. в г. Алматы",
        lambda: services.message_send(
            actor=users["kg_investigator"],
            recipient_agency=kz_mvd,
            subject="Срочно: установить адрес потерпевшей Мамытовой А. в г. Алматы",
            text=(
                "Потерпевшая Мамытова А., 2004 г.р., по телефону сообщила родственникам, что "
                "удерживается в квартире в мкр. «Шанырак-2» г. Алматы, документы изъяты. "
                "Просим срочно установить адрес и принять меры к освобождению; номер телефона, "
                "с которого поступил звонок: +7 707 *** ** 41 (полностью — по запросу)."
            ),
            category="operational",
            handling_code=codes["H0"],
            urgent=True,
            recipients=[users["kz_investigator"], users["kz_coordinator"]],
            cases=[cases["kg_osh"]],
        ),
    )

    # 3. A thread: statistics asked for and answered.
    stats = once(
        "Статистика выявленных фактов торговли людьми за 9 месяцев 2026 г.",
        lambda: services.message_send(
            actor=users["kz_coordinator"],
            recipient_agency=kg_mvd,
            subject="Статистика выявленных фактов торговли людьми за 9 месяцев 2026 г.",
            text=(
                "Для подготовки совместного аналитического обзора направляем сведения МВД РК: "
                "за 9 месяцев 2026 г. зарегистрировано 41 уголовное правонарушение по ст. 128 "
                "УК РК, из них 9 — в отношении граждан Кыргызской Республики. Просим "
                "представить аналогичные сведения МВД КР."
            ),
            category="statistical",
            handling_code=codes["H0"],
        ),
    )
    if stats in made:
        _backdate(stats, 6)
        services.message_reply(
            message=stats,
            actor=users["kg_coordinator"],
            text=(
                "Сведения МВД КР за 9 месяцев 2026 г.: по ст. 166 УК КР возбуждено 17 дел, "
                "из них 6 — с потерпевшими, вывезенными в Республику Казахстан. Разбивка по "
                "областям — в следующем сообщении."
            ),
        )
        services.message_reply(
            message=stats,
            actor=users["kz_coordinator"],
            text="Благодарим. Ждём разбивку по областям до конца недели.",
        )

    # 4. Restricted to named officers, H2: not to be passed on.
    once(
        "О контактах сотрудника миграционной службы с группой вербовщиков",
        lambda: services.message_send(
            actor=users["kg_coordinator"],
            recipient_agency=kz_mvd,
            subject="О контактах сотрудника миграционной службы с группой вербовщиков",
            text=(
                "Получены сведения о возможной причастности сотрудника миграционной службы "
                "к оформлению документов для вывезенных девушек. Сведения предназначены "
                "только для указанного должностного лица; проверка проводится негласно."
            ),
            category="operational",
            handling_code=codes["H2"],
            handling_restrictions="Только для начальника ДП; без передачи в иные органы.",
            marking=True,
            restricted=True,
            recipients=[users["kz_coordinator"]],
        ),
    )

    # 5. Legal acts, prosecutor to prosecutor.
    acts = once(
        "Изменения в УК РК о торговле людьми (Закон РК 2026 г.)",
        lambda: services.message_send(
            actor=users["kz_prosecutor"],
            recipient_agency=kg_gpo,
            subject="Изменения в УК РК о торговле людьми (Закон РК 2026 г.)",
            text=(
                "Направляем для сведения текст изменений в ст. 128 УК РК и разъяснения "
                "Генеральной прокуратуры РК по квалификации вербовки с использованием "
                "сети Интернет."
            ),
            category="legal_acts",
            handling_code=codes["H0"],
        ),
    )
    if acts in made:
        _backdate(acts, 10)
        services.message_acknowledge(message=acts, actor=users["kg_prosecutor"])
    return made
