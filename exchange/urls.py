from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.MessageListView.as_view(), name="list"),
    path("new/", views.MessageCreateView.as_view(), name="create"),
    path("new/officers/", views.OfficerOptionsView.as_view(), name="officer_options"),
    path("new/cases/", views.CaseOptionsView.as_view(), name="case_options"),
    path("unread/", views.UnreadBadgeView.as_view(), name="unread"),
    path("<int:pk>/", views.MessageDetailView.as_view(), name="detail"),
    path("<int:pk>/reply/", views.ReplyView.as_view(), name="reply"),
    path("<int:pk>/acknowledge/", views.AcknowledgeView.as_view(), name="acknowledge"),
    path("<int:pk>/mla-draft/", views.DraftRequestView.as_view(), name="mla_draft"),
    path(
        "<int:pk>/files/<int:file_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
]
