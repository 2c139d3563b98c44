from django.urls import path, register_converter

from extradition import views
from extradition.workflow import EXTRADITION_WORKFLOW


class ExtraditionStepConverter:
    regex = "|".join(name.replace("_", "-") for name in EXTRADITION_WORKFLOW.names())

    def to_python(self, value: str) -> str:
        return value.replace("-", "_")

    def to_url(self, value: str) -> str:
        return value.replace("_", "-")


class DocumentConverter(ExtraditionStepConverter):
    regex = "extradition-request|custody-request"


register_converter(ExtraditionStepConverter, "xstep")
register_converter(DocumentConverter, "xdoc")

app_name = "extradition"
urlpatterns = [
    path("", views.ExtraditionListView.as_view(), name="list"),
    path("custody/", views.CustodyDashboardView.as_view(), name="custody"),
    path("new/", views.ExtraditionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ExtraditionDetailView.as_view(), name="detail"),
    path("<int:pk>/steps/<xstep:step>/", views.StepView.as_view(), name="step"),
    path("<int:pk>/grounds/", views.GroundsView.as_view(), name="grounds"),
    path("<int:pk>/documents/<xdoc:kind>.pdf", views.DocumentView.as_view(), name="document"),
    path(
        "<int:pk>/documents/<xdoc:kind>/send/",
        views.DocumentSendView.as_view(),
        name="document_send",
    ),
]
