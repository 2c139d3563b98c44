"""Demo extradition files (used by `manage.py seed_demo`; idempotent): a person detained in
Almaty and held in temporary custody, whose custody clock counts from the minute of the
detention, and a refusal turned into a transfer of prosecution."""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from cases.models import Case
from extradition import legal_basis, services
from extradition.models import ExtraditionFile
from treaties.models import CriminalArticle, RefusalGround


def _article(country: str, category: str, part: str = "") -> CriminalArticle:
    return CriminalArticle.objects.first_of(country, category, part)


@transaction.atomic
def seed_extradition(cases: dict[str, Case]) -> list[ExtraditionFile]:
    users = {u.username: u for u in User.objects.select_related("agency")}
    # The bilateral basis first: the bases that govern the two states today, as proposed.
    bases = legal_basis.proposed_bases("KG", "KZ")[:1]
    today = timezone.localdate()

    kg_osh, kz_almaty = cases["kg_osh"], cases["kz_almaty"]
    if not ExtraditionFile.objects.filter(case=kg_osh).exists():
        suspect = kg_osh.participants.get(role="suspect")
        file = services.extradition_file_open(
            actor=users["kg_investigator"],
            case=kg_osh,
            person=suspect,
            requested_state="KZ",
            purpose="prosecution",
            requesting_articles=[_article("KG", "trafficking", "1")],
            requested_articles=[_article("KZ", "trafficking", "1")],
            instruments=bases,
            notice_number="МР-КР-2026/0417",
        )
        kz = users["kz_prosecutor"]
        services.extradition_step(
            file=file,
            actor=users["kg_prosecutor"],
            step="locate",
            data={"located_place": "г. Алматы"},
        )
        # 25.11.2026 at 17:37 Almaty time: the custody clock ends at 17:37, not at midnight.
        detained = datetime.datetime(2026, 11, 25, 17, 37, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))
        services.extradition_step(
            file=file,
            actor=kz,
            step="detain",
            data={
                "detention_place": "ИВС ДП г. Алматы",
                "detained_at": detained,
                "detaining_agency": Agency.objects.get(short_name="МВД РК"),
            },
        )
        services.extradition_step(
            file=file,
            actor=kz,
            step="order_custody",
            data={
                "custody_court": "Специализированный следственный суд г. Алматы",
                "custody_ordered_on": datetime.date(2026, 11, 26),
            },
        )
        services.extradition_document_send(
            file=file, actor=users["kg_prosecutor"], kind="custody_request"
        )

    if not ExtraditionFile.objects.filter(case=kz_almaty).exists():
        suspect = kz_almaty.participants.filter(role="suspect", person__citizenship="KG").first()
        file = services.extradition_file_open(
            actor=users["kz_investigator"],
            case=kz_almaty,
            person=suspect,
            requested_state="KG",
            purpose="prosecution",
            requesting_articles=[_article("KZ", "trafficking", "1")],
            requested_articles=[_article("KG", "trafficking", "1")],
            instruments=bases,
            notice_number="МР-РК-2026/1102",
        )
        kg = users["kg_prosecutor"]
        services.extradition_step(
            file=file, actor=kg, step="receive_request", data={"request_received_on": today}
        )
        services.extradition_step(
            file=file,
            actor=kg,
            step="decide",
            data={
                "decision": "refused",
                "decision_on": today,
                "grounds": list(
                    RefusalGround.objects.filter(code="own-national", instrument__in=bases)
                ),
                "note": "Лицо является гражданином Кыргызской Республики.",
            },
        )
        services.extradition_step(
            file=file,
            actor=users["kz_prosecutor"],
            step="request_transfer",
            data={"note": "Передача уголовного преследования в отношении гражданина КР."},
        )
        services.extradition_step(
            file=file, actor=kg, step="accept_transfer", data={"transfer_accepted_on": today}
        )
    return list(ExtraditionFile.objects.filter(case__in=[kg_osh, kz_almaty]).order_by("pk"))
