from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="list"),
    path("export.csv", views.AuditEventExportView.as_view(), name="export"),
]
