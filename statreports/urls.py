from django.urls import path, register_converter

from statreports import views
from statreports.workflow import STATREPORT_WORKFLOW


class ReportStepConverter:
    regex = "|".join(STATREPORT_WORKFLOW.names())

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportStepConverter, "reportstep")

app_name = "statreports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/report.pdf", views.ReportDocumentView.as_view(), name="document"),
    path("<int:pk>/<reportstep:step>/", views.ReportStepView.as_view(), name="step"),
]
