from django.urls import path, register_converter

from cases import person_views, views


class GranteeKindConverter:
    regex = "user|agency"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(GranteeKindConverter, "grantee")

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("export.csv", views.CaseExportView.as_view(), name="export"),
    path(
        "filter-options/<str:name>/",
        views.CaseFilterOptionsView.as_view(),
        name="filter_options",
    ),
    path("new/", views.CaseCreateView.as_view(), name="create"),
    path("access-requests/", person_views.AccessRequestListView.as_view(), name="access_requests"),
    path(
        "access-requests/<int:pk>/answer/",
        person_views.AccessAnswerView.as_view(),
        name="access_request_answer",
    ),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CaseUpdateView.as_view(), name="edit"),
    path("<int:pk>/status/", views.CaseStatusView.as_view(), name="status"),
    path(
        "<int:pk>/participants/new/",
        views.ParticipantCreateView.as_view(),
        name="participant_create",
    ),
    path(
        "<int:pk>/participants/matches/",
        person_views.PersonMatchesView.as_view(),
        name="person_matches",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/",
        person_views.PersonDetailView.as_view(),
        name="person",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/check/",
        person_views.PersonCheckView.as_view(),
        name="person_check",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/access/",
        person_views.AccessAskView.as_view(),
        name="access_request_create",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/edit/",
        views.PersonUpdateView.as_view(),
        name="person_edit",
    ),
    path(
        "<int:pk>/attachments/new/", views.AttachmentUploadView.as_view(), name="attachment_upload"
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/download/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("<int:pk>/sharing/", views.GrantView.as_view(), name="grant"),
    path(
        "<int:pk>/sharing/<str:kind>/<int:grantee_pk>/revoke/",
        views.RevokeView.as_view(),
        name="revoke",
    ),
    path("<int:pk>/links/new/", views.LinkProposeView.as_view(), name="link_propose"),
    path(
        "<int:pk>/links/<int:link_pk>/decide/", views.LinkDecideView.as_view(), name="link_decide"
    ),
    path(
        "<int:pk>/links/<int:link_pk>/withdraw/",
        views.LinkWithdrawView.as_view(),
        name="link_withdraw",
    ),
]
