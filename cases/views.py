"""Case pages. Every view fetches its case through CaseAccessMixin (visible_to, 404 otherwise)."""

from __future__ import annotations

import csv
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.db.models import Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.choices import Role
from accounts.models import Agency, User
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record
from cases import services
from cases.choices import CaseStatus, LinkStatus, ParticipantRole
from cases.filters import CaseFilter
from cases.forms import (
    AttachmentForm,
    CaseForm,
    GrantForm,
    LinkProposeForm,
    ParticipantForm,
    PersonEditForm,
    RouteFormSet,
)
from cases.models import (
    Attachment,
    Case,
    CaseGroupObjectPermission,
    CaseLink,
    CaseUserObjectPermission,
    Participant,
    Qualification,
)
from cases.presenters import present_participants, pseudonym, shown_victims
from cases.related import case_related
from cases.workflow import CASE_LINK_WORKFLOW, CASE_WORKFLOW, status_step
from core.downloads import Echo, csv_cell
from core.exceptions import DomainError
from core.files import accepted_text, upload_kinds
from core.forms import (
    OptionsOnDemandSelect,
    add_validation_error,
    form_errors_text,
    show_all_choices,
    style_form,
)
from core.pages import confirmation_page, run_step, step_forms
from core.pagination import CappedPaginationMixin, PresortedRows
from exchange import services as exchange_services
from treaties.models import CriminalArticle, CriminalCode, ExploitationForm

TABS = ("overview", "participants", "links", "attachments", "sharing", "history")


def _columns_in_order(model, names: tuple[str, ...]) -> list:
    """The fields of ``model`` named in ``names``, in the model's own order (``from_db``'s)."""
    return [f for f in model._meta.concrete_fields if f.name in names]


# What a list row shows of the registry rows it names: an article's citation (its numbers and
# its code's short names) and a form of exploitation's name. The rest stays deferred.
_ARTICLE_FIELDS = _columns_in_order(CriminalArticle, ("id", "code", "article", "part", "clause"))
_CODE_FIELDS = _columns_in_order(CriminalCode, ("id", "short_name", "short_name_en"))
_FORM_FIELDS = _columns_in_order(ExploitationForm, ("id", "name_ru", "name_en", "order"))


def _named_registry_sql(connection, count: int, forms: bool) -> str:
    """One statement: for ``count`` case ids (twice with ``forms``), each qualification with its
    article and code, and with ``forms`` each form of exploitation linked, as rows of one shape:
    ``(case id, link id, is form, article columns…, code short names…, form columns…)``.

    Identifiers come from the models' ``_meta``, quoted by the connection; the ids are
    parameters. Written as SQL rather than built by the ORM: building and compiling the
    three querysets it replaces (the links, the articles with their codes, the forms) cost
    more than reading them (4.5 → 1.1 ms per page of 25 cases at 100,000 cases).
    """
    qn = connection.ops.quote_name

    def cols(alias: str, fields) -> list[str]:
        return [f"{alias}.{qn(f.column)}" for f in fields]

    def table(model) -> str:
        return qn(model._meta.db_table)

    def column(model, name: str) -> str:
        return qn(model._meta.get_field(name).column)

    marks = ", ".join(["%s"] * count)
    n_forms, n_articles = len(_FORM_FIELDS), len(_ARTICLE_FIELDS) + len(_CODE_FIELDS) - 1
    articles = [
        f"nq.{column(Qualification, 'case')}",
        f"nq.{qn('id')}",
        "0",
        *cols("na", _ARTICLE_FIELDS),
        *cols("nc", _CODE_FIELDS[1:]),
        *["NULL"] * n_forms,
    ]
    sql = (
        f"SELECT {', '.join(articles)} FROM {table(Qualification)} nq "  # noqa: S608 (see above)
        f"INNER JOIN {table(CriminalArticle)} na "
        f"ON na.{qn('id')} = nq.{column(Qualification, 'article')} "
        f"INNER JOIN {table(CriminalCode)} nc "
        f"ON nc.{qn('id')} = na.{column(CriminalArticle, 'code')} "
        f"WHERE nq.{column(Qualification, 'case')} IN ({marks})"
    )
    if forms:
        through = Case.exploitation_forms.through
        named_forms = [
            f"nt.{column(through, 'case')}",
            f"nt.{qn('id')}",
            "1",
            *["NULL"] * n_articles,
            *cols("nf", _FORM_FIELDS),
        ]
        sql += (
            f" UNION ALL SELECT {', '.join(named_forms)} FROM {table(through)} nt "  # noqa: S608
            f"INNER JOIN {table(ExploitationForm)} nf "
            f"ON nf.{qn('id')} = nt.{column(through, 'exploitationform')} "
            f"WHERE nt.{column(through, 'case')} IN ({marks})"
        )
    return sql


