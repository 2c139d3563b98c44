"""Models of trafficking cases: the case, its people, files, links and access grants."""

from cases.models.access import AccessRequest, AccessRequestStatus, PersonCheck
from cases.models.attachment import Attachment
from cases.models.case import Case, Qualification, RoutePoint
from cases.models.link import CaseLink
from cases.models.permissions import CaseGroupObjectPermission, CaseUserObjectPermission
from cases.models.person import IdentityDocument, Participant, Person

__all__ = [
    "AccessRequest",
    "AccessRequestStatus",
    "Attachment",
    "Case",
    "CaseGroupObjectPermission",
    "CaseLink",
    "CaseUserObjectPermission",
    "IdentityDocument",
    "Participant",
    "Person",
    "PersonCheck",
    "Qualification",
    "RoutePoint",
]
