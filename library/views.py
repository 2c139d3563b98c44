"""The library pages. Reads go through LibraryDocument.objects.visible_to (else 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from audit.models import AuditEvent
from core.forms import form_errors_text
from core.pages import run_step
from library import services
from library.filters import filter_documents
from library.forms import DocumentForm, SearchForm, VersionForm
from library.models import LibraryDocument, LibraryTag, LibraryVersion


class DocumentListView(LoginRequiredMixin, ListView):
    template_name = "library/document_list.html"
    context_object_name = "documents"
    paginate_by = 50

    def get_queryset(self):
        # Agency and instrument joined, tags prefetched: a constant number of queries a page.
        queryset = (
            LibraryDocument.objects.visible_to(self.request.user)
            .select_related("owning_agency", "instrument")
            .prefetch_related("tags")
        )
        return filter_documents(queryset, self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            search_form=SearchForm(self.request.GET or None),
            query=params.urlencode(),
            searching=bool((self.request.GET.get("q") or "").strip()),
            may_add=services.may_add(self.request.user),
            tags=LibraryTag.objects.all()[:50],
        )
        return context


class DocumentCreateView(LoginRequiredMixin, View):
    template_name = "library/document_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_add(request.user):
            raise PermissionDenied(_("Officers of the agencies add documents to the library."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": DocumentForm()})

    def post(self, request):
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            created = {}
            if run_step(
                request,
                lambda: created.setdefault(
                    "document",
                    services.library_document_create(
                        actor=request.user, upload=data.pop("file"), **data
                    ),
                ),
                form=form,
                success=_("The document is in the library."),
            ):
                return redirect("library:detail", pk=created["document"].pk)
        return render(request, self.template_name, {"form": form}, status=400)


class DocumentAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.document = get_object_or_404(
            LibraryDocument.objects.visible_to(request.user).select_related(
                "owning_agency", "instrument", "created_by"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


class DocumentDetailView(DocumentAccessMixin, TemplateView):
    template_name = "library/document_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.document
        context.update(
            document=document,
            tags=document.tags.all(),
            versions=document.versions.select_related("uploaded_by").defer("extracted_text"),
            may_change=services.may_change(self.request.user, document),
            version_form=VersionForm(),
            timeline=AuditEvent.objects.history_of(document).select_related("actor_agency")[:50],
        )
        return context


class VersionUploadView(DocumentAccessMixin, View):
    def post(self, request, pk):
        form = VersionForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
        else:
            run_step(
                request,
                lambda: services.library_version_add(
                    document=self.document,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                ),
                labels={"file": _("file")},
                success=_("The new version is stored."),
            )
        return redirect("library:detail", pk=pk)


class VersionDownloadView(DocumentAccessMixin, View):
    def get(self, request, pk, version_pk):
        version = get_object_or_404(LibraryVersion, pk=version_pk, document=self.document)
        return version.serve(actor=request.user, scope=self.document)
