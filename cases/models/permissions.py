"""Per-case grants, as django-guardian rows with a direct foreign key to the case (fast joins)."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A case shared with one officer."""

    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """A case shared with a whole agency (through the agency's grantee group)."""

    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