def attach_listed(cases: list[Case], *, forms: bool = False, using: str = "") -> list[Case]:
    """The registry rows a page of list rows names, read for the page at once:
    ``listed_articles``, the qualifying articles in the order recorded, and with ``forms``
    ``listed_forms``, the forms of exploitation in the registry's order.

    One statement for the page (``_named_registry_sql``); each distinct article, code and form
    becomes one object holding what a row shows (the rest deferred), shared by the rows that
    name it: prefetched, 25 cases built 25 qualifications, 25 articles and 25 codes from wide
    registry rows for the same few articles.
    """
    if not cases:
        return cases
    ids = [case.pk for case in cases]
    connection = connections[using or router.db_for_read(Case)]
    with connection.cursor() as cursor:
        cursor.execute(_named_registry_sql(connection, len(ids), forms), ids * (2 if forms else 1))
        rows = sorted(cursor.fetchall(), key=lambda row: row[1])
    db = connection.alias
    n_article, n_code = len(_ARTICLE_FIELDS), len(_CODE_FIELDS) - 1
    article_names = [f.attname for f in _ARTICLE_FIELDS]
    code_names = [f.attname for f in _CODE_FIELDS]
    form_names = [f.attname for f in _FORM_FIELDS]
    code_at = article_names.index("code_id")
    articles: dict[int, CriminalArticle] = {}
    codes: dict[int, CriminalCode] = {}
    shown_forms: dict[int, ExploitationForm] = {}
    named: dict[tuple[int, int], list] = defaultdict(list)
    for row in rows:
        case_id, is_form, values = row[0], row[2], row[3:]
        if is_form:
            form_values = values[n_article + n_code :]
            form = shown_forms.get(form_values[0])
            if form is None:
                form = shown_forms[form_values[0]] = ExploitationForm.from_db(
                    db, form_names, form_values
                )
            named[case_id, 1].append(form)
            continue
        article_values = values[:n_article]
        article = articles.get(article_values[0])
        if article is None:
            code_id = article_values[code_at]
            code = codes.get(code_id)
            if code is None:
                code = codes[code_id] = CriminalCode.from_db(
                    db, code_names, (code_id, *values[n_article : n_article + n_code])
                )
            article = articles[article_values[0]] = CriminalArticle.from_db(
                db, article_names, article_values
            )
            article.code = code
        named[case_id, 0].append(article)
    # What rows show of a shared object is worked out once for the page, in the reader's
    # language: an article's citation, a form's name, a status's label (each a translation
    # looked up per use: a quarter of the case table's rendering).
    citations = {pk: article.citation for pk, article in articles.items()}
    form_names = {pk: form.name for pk, form in shown_forms.items()}
    status_labels: dict[str, str] = {}
    for case in cases:
        case.listed_articles = named.get((case.pk, 0), [])
        case.listed_citations = [citations[article.pk] for article in case.listed_articles]
        if case.status not in status_labels:
            status_labels[case.status] = case.get_status_display()
        case.status_label = status_labels[case.status]
        if forms:
            # In the registry's order (its Meta.ordering), as the case's page lists them.
            case.listed_forms = sorted(named.get((case.pk, 1), ()), key=lambda f: (f.order, f.pk))
            case.listed_form_names = [form_names[form.pk] for form in case.listed_forms]
    return cases


