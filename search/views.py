"""The results of the header's search box.

Each kind is read through its own app's visibility rule (cases, requests, extradition files,
teams) and persons through the matcher (``cases.persons``, victims' identities only for those
who may see them). This module sits, like ``demo``, above the apps: it knows them all, and
none of them knows it.
"""

from __future__ import annotations

import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.views.generic import TemplateView

from cases.api.persons import found_persons
from cases.models import Case
from cases.validators import fold, normalize_national_number
from extradition.models import ExtraditionFile
from requests_mla.models import MLARequest
from teams.models import JointTeam, Task

PER_KIND = 10
MAX_QUERY = 100


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = (self.request.GET.get("q") or "").strip()[:MAX_QUERY]
        context["q"] = query
        if len(query) < 2:
            return context
        user = self.request.user
        upper = query.upper()
        digits = normalize_national_number(query)
        cases = Q(reference__contains=upper) | Q(search_title__contains=fold(query))
        if len(digits) >= 4:
            cases |= Q(national_number_digits__contains=digits)
        context["cases"] = list(
            Case.objects.visible_to(user)
            .filter(cases)
            .select_related("owning_agency")
            .order_by("-opened_on", "-id")[:PER_KIND]
        )
        context["requests"] = list(
            MLARequest.objects.visible_to(user)
            .filter(
                Q(reference__contains=upper)
                | Q(outgoing_number__icontains=query)
                | Q(incoming_number__icontains=query)
            )
            .select_related("case")
            .order_by("-id")[:PER_KIND]
        )
        context["extraditions"] = list(
            ExtraditionFile.objects.visible_to(user)
            .filter(Q(reference__contains=upper) | Q(notice_number__icontains=query))
            .select_related("case")
            .order_by("-id")[:PER_KIND]
        )
        number = re.fullmatch(r"#?(\d{1,9})", query)
        tasks = Q(title__icontains=query)
        if number:
            tasks |= Q(pk=int(number.group(1)))
        context["tasks"] = list(
            Task.objects.filter(team__in=JointTeam.objects.visible_to(user))
            .filter(tasks)
            .select_related("team")
            .order_by("-id")[:PER_KIND]
        )
        context["persons"] = (
            found_persons(user, query, "search", limit=PER_KIND)
            if re.search(r"[^\W\d_]", query)
            else []
        )
        context["searched"] = True
        return context
