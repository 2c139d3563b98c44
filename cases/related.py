"""What hangs off a case, for its page: its requests, extradition files and teams.

Each list starts from its own model's ``visible_to`` rule, so the case page never shows a
record its reader could not open; three queries whatever the number of records."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from cases.models import Case


def case_related(case: Case, user) -> dict:
    from extradition.models import ExtraditionFile
    from requests_mla.models import MLARequest
    from requests_mla.workflow import may_draft
    from teams.models import JointTeam

    requests = (
        MLARequest.objects.visible_to(user)
        .filter(case=case)
        .select_related("requesting_agency", "requested_agency")
        .order_by("-created_at", "-id")
    )
    # A file opened in this case, or in a linked case and attached to this one too.
    attached = ExtraditionFile.linked_cases.through.objects.filter(
        extraditionfile_id=OuterRef("pk"), case_id=case.pk
    )
    files = (
        ExtraditionFile.objects.visible_to(user)
        .filter(Q(case=case) | Q(Exists(attached)))
        .order_by("-created_at", "-id")
    )
    in_team = JointTeam.cases.through.objects.filter(jointteam_id=OuterRef("pk"), case_id=case.pk)
    teams = JointTeam.objects.visible_to(user).filter(Exists(in_team)).order_by("-starts_on", "-id")
    return {
        "related_requests": list(requests),
        "related_files": list(files),
        "related_teams": list(teams),
        "may_draft_request": may_draft(user, case),
    }
