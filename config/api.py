"""The REST API's routes: every resource of the browser UI, with the same permissions."""

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

import cases.urls
import extradition.urls  # noqa: F401  (registers the "xstep" path converter)
import operations.urls  # noqa: F401  (registers the "opstep" path converter)
import requests_mla.urls  # noqa: F401  (registers the "step" path converter)
import statreports.urls  # noqa: F401  (registers the "reportstep" path converter)
from accounts.api.views import AgencyViewSet, LogoutView, MeView, TokenView
from cases.api import persons
from cases.api import views as cases
from core.home import HomeAPIView
from deadlines.api import DeadlineViewSet, NotificationViewSet
from exchange.api import MessageViewSet
from extradition.api import ExtraditionViewSet
from library.api import LibraryDocumentViewSet
from operations.api import OperationViewSet
from requests_mla.api import MLARequestViewSet
from statreports.api import StatReportViewSet
from stats.api import FigureDataView, FigureListView
from teams.api import TASK_TRANSITIONS, TaskViewSet, TeamViewSet
from treaties.api import views as treaties
from treaties.api.assistance import AssistanceKindViewSet


class TaskTransitionConverter:
    regex = "|".join(TASK_TRANSITIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TaskTransitionConverter, "tasktransition")


class IntegerIdRouter(DefaultRouter):
    """Every resource's id is an integer: anything else in its place is a 404 from the URL
    resolver, never a query comparing an integer column with text (a 500). ASCII digits, as
    Django's ``int`` converter (``\\d`` would take any script's digits)."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or getattr(viewset, "lookup_field", "pk")
        return f"(?P<{lookup_prefix}{kwarg}>[0-9]+)"


router = IntegerIdRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("treaties", treaties.InstrumentViewSet, basename="treaty")
router.register("treaty-parties", treaties.PartyViewSet, basename="treaty-party")
router.register("treaty-provisions", treaties.ProvisionViewSet, basename="treaty-provision")
router.register("deadline-rules", treaties.DeadlineRuleViewSet, basename="deadline-rule")
router.register("required-elements", treaties.RequiredElementViewSet, basename="required-element")
router.register("refusal-grounds", treaties.RefusalGroundViewSet, basename="refusal-ground")
router.register("assistance-kinds", AssistanceKindViewSet, basename="assistance-kind")
router.register("criminal-codes", treaties.CriminalCodeViewSet, basename="criminal-code")
router.register("criminal-articles", treaties.CriminalArticleViewSet, basename="criminal-article")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("persons/access-requests", persons.AccessRequestViewSet, basename="access-request")
router.register("mla-requests", MLARequestViewSet, basename="mla-request")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("extraditions", ExtraditionViewSet, basename="extradition")
router.register("teams", TeamViewSet, basename="team")
router.register("tasks", TaskViewSet, basename="task")
router.register("stat-reports", StatReportViewSet, basename="stat-report")
router.register("operations", OperationViewSet, basename="operation")
router.register("library", LibraryDocumentViewSet, basename="library-document")
router.register("messages", MessageViewSet, basename="message")

# Records under one case: /api/cases/{case_pk}/<kind>/...
case_children = [
    path(
        "cases/<int:case_pk>/participants/",
        cases.ParticipantViewSet.as_view({"get": "list", "post": "create"}),
        name="case-participant-list",
    ),
    path(
        "cases/<int:case_pk>/participants/<int:pk>/",
        cases.ParticipantViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="case-participant-detail",
    ),
    path(
        "cases/<int:case_pk>/attachments/",
        cases.AttachmentViewSet.as_view({"get": "list", "post": "create"}),
        name="case-attachment-list",
    ),
    path(
        "cases/<int:case_pk>/attachments/<int:pk>/",
        cases.AttachmentViewSet.as_view({"get": "retrieve"}),
        name="case-attachment-detail",
    ),
    path(
        "cases/<int:case_pk>/attachments/<int:pk>/download/",
        cases.AttachmentViewSet.as_view({"get": "download"}),
        name="case-attachment-download",
    ),
    path(
        "cases/<int:case_pk>/grants/",
        cases.GrantViewSet.as_view({"get": "list", "post": "create"}),
        name="case-grant-list",
    ),
    path(
        "cases/<int:case_pk>/grants/<grantee:kind>/<int:grantee_pk>/",
        cases.GrantViewSet.as_view({"delete": "destroy"}),
        name="case-grant-detail",
    ),
    path(
        "cases/<int:case_pk>/links/",
        cases.LinkViewSet.as_view({"get": "list", "post": "create"}),
        name="case-link-list",
    ),
    *[
        path(
            f"cases/<int:case_pk>/links/<int:pk>/{verb}/",
            cases.LinkViewSet.as_view({"post": verb}),
            name=f"case-link-{verb}",
        )
        for verb in ("accept", "decline", "withdraw")
    ],
]

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("me/", MeView.as_view(), name="me"),
    path("home/", HomeAPIView.as_view(), name="home"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI under the Content-Security-Policy: its set-up script comes as a file of its own
    # (/api/docs/?script=) and the page's few styles from the portal's static files.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="core/swagger_ui.html"
        ),
        name="docs",
    ),
    *case_children,
    # The same person across spellings and countries (cases.persons).
    path("persons/", persons.PersonSearchView.as_view(), name="person-list"),
    path("persons/compare/", persons.PersonCompareView.as_view(), name="person-compare"),
    path("persons/check/", persons.PersonCheckView.as_view(), name="person-check"),
    path(
        "tasks/<int:pk>/<tasktransition:transition>/",
        TaskViewSet.as_view({"post": "transition"}),
        name="task-transition",
    ),
    path(
        "extraditions/<int:pk>/<xstep:step>/",
        ExtraditionViewSet.as_view({"post": "step"}),
        name="extradition-step",
    ),
    path(
        "stat-reports/<int:pk>/<reportstep:step>/",
        StatReportViewSet.as_view({"post": "step"}),
        name="stat-report-step",
    ),
    path(
        "mla-requests/<int:pk>/<step:step>/",
        MLARequestViewSet.as_view({"post": "step"}),
        name="mla-request-step",
    ),
    path(
        "operations/<int:pk>/<opstep:step>/",
        OperationViewSet.as_view({"post": "step"}),
        name="operation-step",
    ),
    # Statistics: the figures and the JSON behind each chart (stats.figures).
    path("statistics/", FigureListView.as_view(), name="statistics-list"),
    path("statistics/<slug:name>/", FigureDataView.as_view(), name="statistics-figure"),
    path("", include(router.urls)),
]
