from django.urls import path, register_converter

from teams import views


class TeamStepConverter:
    regex = "sign|activate|extend|close|member"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TeamStepConverter, "teamstep")

app_name = "teams"
urlpatterns = [
    path("", views.TeamListView.as_view(), name="list"),
    path("my-tasks/", views.MyTasksView.as_view(), name="my_tasks"),
    path("<int:pk>/", views.TeamDetailView.as_view(), name="detail"),
    path("<int:pk>/tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("<int:pk>/tasks/<int:task_pk>/", views.TaskDetailView.as_view(), name="task"),
    path("<int:pk>/tasks/<int:task_pk>/move/", views.TaskMoveView.as_view(), name="task_move"),
    path("<int:pk>/tasks/<int:task_pk>/comments/", views.CommentView.as_view(), name="comment"),
    path(
        "<int:pk>/tasks/<int:task_pk>/files/new/",
        views.TaskFileUploadView.as_view(),
        name="task_file_upload",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/leave/",
        views.MemberLeaveView.as_view(),
        name="member_leave",
    ),
    path("<int:pk>/agreement.pdf", views.AgreementDraftView.as_view(), name="agreement"),
    path("<int:pk>/files/new/", views.TeamFileUploadView.as_view(), name="file_upload"),
    path(
        "<int:pk>/files/<int:file_pk>/", views.TeamFileDownloadView.as_view(), name="file_download"
    ),
    path("<int:pk>/<teamstep:step>/", views.TeamStepView.as_view(), name="step"),
]