class _ListedRows(ModelIterable):
    """The list's rows, with what they show (``attach_listed``) read for all of them at once."""

    forms = False

    def __iter__(self):
        rows = list(super().__iter__())
        yield from attach_listed(rows, forms=self.forms, using=self.queryset.db)


class _ListedRowsWithForms(_ListedRows):
    forms = True


def victim_count_subquery():
    """The victims of the row's case: ``(SELECT COUNT(*) … WHERE case_id = id)``, no GROUP BY."""
    victims = (
        Participant.objects.filter(case=OuterRef("pk"), role=ParticipantRole.VICTIM)
        .order_by()
        .annotate(n=Func("pk", function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(victims, output_field=IntegerField()), 0)


# What a row of the case lists shows (the page, the API's list, the CSV export): the case's wide
# texts (its summary, the participants' and victims' folded names) and the officer's account
# are not read for a list. 25 rows read whole cost 1.7 ms more per page at 100,000 cases.
CASE_LIST_COLUMNS = (
    "reference",
    "country",
    "national_register",
    "national_number",
    "title",
    "status",
    "opened_on",
    "owning_agency__name_ru",
    "owning_agency__name_en",
    "owning_agency__short_name",
    *(f"lead_investigator__{name}" for name in User.NAME_FIELDS),
)


def case_list_queryset(user, *, forms: bool = False):
    """The case list: visible cases with everything a row shows, in a constant number of queries.

    A row's articles (and, with ``forms``, its forms of exploitation: the page shows them, the
    API's list does not) are read for the rows together when they are read (``attach_listed``).
    """
    queryset = (
        Case.objects.visible_to(user)
        .select_related("owning_agency", "lead_investigator")
        .only(*CASE_LIST_COLUMNS)
        # A subquery per shown row, not a join and GROUP BY over every visible case's people.
        .annotate(victim_count=victim_count_subquery())
        .order_by("-opened_on", "-id")
    )
    queryset._iterable_class = _ListedRowsWithForms if forms else _ListedRows
    return queryset


class CaseAccessMixin(LoginRequiredMixin):
    """Load ``self.case`` through the visibility rule; 404 if invisible, 403 if not allowed."""

    case_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        queryset = (
            Case.objects.visible_to(request.user)
            .with_access(request.user)
            .select_related("owning_agency", "lead_investigator", "created_by")
        )
        self.case = get_object_or_404(queryset, pk=kwargs["pk"])
        if self.case_action != "view" and not getattr(self.case, f"can_{self.case_action}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def case_url(self, tab: str = "overview") -> str:
        url = reverse("cases:detail", kwargs={"pk": self.case.pk})
        return url if tab == "overview" else f"{url}?tab={tab}"


def _can_open_cases(user) -> bool:
    return user.agency_id is not None and (
        user.has_role(Role.INVESTIGATOR) or user.has_role(Role.COORDINATOR)
    )


class CaseListView(CappedPaginationMixin, LoginRequiredMixin, ListView):
    template_name = "cases/case_list.html"
    context_object_name = "cases"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = CaseFilter(
            self.request.GET or None,
            queryset=case_list_queryset(self.request.user, forms=True),
            request=self.request,
        )
        style_form(self.filterset.form)
        self.all_choices = show_all_choices(self.filterset.form, self.request)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Case.objects.none()
        return self.filterset.qs

    def get_paginator(self, queryset, *args, **kwargs):
        # A search alone knows its rows' order already: a page reads its own ids only.
        # Its rows are the list's own (``filterset.queryset``: visible cases) with those ids.
        ids = self.filterset.presorted_ids()
        if ids is not None:
            queryset = PresortedRows(self.filterset.queryset, ids)
        return super().get_paginator(queryset, *args, **kwargs)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["cases/partials/case_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            query=query.urlencode(),
            can_create=_can_open_cases(self.request.user),
            all_choices=self.all_choices,
        )
        return context


class CaseFilterOptionsView(LoginRequiredMixin, View):
    """One drop-down of the case list's filter, whole, asked when the user reaches for it
    (``core.forms.OptionsOnDemandSelect``): the choices the form checks a value against (the
    lead investigators of the cases the user may see; the registry's articles or forms of
    exploitation), the chosen one marked. A value that is no choice marks none."""

    def get(self, request, name):
        form = style_form(CaseFilter(request.GET or None, request=request).form)
        field = form.fields.get(name)
        if field is None or not isinstance(field.widget, OptionsOnDemandSelect):
            raise Http404
        bound = form[name]
        return HttpResponse(
            field.widget.whole(bound.html_name, bound.value(), {"id": bound.auto_id})
        )


class CaseExportView(LoginRequiredMixin, View):
    """The filtered case list as CSV; victims appear under their pseudonym unless allowed."""

    def get(self, request):
        filterset = CaseFilter(
            request.GET or None, queryset=case_list_queryset(request.user), request=request
        )
        cases = (
            filterset.qs.with_access(request.user)
            if (not filterset.is_bound or filterset.is_valid())
            else Case.objects.none()
        )
        cases = cases.prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person").order_by("role", "id"),
            )
        )
        rows = list(cases)
        views_by_case, named = {}, []
        for case in rows:
            views_by_case[case.pk] = present_participants(
                case.participants.all(),
                user=request.user,
                can_view_protected=case.can_view_protected,
                where="cases:export",
                record=False,
            )
            named += shown_victims(views_by_case[case.pk])
        # Every victim the file names, one event each, written to the audit chain at once (one
        # lock, one INSERT): each case's victims were a write of their own.
        services.protected_view_record(actor=request.user, participants=named, where="cases:export")
        audit_record(
            actor=request.user,
            action=AuditAction.EXPORT,
            object_type="cases.case",
            object_id="*",
            object_repr=_("case list (CSV)"),
            note=request.GET.urlencode()[:500],
        )
        writer = csv.writer(Echo())

        def lines():
            yield "\ufeff"
            yield writer.writerow(
                [
                    _("reference"),
                    _("country"),
                    _("register number"),
                    _("title"),
                    _("status"),
                    _("opened on"),
                    _("owning agency"),
                    _("lead investigator"),
                    _("qualification"),
                    _("victims"),
                    _("participants"),
                ]
            )
            for case in rows:
                people = "; ".join(
                    f"{v.display_name} ({v.role_label})" for v in views_by_case[case.pk]
                )
                yield writer.writerow(
                    [
                        csv_cell(v)
                        for v in (
                            case.reference,
                            case.country,
                            case.national_number,
                            case.title,
                            case.get_status_display(),
                            case.opened_on.isoformat(),
                            case.owning_agency.name_ru,
                            case.lead_investigator.display_name,
                            ", ".join(case.listed_citations),
                            case.victim_count,
                            people,
                        )
                    ]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
        return response


class _CaseFormMixin:
    template_name = "cases/case_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agency": self.agency}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("route_formset", self.route_formset())
        return context

    def route_formset(self):
        if self.request.method == "POST":
            return RouteFormSet(self.request.POST, prefix="route")
        return RouteFormSet(prefix="route", initial=self.route_initial())

    def route_initial(self):
        return []

    def form_valid(self, form):
        route_formset = self.route_formset()
        if not route_formset.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, route_formset=route_formset)
            )
        route = [f.cleaned_data for f in route_formset.forms if f.cleaned_data.get("locality")]
        try:
            case = self.save(form.cleaned_data, route)
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.render_to_response(
                self.get_context_data(form=form, route_formset=route_formset)
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(
                self.get_context_data(form=form, route_formset=route_formset)
            )
        messages.success(self.request, _("Saved: %(case)s") % {"case": case.reference})
        return redirect("cases:detail", pk=case.pk)


class CaseCreateView(LoginRequiredMixin, _CaseFormMixin, FormView):
    form_class = CaseForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _can_open_cases(request.user):
            raise PermissionDenied
        self.agency = getattr(request.user, "agency", None)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"opened_on": timezone.localdate(), "lead_investigator": self.request.user.pk}

    def save(self, data, route):
        return services.case_create(
            actor=self.request.user,
            national_register=data["national_register"],
            national_number=data["national_number"],
            title=data["title"],
            summary=data["summary"],
            opened_on=data["opened_on"],
            committed_on=data["committed_on"],
            lead_investigator=data["lead_investigator"],
            investigators=data["investigators"],
            exploitation_forms=data["exploitation_forms"],
            articles=data["articles"],
            route=route,
        )


