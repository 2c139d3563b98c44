from django.urls import path

from deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.MyDeadlinesView.as_view(), name="mine"),
    path("<int:pk>/pause/", views.PauseView.as_view(), name="pause"),
    path("<int:pk>/resume/", views.ResumeView.as_view(), name="resume"),
    path("<int:pk>/extend/", views.ExtendView.as_view(), name="extend"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notifications_read_all",
    ),
    path("bell/", views.BellView.as_view(), name="bell"),
    path("calendar/", views.FeedSettingsView.as_view(), name="feed_settings"),
    # Public: calendar programs cannot sign in; the token is the credential.
    path("<str:token>.ics", views.ical_feed, name="ical"),
]
