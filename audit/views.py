"""The audit page (auditors and superusers) and its CSV export."""

from __future__ import annotations

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from audit.filters import AuditEventFilter
from audit.models import AuditAction, AuditChainCheck, AuditEvent
from audit.services import audit_record
from core.downloads import Echo, csv_cell
from core.forms import style_form
from core.mixins import RoleRequiredMixin
from core.pagination import CappedPaginationMixin

CSV_COLUMNS = [
    "occurred_at",
    "actor_username",
    "actor_agency",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "note",
    "request_id",
    "ip",
]


class _AuditAccessMixin(RoleRequiredMixin):
    required_check = "is_auditor"

    def filtered(self):
        queryset = AuditEvent.objects.select_related("actor_agency")
        filterset = AuditEventFilter(self.request.GET or None, queryset=queryset)
        style_form(filterset.form)
        return filterset


class AuditEventListView(CappedPaginationMixin, _AuditAccessMixin, ListView):
    template_name = "audit/event_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = self.filtered()
        if self.filterset.is_bound and not self.filterset.is_valid():
            return AuditEvent.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            chain_check=AuditChainCheck.objects.order_by("-id").first(),
        )
        return context


class AuditEventExportView(_AuditAccessMixin, View):
    def get(self, request):
        filterset = self.filtered()
        queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else None
        if queryset is None:
            queryset = AuditEvent.objects.none()
        audit_record(
            actor=request.user,
            action=AuditAction.EXPORT,
            object_type="audit.auditevent",
            object_id="*",
            object_repr="audit log CSV",
            note=request.GET.urlencode()[:500],
        )
        writer = csv.writer(Echo())
        hide_protected = filterset.hides_protected
        zone = timezone.get_current_timezone()

        def rows():
            yield "\ufeff"  # so spreadsheet programs read the Cyrillic as UTF-8
            yield writer.writerow(CSV_COLUMNS)
            for event in queryset.iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        csv_cell(v)
                        for v in (
                            event.occurred_at.astimezone(zone).isoformat(),
                            event.actor_username,
                            event.actor_agency.name_ru if event.actor_agency else "",
                            event.action,
                            event.object_type,
                            event.object_id,
                            event.object_repr,
                            ""
                            if hide_protected and event.is_protected
                            else json.dumps(event.changes, ensure_ascii=False),
                            event.note,
                            event.request_id,
                            event.ip,
                        )
                    ]
                )

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
