from django.urls import path

from library import views

app_name = "library"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("new/", views.DocumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/versions/new/", views.VersionUploadView.as_view(), name="version_upload"),
    path(
        "<int:pk>/versions/<int:version_pk>/",
        views.VersionDownloadView.as_view(),
        name="version_download",
    ),
]
