from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
]