class CaseUpdateView(CaseAccessMixin, _CaseFormMixin, FormView):
    form_class = CaseForm
    case_action = "change"

    def get_form_kwargs(self):
        self.agency = self.case.owning_agency
        return super().get_form_kwargs()

    def get_initial(self):
        return CaseForm.initial_for(self.case)

    def route_initial(self):
        return [
            {"role": p.role, "country": p.country, "locality": p.locality}
            for p in self.case.route.all()
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "case": self.case}

    def save(self, data, route):
        return services.case_update(
            case=self.case,
            actor=self.request.user,
            expected_version=data.get("version") or 0,
            fields={
                name: data[name]
                for name in (
                    "national_register",
                    "national_number",
                    "title",
                    "summary",
                    "opened_on",
                    "committed_on",
                    "lead_investigator",
                )
            },
            investigators=data["investigators"],
            exploitation_forms=data["exploitation_forms"],
            articles=data["articles"],
            route=route,
        )


class CaseDetailView(CaseAccessMixin, TemplateView):
    template_name = "cases/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tab = self.request.GET.get("tab", "overview")
        if tab not in TABS or (tab == "sharing" and not self.case.can_share):
            tab = "overview"
        case = self.case
        context.update(
            case=case,
            tab=tab,
            tabs=TABS,
            may_message=exchange_services.may_write_about(self.request.user, case),
        )
        context.update(getattr(self, f"tab_{tab}")())
        if tab == "overview":
            context.update(case_related(case, self.request.user))
        else:
            from requests_mla.workflow import may_draft

            context.update(may_draft_request=may_draft(self.request.user, case))
        return context

    def _links(self):
        return (
            CaseLink.objects.filter(Q(source=self.case) | Q(target=self.case))
            .select_related("source__owning_agency", "target__owning_agency", "proposed_by")
            .prefetch_related(
                Prefetch(
                    "source__qualifications",
                    queryset=Qualification.objects.select_related("article__code"),
                ),
                Prefetch(
                    "target__qualifications",
                    queryset=Qualification.objects.select_related("article__code"),
                ),
            )
        )

    def tab_overview(self):
        case = self.case
        qualifications = list(
            case.qualifications.select_related("article__code").prefetch_related(
                Prefetch(
                    "article__corresponding",
                    queryset=CriminalArticle.objects.select_related("code"),
                )
            )
        )
        mirrors = [link.other(case.pk) for link in self._links().filter(status=LinkStatus.ACCEPTED)]
        return {
            "qualifications": qualifications,
            "mirrors": mirrors,
            "route": case.route.all(),
            "exploitation_forms": case.exploitation_forms.all(),
            "investigators": case.investigators.all(),
            "victim_count": case.participants.filter(role=ParticipantRole.VICTIM).count(),
            "status_steps": step_forms(CASE_WORKFLOW, self.request.user, case),
        }

    def tab_participants(self):
        participants = (
            Participant.objects.filter(case=self.case)
            .select_related("person", "case")
            .prefetch_related("person__documents")
            .order_by("role", "victim_number", "id")
        )
        return {
            "participants": present_participants(
                participants,
                user=self.request.user,
                can_view_protected=self.case.can_view_protected,
                where="cases:detail participants",
            ),
            "participant_form": ParticipantForm(),
        }

    def tab_links(self):
        # may_accept, may_decline, may_withdraw per link: the workflow's rules, one EXISTS each.
        links = list(CASE_LINK_WORKFLOW.annotate_allowed(self._links(), self.request.user))
        return {
            "links": links,
            "link_form": LinkProposeForm(),
            "withdraw": CASE_LINK_WORKFLOW["withdraw"],
        }

    def tab_attachments(self):
        return {
            "attachments": self.case.attachments.select_related("uploaded_by").order_by(
                "original_name", "-version"
            ),
            "attachment_form": AttachmentForm(),
            "accepted": accepted_text(upload_kinds()),
        }

    def tab_sharing(self):
        return {"grants": case_grants(self.case), "grant_form": GrantForm()}

    def tab_history(self):
        events = AuditEvent.objects.history_of(self.case).select_related("actor_agency")[:200]
        return {"events": events}


