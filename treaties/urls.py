from django.urls import path, register_converter

from treaties import assistance_views, views


class RecordKindConverter:
    regex = "|".join(views.CHILD_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LawKindConverter(RecordKindConverter):
    regex = "code|article"


register_converter(RecordKindConverter, "recordkind")
register_converter(LawKindConverter, "lawkind")

app_name = "treaties"
urlpatterns = [
    path("", views.InstrumentListView.as_view(), name="list"),
    path("rules/", views.DeadlineRuleListView.as_view(), name="rules"),
    path("criminal-law/", views.CriminalLawView.as_view(), name="criminal_law"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/decree/", views.DecreeCreateView.as_view(), name="decree_create"),
    path("assistance/", assistance_views.AssistanceKindListView.as_view(), name="assistance"),
    path(
        "assistance/new/",
        assistance_views.AssistanceKindCreateView.as_view(),
        name="assistance_create",
    ),
    path(
        "assistance/<int:pk>/edit/",
        assistance_views.AssistanceKindUpdateView.as_view(),
        name="assistance_edit",
    ),
    path(
        "assistance/<int:pk>/provided-by/new/",
        assistance_views.InstrumentAssistanceCreateView.as_view(),
        name="assistance_link_create",
    ),
    path(
        "assistance/provided-by/<int:pk>/edit/",
        assistance_views.InstrumentAssistanceUpdateView.as_view(),
        name="assistance_link_edit",
    ),
    path(
        "criminal-law/<lawkind:kind>/new/",
        views.CriminalRecordCreateView.as_view(),
        name="law_create",
    ),
    path(
        "criminal-law/<lawkind:kind>/<int:pk>/edit/",
        views.CriminalRecordUpdateView.as_view(),
        name="law_edit",
    ),
    path("new/", views.InstrumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InstrumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InstrumentUpdateView.as_view(), name="edit"),
    path("<int:pk>/<recordkind:kind>/new/", views.ChildCreateView.as_view(), name="child_create"),
    path("<recordkind:kind>/<int:pk>/edit/", views.ChildUpdateView.as_view(), name="child_edit"),
]
