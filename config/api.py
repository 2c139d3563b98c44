"""The REST API's routes: every resource of the browser UI, with the same permissions."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.api.views import AgencyViewSet, MeView, TokenView
from treaties.api import views as treaties

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("treaties", treaties.InstrumentViewSet, basename="treaty")
router.register("treaty-parties", treaties.PartyViewSet, basename="treaty-party")
router.register("treaty-provisions", treaties.ProvisionViewSet, basename="treaty-provision")
router.register("deadline-rules", treaties.DeadlineRuleViewSet, basename="deadline-rule")
router.register("required-elements", treaties.RequiredElementViewSet, basename="required-element")
router.register("refusal-grounds", treaties.RefusalGroundViewSet, basename="refusal-ground")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
