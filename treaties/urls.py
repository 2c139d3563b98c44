from django.urls import path, register_converter

from treaties import views


class RecordKindConverter:
    regex = "|".join(views.CHILD_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "recordkind")

app_name = "treaties"
urlpatterns = [
    path("", views.InstrumentListView.as_view(), name="list"),
    path("rules/", views.DeadlineRuleListView.as_view(), name="rules"),
    path("new/", views.InstrumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InstrumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InstrumentUpdateView.as_view(), name="edit"),
    path("<int:pk>/<recordkind:kind>/new/", views.ChildCreateView.as_view(), name="child_create"),
    path("<recordkind:kind>/<int:pk>/edit/", views.ChildUpdateView.as_view(), name="child_edit"),
]
