from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("", views.StatisticsView.as_view(), name="index"),
    path(
        "<slug:name>.<str:fmt>",
        views.FigureDownloadView.as_view(),
        name="download",
    ),
]
