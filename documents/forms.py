"""The verification form: a code from the paper, or the PDF file itself."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.files import kind_max_bytes
from core.forms import StyledFormMixin

CODE_RE = re.compile(r"[0-9a-f]{12,64}")
CHUNK = 1024 * 1024


def max_upload_bytes() -> int:
    """The largest PDF the form reads: that of the "pdf" kind of settings.UPLOAD_KINDS."""
    return kind_max_bytes("pdf")


class VerifyForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Document code"),
        required=False,
        max_length=200,  # spaces and dashes typed from the paper are dropped in clean_code
        help_text=_("Printed at the end of the document: 12 to 64 characters 0-9 and a-f."),
    )
    file = forms.FileField(
        label=_("or the PDF file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, upload_too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large
        self.fields["file"].help_text = _(
            "Up to %(size)s. Only its SHA-256 is computed; the file is not kept."
        ) % {"size": filesizeformat(max_upload_bytes())}

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if code and not CODE_RE.fullmatch(code):
            raise ValidationError(_("A document code is 12 to 64 characters 0-9 and a-f."))
        return code

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if self.upload_too_large or (upload is not None and upload.size > limit):
            raise ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if bool(cleaned.get("code")) == bool(cleaned.get("file")):
            raise ValidationError(
                _("Enter the document code or choose the PDF file (one of them).")
            )
        return cleaned

    def file_sha256(self) -> str:
        """SHA-256 of the uploaded file, read in chunks."""
        digest = hashlib.sha256()
        for chunk in self.cleaned_data["file"].chunks(CHUNK):
            digest.update(chunk)
        return digest.hexdigest()
