"""Two demo operations on the demo mirror cases: one planned for next week (the Kyrgyz leader
has said "go", the Kazakh one not yet), one carried out with both sides' results (idempotent)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from deadlines.computation import zone_of
from operations import services
from operations.models import Operation
from operations.workflow import OPERATION_WORKFLOW, moment_from_local

PLANNED = "Операция «Караван»"
DONE = "Операция «Весенний рейд»"


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("agency")}


@transaction.atomic
def seed_operations(cases: dict[str, Case], teams=()) -> list[Operation]:
    existing = list(Operation.objects.filter(name__in=[PLANNED, DONE]))
    if len(existing) == 2:
        return existing
    users = _users()
    kr, kz = cases["kg_osh"], cases["kz_almaty"]
    # Each D-day is counted in the calendar of the side whose hour it names.
    kg_today = timezone.localdate(timezone=zone_of("KG"))
    kz_today = timezone.localdate(timezone=zone_of("KZ"))
    made = []
    if not any(o.name == PLANNED for o in existing):
        planned = services.operation_create(
            actor=users["kg_coordinator"],
            name=PLANNED,
            purpose=(
                "Одновременные обыски по местам проживания вербовщиков в г. Ош и по адресам "
                "удержания потерпевших в г. Алматы; задержание организатора и двух посредников, "
                "освобождение потерпевших, изъятие паспортов, телефонов и учёта долгов."
            ),
            h_hour=moment_from_local(kg_today + datetime.timedelta(days=7), datetime.time(5), "KG"),
            kg_leader=users["kg_coordinator"],
            kz_leader=users["kz_coordinator"],
            cases=[kr, kz],
            teams=list(teams),
            participants=[users["kg_investigator"], users["kz_investigator"]],
            kg_tasks=(
                "Обыск по ул. Курманжан Датки (г. Ош) и в с. Кара-Суу; задержание "
                "вербовщика Абдрахманова Т.; изъятие телефонов и тетрадей учёта «долгов»."
            ),
            kz_tasks=(
                "Освобождение потерпевших в сауне по ул. Рыскулова (г. Алматы); задержание "
                "посредников; размещение потерпевших в кризисном центре, опрос с психологом."
            ),
        )
        OPERATION_WORKFLOW.perform(
            planned, "go", users["kg_coordinator"], {"note": "Силы и средства готовы."}
        )
        made.append(planned)
    if not any(o.name == DONE for o in existing):
        done = services.operation_create(
            actor=users["kz_coordinator"],
            name=DONE,
            purpose=(
                "Проверка мест трудовой эксплуатации граждан КР на строительных объектах "
                "г. Алматы и одновременные задержания вербовщиков в г. Бишкек."
            ),
            h_hour=timezone.now() + datetime.timedelta(hours=1),
            kg_leader=users["kg_coordinator"],
            kz_leader=users["kz_coordinator"],
            cases=[kr, kz],
            participants=[users["kg_investigator"], users["kz_investigator"]],
            kg_tasks="Задержание двух вербовщиков в г. Бишкек, обыски по месту жительства.",
            kz_tasks="Проверка трёх строительных объектов, выявление потерпевших граждан КР.",
        )
        for leader in ("kg_coordinator", "kz_coordinator"):
            OPERATION_WORKFLOW.perform(done, "go", users[leader], {})
        # The demo's past: the operation took place three weeks ago.
        Operation.objects.filter(pk=done.pk).update(
            h_hour=moment_from_local(kz_today - datetime.timedelta(days=21), datetime.time(6), "KZ")
        )
        done.refresh_from_db()
        services.operation_report_file(
            operation=done,
            actor=users["kg_investigator"],
            persons_detained=2,
            victims_identified=0,
            victims_assisted=0,
            items_seized=9,
            summary=(
                "Задержаны два вербовщика (ст. 166 УК КР), изъяты 6 паспортов граждан, "
                "3 телефона и записи о «долгах» работников."
            ),
        )
        services.operation_report_file(
            operation=done,
            actor=users["kz_investigator"],
            persons_detained=1,
            victims_identified=14,
            victims_assisted=11,
            items_seized=4,
            summary=(
                "Выявлены 14 граждан КР, удерживавшихся на стройке без документов; 11 приняли "
                "помощь кризисного центра, 3 вернулись домой сами. Задержан прораб-посредник."
            ),
        )
        OPERATION_WORKFLOW.perform(
            done, "complete", users["kz_coordinator"], {"note": "Итоги сведены."}
        )
        made.append(done)
    return existing + made
