"""Demo requests in several states, both directions (used by `manage.py seed_demo`; idempotent).

Built through the services with the demo users, so histories, audit rows and frozen documents
are what a real run would leave.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Agency, User
from cases.models import Case
from requests_mla import services
from treaties.choices import RequestKind
from treaties.models import Provision, RequiredElement


def _agency(short_name: str) -> Agency:
    return Agency.objects.get(short_name=short_name)


def _fields(case: Case, requesting: str, requested: str, **extra) -> dict:
    articles = [q.article for q in case.qualifications.select_related("article__code")]
    # The text of the law, quoted once: the qualification itself is the request's articles.
    texts = [a.text for a in articles if a.text]
    return {
        "request_type": "formal_mla",
        "requesting_agency": _agency(requesting),
        "requested_agency": _agency(requested),
        "qualification_text": "\n\n".join(texts) or "Тексты статей уголовного закона прилагаются.",
        "facts": case.summary,
        "purpose": "Получение доказательств для предъявления обвинения и направления дела в суд.",
        "representatives": "Представителей у потерпевших нет.",
        "confidentiality": "required",
        "urgent": False,
        "urgency_reason": "",
        "language": "ru",
        "execution_requested_by": None,
        **extra,
    }


def _relations(case: Case, actions: list[dict]) -> dict:
    bases = services.proposed_instruments(case.country, "KZ" if case.country == "KG" else "KG")
    # The articles that found the request: those that set the content of a request for legal
    # assistance, and the articles of a basis that sets none (the treaty's channel).
    elements = RequiredElement.objects.filter(instrument__in=bases, request_kind=RequestKind.MLA)
    # And the articles that provide the kinds of assistance asked for.
    providing = services.providing_provisions(bases, [a["kind"] for a in actions])
    cited = Provision.objects.filter(
        Q(pk__in=elements.filter(provision__isnull=False).values("provision"))
        | (Q(instrument__in=bases) & ~Q(instrument__in=elements.values("instrument")))
        | Q(pk__in=providing.values("pk"))
    )
    return {
        "instruments": bases,
        "provisions": list(cited),
        "articles": [q.article for q in case.qualifications.all()],
        "actions": actions,
    }


def _victims(case: Case):
    return list(case.participants.filter(role="victim").select_related("person"))


@transaction.atomic
def seed_requests(cases: dict[str, Case]) -> list:
    users = {u.username: u for u in User.objects.select_related("agency")}
    today = timezone.localdate()
    made = []

    def once(case: Case, build):
        request = case.mla_requests.first() or build()
        request.refresh_from_db()
        made.append(request)

    kg_osh, kg_talas = cases["kg_osh"], cases["kg_talas"]
    kz_almaty, kz_shymkent = cases["kz_almaty"], cases["kz_shymkent"]

    def executed():
        victims = _victims(kg_osh)
        mla = services.mla_request_create(
            case=kg_osh,
            actor=users["kg_investigator"],
            fields=_fields(kg_osh, "МВД КР", "ГП РК", execution_requested_by=None),
            relations=_relations(
                kg_osh,
                [
                    {
                        "kind": "interrogation",
                        "details": "Допросить в качестве потерпевшей гражданку КР, "
                        "находящуюся в кризисном центре г. Алматы.",
                        "questions": "1. Кто предложил работу в г. Алматы?\n"
                        "2. Кто организовал переезд и где удерживались документы?",
                        "persons": victims[:1],
                        "disclosed": victims[:1],
                    },
                    {
                        "kind": "bank_records",
                        "details": "Выписки по счетам ТОО «Жетысу-Сервис» за январь–апрель 2026 г.",
                        "places": "г. Алматы",
                    },
                ],
            ),
        )
        services.mla_request_submit(request=mla, actor=users["kg_investigator"])
        services.mla_request_approve(request=mla, actor=users["kg_prosecutor"])
        services.mla_request_send(
            request=mla,
            actor=users["kg_prosecutor"],
            outgoing_number="12-4/1187",
            outgoing_date=today,
            channel="central_authority",
        )
        services.mla_request_receive(
            request=mla,
            actor=users["kz_prosecutor"],
            incoming_number="ВХ-3-2291",
            incoming_date=today,
        )
        services.mla_request_accept(request=mla, actor=users["kz_prosecutor"])
        services.mla_request_start_execution(
            request=mla, actor=users["kz_prosecutor"], executing_officer=users["kz_prosecutor"]
        )
        services.mla_request_execute(
            request=mla,
            actor=users["kz_prosecutor"],
            result_summary="Потерпевшая допрошена, протокол допроса на 6 листах и выписки "
            "по счетам на 14 листах направлены нарочным.",
        )
        return mla

    def draft():
        victims = _victims(kg_talas)
        return services.mla_request_create(
            case=kg_talas,
            actor=users["kg_investigator"],
            fields=_fields(kg_talas, "МВД КР", "ГП РК", confidentiality="", representatives=""),
            relations=_relations(
                kg_talas,
                [
                    {
                        "kind": "locate_person",
                        "details": "Установить местонахождение работодателя на плантациях "
                        "Сарыагашского района.",
                        "persons": victims[:1],
                    }
                ],
            ),
        )

    def received():
        victims = _victims(kz_almaty)
        mla = services.mla_request_create(
            case=kz_almaty,
            actor=users["kz_investigator"],
            # A close date: the requested side's clock shows amber in "My deadlines".
            fields=_fields(
                kz_almaty,
                "МВД РК",
                "ГП КР",
                execution_requested_by=today + datetime.timedelta(days=4),
            ),
            relations=_relations(
                kz_almaty,
                [
                    {
                        "kind": "records",
                        "details": "Истребовать сведения о пересечении границы гражданками КР "
                        "через КПП «Кордай» в феврале–апреле 2026 г.",
                        "persons": victims,
                    }
                ],
            ),
        )
        services.mla_request_submit(request=mla, actor=users["kz_investigator"])
        services.mla_request_approve(request=mla, actor=users["kz_prosecutor"])
        services.mla_request_send(
            request=mla,
            actor=users["kz_prosecutor"],
            outgoing_number="2-11/504",
            outgoing_date=today,
            channel="central_authority",
        )
        services.mla_request_receive(
            request=mla, actor=users["kg_prosecutor"], incoming_number="03-771", incoming_date=today
        )
        return mla

    def submitted():
        mla = services.mla_request_create(
            case=kz_shymkent,
            actor=users["kz_investigator"],
            fields=_fields(
                kz_shymkent,
                "МВД РК",
                "ГП КР",
                urgent=True,
                urgency_reason="Несовершеннолетняя потерпевшая",
            ),
            relations=_relations(
                kz_shymkent,
                [
                    {
                        "kind": "locate_person",
                        "details": "Установить родителей несовершеннолетней потерпевшей в КР.",
                    }
                ],
            ),
        )
        services.mla_request_submit(request=mla, actor=users["kz_investigator"])
        return mla

    once(kg_osh, executed)
    once(kg_talas, draft)
    once(kz_almaty, received)
    once(kz_shymkent, submitted)
    return made