def case_grants(case: Case) -> list[dict]:
    """Current grants of a case, one row per grantee, with the levels held."""
    rows: dict[tuple[str, int], dict] = defaultdict(lambda: {"codenames": set()})
    for perm in CaseUserObjectPermission.objects.filter(content_object=case).select_related(
        "user__agency", "permission"
    ):
        row = rows[("user", perm.user_id)]
        row.update(kind="user", grantee=perm.user, label=perm.user.display_name)
        row["codenames"].add(perm.permission.codename)
    for perm in CaseGroupObjectPermission.objects.filter(content_object=case).select_related(
        "group__grantee_agency", "permission"
    ):
        agency = perm.group.grantee_agency
        row = rows[("agency", agency.pk)]
        row.update(kind="agency", grantee=agency, label=str(agency))
        row["codenames"].add(perm.permission.codename)
    result = []
    for (_kind, pk), row in rows.items():
        codenames = row.pop("codenames")
        levels = ["view"]
        if "change_case" in codenames:
            levels.append("change")
        if "view_protected_case" in codenames:
            levels.append("view_protected")
        result.append({**row, "pk": pk, "levels": levels})
    return sorted(result, key=lambda r: (r["kind"], r["label"]))


class CaseStatusView(CaseAccessMixin, View):
    """A step of the case's workflow, named by the status it leads to (``status``)."""

    case_action = "change"

    def post(self, request, pk):
        data = request.POST.copy()
        status = data.pop("status", [""])[-1]
        data.pop("confirmed", None)
        if status in CaseStatus.values:
            page = confirmation_page(
                request, CASE_WORKFLOW, self.case, status_step(status), back=self.case_url()
            )
            if page is not None:
                return page
        run_step(
            request,
            lambda: CASE_WORKFLOW.perform(self.case, status_step(status), request.user, data),
            labels={"status": _("new status"), **CASE_WORKFLOW.field_labels("close")},
            success=_("Status changed."),
        )
        return redirect(self.case_url())


