from django.urls import path, register_converter

from requests_mla import views
from requests_mla.documents import DOCUMENT_KINDS
from requests_mla.workflow import MLA_WORKFLOW, api_step_name


class StepConverter:
    regex = "|".join(api_step_name(name) for name in MLA_WORKFLOW.names())

    def to_python(self, value: str) -> str:
        return value.replace("-", "_")

    def to_url(self, value: str) -> str:
        return value.replace("_", "-")


class DocumentKindConverter:
    regex = "|".join(name.replace("_", "-") for name in DOCUMENT_KINDS)

    def to_python(self, value: str) -> str:
        return value.replace("-", "_")

    def to_url(self, value: str) -> str:
        return value.replace("_", "-")


register_converter(StepConverter, "step")
register_converter(DocumentKindConverter, "dockind")

app_name = "requests_mla"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("new/", views.RequestCreateView.as_view(), name="create"),
    path("checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.RequestUpdateView.as_view(), name="edit"),
    path("<int:pk>/steps/<step:step>/", views.TransitionView.as_view(), name="transition"),
    path("<int:pk>/documents/<dockind:kind>.pdf", views.DocumentView.as_view(), name="document"),
    path("<int:pk>/files/new/", views.FileUploadView.as_view(), name="file_upload"),
    path("<int:pk>/files/<int:file_pk>/", views.FileDownloadView.as_view(), name="file_download"),
]
