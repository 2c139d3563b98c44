from django.urls import path, register_converter

from operations import views


class OperationStepConverter:
    regex = "go|postpone|cancel|complete"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OperationStepConverter, "opstep")

app_name = "operations"
urlpatterns = [
    path("", views.OperationListView.as_view(), name="list"),
    path("new/", views.OperationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.OperationDetailView.as_view(), name="detail"),
    path("<int:pk>/report/", views.OperationReportView.as_view(), name="report"),
    path("<int:pk>/<opstep:step>/", views.OperationStepView.as_view(), name="step"),
]