class ParticipantCreateView(CaseAccessMixin, FormView):
    """Add a participant; with htmx only the participants panel is re-rendered."""

    case_action = "change"
    form_class = ParticipantForm
    template_name = "cases/participant_form.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["cases/partials/participant_form.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "case": self.case}

    def form_valid(self, form):
        try:
            services.participant_add(
                case=self.case,
                actor=self.request.user,
                role=form.cleaned_data["role"],
                person_fields=form.person_fields(),
                documents=form.documents(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Participant added."))
        target = self.case_url("participants")
        if self.request.headers.get("HX-Request"):
            # Not a 302: the browser would follow it inside the XHR and htmx would swap the
            # whole page into the form. HX-Redirect makes htmx load the page itself.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


class PersonUpdateView(CaseAccessMixin, FormView):
    case_action = "change"
    form_class = PersonEditForm
    template_name = "cases/person_form.html"

    def get_participant(self):
        participant = get_object_or_404(
            Participant.objects.select_related("person", "case"),
            pk=self.kwargs["participant_pk"],
            case=self.case,
        )
        if participant.is_protected and not self.case.can_view_protected:
            raise PermissionDenied
        return participant

    def get_form_kwargs(self):
        self.participant = self.get_participant()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.participant.person
        kwargs.setdefault("initial", {})["version"] = self.participant.person.version
        if self.request.method == "GET" and self.participant.is_protected:
            services.protected_view_record(
                actor=self.request.user, participants=[self.participant], where="cases:person_edit"
            )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case=self.case, participant=self.participant)
        if self.participant.is_protected:
            context["pseudonym"] = pseudonym(self.participant)
        return context

    def form_valid(self, form):
        from cases.forms import PersonForm

        fields = {name: form.cleaned_data[name] for name in PersonForm.Meta.fields}
        try:
            services.person_update(
                participant=self.participant,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                fields=fields,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.case_url("participants"))


class AttachmentUploadView(CaseAccessMixin, View):
    case_action = "change"

    def post(self, request, pk):
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = services.attachment_upload(
                    case=self.case,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("File stored: %(name)s, version %(version)s")
                    % {"name": attachment.original_name, "version": attachment.version},
                )
        else:
            messages.error(request, form_errors_text(form))
        return redirect(self.case_url("attachments"))


class AttachmentDownloadView(CaseAccessMixin, View):
    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(Attachment, pk=attachment_pk, case=self.case)
        return attachment.serve(actor=request.user, scope=attachment.case)


class GrantView(CaseAccessMixin, View):
    case_action = "share"

    def post(self, request, pk):
        form = GrantForm(request.POST)
        if form.is_valid():
            try:
                services.case_grant(
                    case=self.case,
                    actor=request.user,
                    levels=form.cleaned_data["levels"],
                    user=form.cleaned_data["user"],
                    agency=form.cleaned_data["agency"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Access granted."))
        else:
            messages.error(request, form_errors_text(form))
        return redirect(self.case_url("sharing"))


class RevokeView(CaseAccessMixin, View):
    case_action = "share"

    def post(self, request, pk, kind, grantee_pk):
        model = User if kind == "user" else Agency
        grantee = get_object_or_404(model, pk=grantee_pk)
        services.case_revoke(
            case=self.case, actor=request.user, **{"user" if kind == "user" else "agency": grantee}
        )
        messages.success(request, _("Access revoked."))
        return redirect(self.case_url("sharing"))


class LinkProposeView(CaseAccessMixin, View):
    case_action = "change"

    def post(self, request, pk):
        form = LinkProposeForm(request.POST)
        if form.is_valid():
            try:
                services.case_link_propose(
                    case=self.case,
                    actor=request.user,
                    identifier=form.cleaned_data["identifier"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Proposed. The other country's coordinators will decide.")
                )
        else:
            messages.error(request, form_errors_text(form))
        return redirect(self.case_url("links"))


class LinkStepView(CaseAccessMixin, View):
    """A step of a mirror-case link of this case: accept or decline (``decision``), withdraw."""

    def step(self, request) -> str:
        return "withdraw"

    def post(self, request, pk, link_pk):
        link = get_object_or_404(CaseLink, Q(source=self.case) | Q(target=self.case), pk=link_pk)
        step = self.step(request)
        if step not in CASE_LINK_WORKFLOW:
            messages.error(request, _("Choose accept or decline."))
            return redirect(self.case_url("links"))
        data = request.POST.copy()
        data.pop("decision", None)
        data.pop("confirmed", None)
        page = confirmation_page(
            request, CASE_LINK_WORKFLOW, link, step, subject=link, back=self.case_url("links")
        )
        if page is not None:
            return page
        run_step(
            request,
            lambda: CASE_LINK_WORKFLOW.perform(link, step, request.user, data),
            labels=CASE_LINK_WORKFLOW.field_labels(step),
            success=_("Link withdrawn.") if step == "withdraw" else _("Decision recorded."),
        )
        return redirect(self.case_url("links"))


class LinkDecideView(LinkStepView):
    case_action = "share"

    def step(self, request) -> str:
        decision = request.POST.get("decision", "")
        return decision if decision in ("accept", "decline") else ""


class LinkWithdrawView(LinkStepView):
    case_action = "change"
