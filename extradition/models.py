"""Extradition files: from the wanted notice to surrender, refusal or transfer of prosecution."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import AgencyKind, Country, Role
from core.models import TimeStampedModel
from extradition.choices import Purpose, Stage


def prosecutor_country(user) -> str | None:
    """The state whose prosecutor ``user`` is (a prosecutor of a prosecutor's office or of a
    central authority), else None: the one definition of "a state's prosecutor" for files."""
    if (
        getattr(user, "agency_id", None)
        and user.has_role(Role.PROSECUTOR)
        and user.agency.kind in (AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY)
    ):
        return user.agency.country
    return None


class ExtraditionFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExtraditionFileQuerySet:
        """SECURITY: through the file's case and its linked cases; to the requesting state's
        prosecutors (of prosecutor's offices and central authorities) from the start; and to the
        requested state's once the file is exchanged — an interstate or INTERPOL notice issued,
        or the person located."""
        from cases.querysets import case_access_q

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        linked = ExtraditionFile.linked_cases.through.objects.filter(
            case_access_q(user, prefix="case__")
        ).values("extraditionfile_id")
        condition = case_access_q(user, prefix="case__") | Q(pk__in=linked)
        if country := prosecutor_country(user):
            exchanged = ~Q(stage=Stage.WANTED) | ~Q(notice_number="")
            condition |= Q(requesting_state=country) | (Q(requested_state=country) & exchanged)
        return self.filter(condition)


class ExtraditionFile(TimeStampedModel):
    """The extradition (or transfer of prosecution) of one person between KR and KZ."""

    reference = models.CharField(_("portal reference"), max_length=30, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    linked_cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("linked cases"), related_name="+", blank=True
    )
    person = models.ForeignKey(
        "cases.Participant",
        verbose_name=_("person sought"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requesting_state = models.CharField(
        _("requesting state"), max_length=2, choices=Country.choices
    )
    requested_state = models.CharField(_("requested state"), max_length=2, choices=Country.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    citizenships = models.JSONField(
        _("citizenships"), default=list, help_text=_('ISO codes, e.g. ["KG"]')
    )
    requesting_articles = models.ManyToManyField(
        "treaties.CriminalArticle",
        verbose_name=_("offence under the requesting state's law"),
        related_name="+",
    )
    requested_articles = models.ManyToManyField(
        "treaties.CriminalArticle",
        verbose_name=_("corresponding offence under the requested state's law"),
        related_name="+",
        blank=True,
    )
    sentence_imposed_months = models.PositiveIntegerField(
        _("sentence imposed (months)"),
        null=True,
        blank=True,
        help_text=_("For enforcement: the term of imprisonment the judgment imposed."),
    )
    remaining_sentence_months = models.PositiveIntegerField(
        _("remaining term (months)"), null=True, blank=True
    )
    instruments = models.ManyToManyField(
        "treaties.Instrument", verbose_name=_("legal basis"), related_name="+"
    )
    applicable_grounds = models.ManyToManyField(
        "treaties.RefusalGround",
        verbose_name=_("grounds for refusal that apply"),
        related_name="+",
        blank=True,
    )
    notice_number = models.CharField(
        _("search / INTERPOL notice number"), max_length=60, blank=True
    )
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.WANTED)
    located_place = models.CharField(_("where located"), max_length=255, blank=True)
    detention_place = models.CharField(_("place of detention"), max_length=255, blank=True)
    detained_at = models.DateTimeField(_("detained at"), null=True, blank=True)
    detaining_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("detaining agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    custody_court = models.CharField(_("court ordering custody"), max_length=255, blank=True)
    custody_ordered_on = models.DateField(_("custody ordered on"), null=True, blank=True)
    request_received_on = models.DateField(_("request received on"), null=True, blank=True)
    decision_on = models.DateField(
        _("decision of the General Prosecutor's Office"), null=True, blank=True
    )
    decision_grounds = models.ManyToManyField(
        "treaties.RefusalGround",
        verbose_name=_("grounds of the refusal"),
        related_name="+",
        blank=True,
    )
    appeal_court = models.CharField(_("court of appeal"), max_length=255, blank=True)
    appeal_outcome = models.CharField(_("outcome of the appeal"), max_length=500, blank=True)
    surrender_on = models.DateField(_("surrender date"), null=True, blank=True)
    surrendered_on = models.DateField(_("surrendered on"), null=True, blank=True)
    transfer_accepted_on = models.DateField(_("transfer accepted on"), null=True, blank=True)
    release_reason = models.CharField(_("reason for release"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = ExtraditionFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("extradition file")
        verbose_name_plural = _("extradition files")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The lists' order: a page is read off this index, visibility checked per row (a
            # sort would first join every visible file to its person).
            models.Index(fields=["-created_at", "-id"], name="extradition_file_list_idx"),
            # The custody dashboard and "waiting for me" read the files of a few stages; most
            # files are closed ones (surrendered, transferred, released), which these never read.
            models.Index(fields=["stage"], name="extradition_file_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requesting_state=models.F("requested_state")),
                name="%(app_label)s_%(class)s_two_states",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def stage_badge(self) -> str:
        return Stage(self.stage).badge

    @property
    def own_national(self) -> bool:
        """A national of the requested state cannot be extradited: transfer prosecution instead."""
        return self.requested_state in (self.citizenships or [])


class StageChange(models.Model):
    """One step of a file: who moved it, when, and why."""

    file = models.ForeignKey(ExtraditionFile, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["file", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.file_id}: {self.from_stage} → {self.to_stage}"
