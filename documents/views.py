"""Verification of a paper document: by the code printed on it, or by the PDF file itself.

Any signed-in officer of either country may check a document. The pages show metadata only —
never the content, never a download link: the content is shown by the subject's own pages,
behind their visibility rules.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from documents import services
from documents.forms import VerifyForm, max_upload_bytes

FORM_TEMPLATE = "documents/verify.html"
RESULT_TEMPLATE = "documents/verify_result.html"


class UploadLimitHandler(FileUploadHandler):
    """Stops an upload beyond ``limit`` bytes while it streams in, before it reaches the disk."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile  # the parser drops the rest of this file and the partial copies
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory or temporary file) build the file


# SECURITY: CSRF is checked in post(), once the upload limit is in place: the middleware's check
# would read (and store) the whole body first.
@method_decorator(csrf_exempt, name="dispatch")
class DocumentVerifyView(LoginRequiredMixin, View):
    """The form: a document code, or a PDF to compare with the stored ones."""

    def get(self, request):
        return render(request, FORM_TEMPLATE, {"form": VerifyForm()})

    def post(self, request):
        limiter = UploadLimitHandler(request, limit=max_upload_bytes())
        request.upload_handlers.insert(0, limiter)

        @csrf_protect
        def checked(request):
            return self._verify(request, limiter)

        return checked(request)

    def _verify(self, request, limiter: UploadLimitHandler):
        form = VerifyForm(request.POST, request.FILES, upload_too_large=limiter.exceeded)
        if not form.is_valid():
            return render(request, FORM_TEMPLATE, {"form": form})
        if form.cleaned_data["code"]:
            # The same page as the QR code's: one address per code, audited where it is shown.
            return redirect("documents:verify_code", code=form.cleaned_data["code"])
        sha256 = form.file_sha256()
        documents = services.document_verify(actor=request.user, sha256=sha256)
        return render(
            request,
            RESULT_TEMPLATE,
            {"how": "file", "value": sha256, "documents": documents, "matched": bool(documents)},
        )


class DocumentVerifyCodeView(LoginRequiredMixin, View):
    """The result for a code (the address the QR code on the paper points to)."""

    def get(self, request, code: str):
        documents = services.document_verify(actor=request.user, code=code)
        return render(
            request,
            RESULT_TEMPLATE,
            {"how": "code", "value": code, "documents": documents, "matched": bool(documents)},
        )
