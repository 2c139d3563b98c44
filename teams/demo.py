"""A demo joint team on the demo mirror cases, with tasks in every status (idempotent)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from cases.models import Case
from teams import services
from teams.models import JointTeam
from treaties.choices import InstrumentKind
from treaties.governing import governing_instruments
from treaties.models import Instrument


@transaction.atomic
def seed_teams(cases: dict[str, Case]) -> list[JointTeam]:
    kr, kz = cases["kg_osh"], cases["kz_almaty"]
    existing = JointTeam.objects.filter(name="ССГ «Ош — Алматы»").first()
    if existing:
        return [existing]
    users = {u.username: u for u in User.objects.select_related("agency")}
    today = timezone.localdate()
    team = services.team_create(
        actor=users["kg_coordinator"],
        name="ССГ «Ош — Алматы»",
        cases=[kr, kz],
        # The general (UN) basis of joint investigations that governs between the two states.
        instruments=governing_instruments(
            (kr.country, kz.country),
            queryset=Instrument.objects.legal_bases().filter(kind=InstrumentKind.UN),
        )[:1],
        purpose=(
            "Совместное расследование деятельности организованной группы, вербующей гражданок "
            "КР для сексуальной эксплуатации в г. Алматы: установление участников, движения "
            "денежных средств, защита и репатриация потерпевших."
        ),
        parties="Генеральная прокуратура КР, МВД КР; Генеральная прокуратура РК, МВД РК",
        kg_leader=users["kg_coordinator"],
        kz_leader=users["kz_coordinator"],
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=160),
    )
    for username in ("kg_investigator", "kz_investigator"):
        services.member_add(
            team=team,
            actor=users["kg_coordinator"],
            user=users[username],
            role="member",
            joined_on=today,
        )
    services.member_add(
        team=team,
        actor=users["kz_coordinator"],
        user=users["kz_prosecutor"],
        role="expert",
        joined_on=today,
    )
    services.team_sign(
        team=team, actor=users["kg_coordinator"], signed_on=today - datetime.timedelta(days=18)
    )
    services.team_activate(team=team, actor=users["kz_coordinator"])
    coordinator = users["kg_coordinator"]

    def task(title, assignee, case, days, **extra):
        return services.task_create(
            team=team,
            actor=coordinator,
            title=title,
            case=case,
            assignee=users.get(assignee) if assignee else None,
            assignee_agency=extra.pop("agency", None),
            due_on=today + datetime.timedelta(days=days),
            **extra,
        )

    task(
        "Допросить потерпевшую Мамытову А. Б. в кризисном центре",
        "kz_investigator",
        kr,
        6,
        priority="high",
    )
    started = task(
        "Проследить движение денежных средств ТОО «Жетысу-Сервис»", "kz_investigator", kz, 14
    )
    services.task_move(task=started, actor=users["kz_investigator"], status="in_progress")
    blocked = task("Установить местонахождение Жаксылыкова Е. Н.", "kg_investigator", kz, 10)
    services.task_move(
        task=blocked,
        actor=users["kg_investigator"],
        status="blocked",
        reason="Ожидается ответ НЦБ Интерпола",
    )
    done = task("Репатриировать и обеспечить защиту потерпевшей", "kg_investigator", kr, 3)
    services.task_move(task=done, actor=users["kg_investigator"], status="in_progress")
    services.task_move(
        task=done,
        actor=users["kg_investigator"],
        status="done",
        result="Потерпевшая возвращена в г. Ош, передана кризисному центру «Сезим».",
    )
    cancelled = task(
        "Скоординированное задержание в г. Бишкеке",
        None,
        kr,
        30,
        agency=Agency.objects.get(short_name="МВД КР"),
    )
    services.task_move(task=cancelled, actor=coordinator, status="cancelled")
    services.task_comment(
        task=started, actor=users["kz_coordinator"], text="Запрос в АФМ РК направлен."
    )
    return [team]
