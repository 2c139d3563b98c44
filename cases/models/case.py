from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from cases.choices import WORLD_COUNTRIES, CaseStatus, NationalRegister, RouteRole
from cases.querysets import CaseQuerySet
from cases.validators import fold, normalize_national_number, validate_national_number
from core.models import TimeStampedModel


class Case(TimeStampedModel):
    """A criminal case of trafficking in persons investigated in Kyrgyzstan or Kazakhstan."""

    reference = models.CharField(_("portal reference"), max_length=20, unique=True, editable=False)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, editable=False)
    national_register = models.CharField(
        _("register"), max_length=20, choices=NationalRegister.choices
    )
    national_number = models.CharField(
        _("register number"), max_length=40, validators=[validate_national_number]
    )
    national_number_digits = models.CharField(max_length=20, editable=False, db_index=True)
    owning_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    lead_investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead investigator"),
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned investigators"),
        related_name="assigned_cases",
        blank=True,
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary of facts"), blank=True)
    opened_on = models.DateField(_("opened on"))
    committed_on = models.DateField(
        _("offence committed on"),
        null=True,
        blank=True,
        help_text=_(
            "The date (or first date) of the act: its qualification uses the code edition in "
            "force on that date."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    exploitation_forms = models.ManyToManyField(
        "treaties.ExploitationForm",
        verbose_name=_("forms of exploitation"),
        related_name="cases",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    search_title = models.CharField(max_length=255, editable=False, blank=True)
    # The folded names (``Person.search_name``) of the case's participants, one per line: the
    # victims' apart, as they find the case only for those who may see victims. What a
    # one-word search compares, on the case row itself and so under the rule's own index
    # (``cases.filters.CaseFilter.search``). Derived: kept by ``cases.names`` wherever a
    # participant is added or a person's names change.
    participant_names = models.TextField(editable=False, blank=True, default="")
    victim_names = models.TextField(editable=False, blank=True, default="")
    # Optimistic locking: every write increments it; a write based on an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()
    audit_exclude = (
        "search_title",
        "national_number_digits",
        "participant_names",
        "victim_names",
        "version",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        permissions = [("view_protected_case", "Can see protected victim data of the case")]
        indexes = [
            # The case list of an agency, newest first (the default page).
            models.Index(fields=["owning_agency", "-opened_on"], name="cases_case_agency_idx"),
            # The case list's order: a page is read off this index, visibility checked per row.
            models.Index(fields=["-opened_on", "-id"], name="cases_case_list_idx"),
            # "Is this officer the lead of a case of that agency?" — one probe per officer for
            # the lead-investigator dropdown (cases.filters.visible_leads).
            models.Index(
                fields=["lead_investigator", "owning_agency"], name="cases_case_lead_agency_idx"
            ),
            # "The ids of an agency's cases", read from the index alone when PostgreSQL builds
            # that set once for a whole list (a count): no visit to 10,000 heap pages.
            models.Index(fields=["owning_agency", "id"], name="cases_case_agency_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "national_register", "national_number_digits"],
                name="%(app_label)s_%(class)s_unique_national_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def status_badge(self) -> str:
        return CaseStatus(self.status).badge

    def clean(self) -> None:
        errors = {}
        if self.national_number:
            self.national_number_digits = normalize_national_number(self.national_number)
        self.search_title = fold(self.title)
        if self.owning_agency_id:
            country = self.owning_agency.country
            if (
                self.national_register
                and NationalRegister(self.national_register).country != country
            ):
                errors["national_register"] = _("This register belongs to the other country.")
            if (
                self.lead_investigator_id
                and self.lead_investigator.agency_id != self.owning_agency_id
            ):
                errors["lead_investigator"] = _(
                    "The lead investigator must be an officer of the owning agency."
                )
        if errors:
            raise ValidationError(errors)


class RoutePoint(models.Model):
    """A place on the victims' route: where they were recruited, moved through, exploited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="route")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    role = models.CharField(_("role"), max_length=20, choices=RouteRole.choices)
    country = models.CharField(_("country"), max_length=2, choices=WORLD_COUNTRIES)
    locality = models.CharField(_("locality"), max_length=255)

    class Meta:
        verbose_name = _("route point")
        verbose_name_plural = _("route")
        ordering = ["case", "order", "id"]

    def __str__(self) -> str:
        return f"{self.locality} ({self.country})"


class Qualification(models.Model):
    """The criminal-code article under which the case is investigated (several are common)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="qualifications")
    article = models.ForeignKey(
        "treaties.CriminalArticle",
        verbose_name=_("article"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "article"], name="%(app_label)s_%(class)s_unique_article"
            ),
        ]

    def __str__(self) -> str:
        return str(self.article)
