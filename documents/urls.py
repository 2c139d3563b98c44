from django.urls import path, register_converter

from documents import views


class DocumentCodeConverter:
    """12 to 64 hexadecimal digits (a prefix of a content hash); anything else is a 404."""

    regex = "[0-9a-fA-F]{12,64}"

    def to_python(self, value: str) -> str:
        return value.lower()

    def to_url(self, value: str) -> str:
        return value


register_converter(DocumentCodeConverter, "document_code")

app_name = "documents"
urlpatterns = [
    path("verify/", views.DocumentVerifyView.as_view(), name="verify"),
    path(
        "verify/<document_code:code>/", views.DocumentVerifyCodeView.as_view(), name="verify_code"
    ),
]
