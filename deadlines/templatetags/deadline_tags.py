"""How a clock's end reads on a page: in the zone of the law that sets it and, when that reads
differently, in the viewer's zone, with UTC in the tooltip."""

from __future__ import annotations

import datetime
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deadlines.computation import zone_of

register = template.Library()

# The names people use for the zones the portal works in.
ZONE_LABELS = {"Asia/Almaty": _("Almaty"), "Asia/Bishkek": _("Bishkek"), "UTC": "UTC"}
FORMAT = "%d.%m.%Y %H:%M"


def zone_label(zone: datetime.tzinfo) -> str:
    key = getattr(zone, "key", None) or str(zone)
    return str(ZONE_LABELS.get(key, key))


@register.inclusion_tag("deadlines/partials/moment.html")
def moment_in_zones(moment: datetime.datetime | None, country: str):
    """``moment`` in the zone of ``country``'s law, then in the viewer's zone when it reads
    differently there: «04.01.2027 17:37 (Алматы) · 04.01.2027 18:37 (Бишкек)»."""
    if moment is None:
        return {"moment": None}
    law_zone = zone_of(country)
    viewer_zone = timezone.get_current_timezone()
    law_local = moment.astimezone(law_zone)
    viewer_local = moment.astimezone(viewer_zone)
    differs = law_local.utcoffset() != viewer_local.utcoffset()
    return {
        "moment": moment,
        "law": law_local.strftime(FORMAT),
        "law_zone": zone_label(law_zone),
        "viewer": viewer_local.strftime(FORMAT) if differs else "",
        "viewer_zone": zone_label(viewer_zone) if differs else "",
        "utc": moment.astimezone(zoneinfo.ZoneInfo("UTC")).strftime(FORMAT),
    }
