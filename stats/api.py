"""Statistics API: the list of figures, and the JSON behind each chart (the same as the page)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import error_responses
from stats.figures import FIGURES, FilterForm, Filters, compute, figure_json
from stats.scope import may_read_statistics


class MayReadStatistics(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_read_statistics(request.user)


FILTER_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.DATE if name.startswith("date") else OpenApiTypes.STR)
    for name in FilterForm.base_fields
]

FigureSerializer = inline_serializer(
    "StatisticsFigure",
    {
        "name": serializers.CharField(),
        "title": serializers.CharField(),
        "description": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.DictField()),
        "rows": serializers.ListField(child=serializers.ListField()),
        "chart": serializers.DictField(),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)


class FigureListView(APIView):
    """The figures: name, title, what they count, and the URL of each one's data."""

    permission_classes = [permissions.IsAuthenticated, MayReadStatistics]

    @extend_schema(
        responses={
            200: inline_serializer(
                "StatisticsFigureEntry",
                {
                    "name": serializers.CharField(),
                    "title": serializers.CharField(),
                    "description": serializers.CharField(),
                    "section": serializers.CharField(),
                    "filters": serializers.ListField(child=serializers.CharField()),
                    "url": serializers.CharField(),
                },
                many=True,
            ),
            **error_responses(403),
        }
    )
    def get(self, request):
        return Response(
            [
                {
                    "name": fig.name,
                    "title": str(fig.title),
                    "description": str(fig.description),
                    "section": fig.section,
                    "filters": list(fig.filters),
                    "url": request.build_absolute_uri(
                        reverse("api:statistics-figure", kwargs={"name": fig.name})
                    ),
                }
                for fig in FIGURES.values()
            ]
        )


class FigureDataView(APIView):
    """One figure's table and chart, for the filters given (person counts under 3 as «<3»)."""

    permission_classes = [permissions.IsAuthenticated, MayReadStatistics]

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={200: FigureSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request, name):
        if name not in FIGURES:
            raise NotFound
        # A bad filter raises Django's ValidationError: 400 with the field errors.
        filters = Filters.from_query(request.query_params)
        return Response(figure_json(compute(name, request.user, filters)))
