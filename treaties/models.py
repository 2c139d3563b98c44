"""The treaty registry: the law the portal applies, held as data with its sources."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.choices import Country
from core.models import Confidence, SourcedModel
from treaties.choices import (
    DayKind,
    ElementCheck,
    ElementSupplier,
    InstrumentKind,
    Jurisdiction,
    LengthUnit,
    PartyStatus,
    RequestKind,
    TriggerEvent,
)
from treaties.citations import article_citation, instrument_citation
from treaties.localization import for_reader, localized


class InstrumentQuerySet(models.QuerySet):
    def search(self, query: str) -> InstrumentQuerySet:
        """Instruments whose names or provisions mention the query (case-insensitive)."""
        query = query.strip()
        if not query:
            return self
        match = (
            models.Q(short_name__icontains=query)
            | models.Q(title_ru__icontains=query)
            | models.Q(title_en__icontains=query)
            | models.Q(name_ru__icontains=query)
            | models.Q(name_en__icontains=query)
            | models.Q(place_signed__icontains=query)
            | models.Q(place_adopted__icontains=query)
        )
        provision_match = Provision.objects.filter(instrument=models.OuterRef("pk")).filter(
            models.Q(subject__icontains=query) | models.Q(summary__icontains=query)
        )
        return self.filter(match | models.Exists(provision_match))

    def legal_bases(self, for_mla: bool | None = None, for_extradition: bool | None = None):
        """Instruments on which a request or an extradition may be founded."""
        queryset = self.filter(is_legal_basis=True)
        if for_mla:
            queryset = queryset.filter(covers_mla=True)
        if for_extradition:
            queryset = queryset.filter(covers_extradition=True)
        return queryset


class Instrument(SourcedModel):
    """A treaty, convention, protocol or agreement binding Kyrgyzstan and/or Kazakhstan."""

    short_name = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        help_text=_("Stable key of the instrument; people read its short name in their language."),
    )
    name_ru = models.CharField(_("short name (Russian)"), max_length=150, blank=True)
    name_en = models.CharField(_("short name (English)"), max_length=150, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)
    citation_ru = models.CharField(
        _("citation form (Russian)"),
        max_length=600,
        blank=True,
        help_text=_(
            "How a formal document cites it after an article number, in the genitive: "
            "«Конвенции о … (город, дата подписания)»."
        ),
    )
    citation_en = models.CharField(
        _("citation form (English)"),
        max_length=600,
        blank=True,
        help_text=_("After “Art. N of”: “the Convention on … (place, year)”."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    place_adopted = models.CharField(_("place of adoption"), max_length=100, blank=True)
    adopted_on = models.DateField(
        _("date of adoption"),
        null=True,
        blank=True,
        help_text=_("For a text adopted by an organisation before it is opened for signature."),
    )
    place_signed = models.CharField(_("place of signature"), max_length=100, blank=True)
    date_signed = models.DateField(
        _("date of signature"),
        null=True,
        blank=True,
        help_text=_("Signed, or first opened for signature."),
    )
    in_force_date = models.DateField(_("entry into force"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=_("For a protocol that changes another instrument's articles."),
    )
    channel_ru = models.CharField(
        _("channel of communication (Russian)"),
        max_length=255,
        blank=True,
        help_text=_("How requests under it travel, e.g. «через Генеральные прокуратуры»."),
    )
    channel_en = models.CharField(
        _("channel of communication (English)"), max_length=255, blank=True
    )
    is_legal_basis = models.BooleanField(
        _("legal basis for requests"),
        default=True,
        help_text=_("Off for policy documents that cannot found a request."),
    )
    covers_mla = models.BooleanField(
        _("basis for legal assistance"),
        default=True,
        help_text=_("Offered as a legal basis of requests for legal assistance."),
    )
    covers_extradition = models.BooleanField(
        _("basis for extradition"),
        default=True,
        help_text=_("Offered as a legal basis of extradition and transfer of prosecution."),
    )
    precedence = models.PositiveSmallIntegerField(
        _("precedence"),
        default=100,
        help_text=_(
            "Lower applies first between KR and KZ (bilateral, then CIS, then UN). "
            "The portal proposes legal bases in this order."
        ),
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded between its parties by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["precedence", "short_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The short name in the reader's language (the key when none is recorded)."""
        return localized(self, "name") or self.short_name

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def citation_form(self) -> str:
        """The instrument as cited after an article number, in the reader's language."""
        return localized(self, "citation") or self.title

    @property
    def channel(self) -> str:
        return localized(self, "channel")

    def cite(self, articles=(), mark=None) -> str:
        """Articles of this instrument as a document cites them: «ст. 7 и 8 Конвенции …»."""
        return instrument_citation(self, articles, mark)

    def party(self, country: str) -> InstrumentParty | None:
        """The party row of a country (uses prefetched parties when present)."""
        return next((p for p in self.parties.all() if p.country == country), None)

    @property
    def kg_party(self) -> InstrumentParty | None:
        return self.party(Country.KG)

    @property
    def kz_party(self) -> InstrumentParty | None:
        return self.party(Country.KZ)

    def clean(self) -> None:
        if self.in_force_date and self.date_signed and self.in_force_date < self.date_signed:
            raise ValidationError(
                {"in_force_date": _("An instrument cannot enter into force before it is signed.")}
            )
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("An instrument cannot supersede itself.")})
        if self.amends_id and self.amends_id == self.pk:
            raise ValidationError({"amends": _("An instrument cannot amend itself.")})


@dataclass(frozen=True)
class PartyFact:
    """One dated step of a party (signature, ratification, deposit, entry into force) with its
    own source and mark; reads like a sourced record in templates."""

    key: str
    label: str
    date: datetime.date | None
    source: str
    confidence: str

    @property
    def confidence_badge(self) -> str:
        return Confidence(self.confidence).badge if self.confidence else "secondary"

    def get_confidence_display(self) -> str:
        return Confidence(self.confidence).label if self.confidence else ""

    @property
    def needs_confirmation(self) -> bool:
        return self.confidence == Confidence.UNVERIFIED


class InstrumentParty(SourcedModel):
    """Where Kyrgyzstan or Kazakhstan stands with an instrument: signature, ratification, force."""

    # Each dated step: (field prefix of its source and mark, date field, label).
    FACTS = (
        ("signed", "signed_on", _("signed")),
        ("ratified", "ratified_on", _("ratified / acceded")),
        ("deposited", "deposited_on", _("instrument deposited")),
        ("in_force", "in_force_since", _("in force")),
    )

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="parties"
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PartyStatus.choices, default=PartyStatus.UNKNOWN
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_source = models.CharField(_("source of the signature"), max_length=500, blank=True)
    signed_confidence = models.CharField(
        _("mark of the signature"), max_length=1, choices=Confidence.choices, blank=True
    )
    ratified_on = models.DateField(_("ratified / acceded on"), null=True, blank=True)
    ratified_source = models.CharField(_("source of the ratification"), max_length=500, blank=True)
    ratified_confidence = models.CharField(
        _("mark of the ratification"), max_length=1, choices=Confidence.choices, blank=True
    )
    ratification_act = models.CharField(_("ratification act"), max_length=255, blank=True)
    deposited_on = models.DateField(
        _("instrument deposited on"),
        null=True,
        blank=True,
        help_text=_("The date the instrument of ratification was deposited with the depositary."),
    )
    deposited_source = models.CharField(_("source of the deposit"), max_length=500, blank=True)
    deposited_confidence = models.CharField(
        _("mark of the deposit"), max_length=1, choices=Confidence.choices, blank=True
    )
    in_force_since = models.DateField(_("in force since"), null=True, blank=True)
    in_force_source = models.CharField(
        _("source of the entry into force"), max_length=500, blank=True
    )
    in_force_confidence = models.CharField(
        _("mark of the entry into force"), max_length=1, choices=Confidence.choices, blank=True
    )
    competent_authority_ru = models.CharField(
        _("competent authority (Russian)"),
        max_length=255,
        blank=True,
        help_text=_(
            "The party's authority that sends and receives under the instrument, e.g. "
            "«Генеральная прокуратура Республики Казахстан»."
        ),
    )
    competent_authority_en = models.CharField(
        _("competent authority (English)"), max_length=255, blank=True
    )
    reservations = models.TextField(_("reservations and declarations"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["instrument", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "country"], name="%(app_label)s_%(class)s_unique_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} — {self.country}: {self.get_status_display()}"

    @property
    def competent_authority(self) -> str:
        return localized(self, "competent_authority")

    @property
    def facts(self) -> list[PartyFact]:
        """Signature, ratification, deposit and entry into force, each with its source and mark."""
        return [
            PartyFact(
                key=prefix,
                label=str(label),
                date=getattr(self, date_field),
                source=getattr(self, f"{prefix}_source"),
                confidence=getattr(self, f"{prefix}_confidence"),
            )
            for prefix, date_field, label in self.FACTS
        ]

    def clean(self) -> None:
        errors = {}
        if self.ratified_on and self.signed_on and self.ratified_on < self.signed_on:
            errors["ratified_on"] = _("Ratification cannot precede signature.")
        if self.deposited_on and self.ratified_on and self.deposited_on < self.ratified_on:
            errors["deposited_on"] = _("An instrument is deposited after it is ratified.")
        for prefix, date_field, _label in self.FACTS:
            # A date of law is recorded with what says so and how sure we are of it.
            if getattr(self, date_field) and not getattr(self, f"{prefix}_confidence"):
                errors[f"{prefix}_confidence"] = _("Give the mark of this date.")
        if errors:
            raise ValidationError(errors)


class Provision(SourcedModel):
    """An article of an instrument that the portal cites."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="provisions",
    )
    article = models.CharField(
        _("article"), max_length=50, help_text=_("As cited, e.g. 18(13) or 62.")
    )
    subject = models.CharField(_("subject"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text of the article"), blank=True)

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["instrument", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "article"], name="%(app_label)s_%(class)s_unique_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}, {self.citation}"

    @property
    def citation(self) -> str:
        """The article in the reader's language: «п. 13 ст. 18» / "Art. 18(13)"."""
        return article_citation(self.article)


class DeadlineRuleQuerySet(models.QuerySet):
    def active(self) -> DeadlineRuleQuerySet:
        return self.filter(is_active=True)

    def for_trigger(
        self, trigger: TriggerEvent | str, country: str | None = None
    ) -> DeadlineRuleQuerySet:
        """The active rules a legal event starts, the instrument that applies first leading.

        With ``country`` (the state where the event happened): the rules of that state's law
        and the treaty rules binding both — a rule of the other state's law never applies."""
        queryset = self.active().filter(trigger=str(trigger))
        if country is not None:
            queryset = queryset.filter(models.Q(country="") | models.Q(country=country))
        return queryset.order_by(models.F("instrument__precedence").asc(nulls_last=True), "id")


class DeadlineRule(SourcedModel):
    """A legal or practice clock: which event starts it, how long it runs, where it is counted."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("Stable key of the rule, used in reports and integrations."),
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadline_rules",
        help_text=_("Empty for national law or practice."),
    )
    provision = models.ForeignKey(
        Provision,
        verbose_name=_("provision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadline_rules",
    )
    citation = models.CharField(
        _("citation (Russian)"),
        max_length=255,
        help_text=_("All sources of the rule, as cited."),
    )
    citation_en = models.CharField(
        _("citation (English)"),
        max_length=255,
        blank=True,
        help_text=_(
            "The same sources cited in English, e.g. “… Art. 18(24); target 30 days — practice, "
            "not law”; the Russian one is shown when it is empty."
        ),
    )
    trigger = models.CharField(_("triggering event"), max_length=40, choices=TriggerEvent.choices)
    counted_from = models.CharField(
        _("counted from the moment of"),
        max_length=40,
        choices=TriggerEvent.choices,
        blank=True,
        help_text=_(
            "The earlier event whose moment the clock counts from (custody pending the request "
            "counts from the detention); empty: from the triggering event itself."
        ),
    )
    country = models.CharField(
        _("law of"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_(
            "The state whose national law sets the rule: it applies only to events in that "
            "state. Empty for a treaty rule that binds both."
        ),
    )
    length = models.PositiveIntegerField(
        _("length"),
        # Bounds of sanity, not law: no treaty clock runs for more than ten years.
        validators=[MinValueValidator(1), MaxValueValidator(3660)],
    )
    unit = models.CharField(_("unit"), max_length=20, choices=LengthUnit.choices)
    day_kind = models.CharField(
        _("days counted as"), max_length=20, choices=DayKind.choices, default=DayKind.CALENDAR
    )
    jurisdiction = models.CharField(
        _("counted in the zone of"), max_length=20, choices=Jurisdiction.choices
    )
    reminder_lead_days = models.JSONField(
        _("reminders (days before)"),
        default=list,
        blank=True,
        help_text=_("Whole days before the end, e.g. [7, 3, 1, 0]; 0 is the last day."),
    )
    reminder_lead_hours = models.JSONField(
        _("reminders (hours before)"),
        default=list,
        blank=True,
        help_text=_(
            "For clocks counted in hours or сутки: hours before the end, e.g. [24, 12, 2]."
        ),
    )
    is_practice = models.BooleanField(
        _("practice, not law"),
        default=False,
        help_text=_("A target agreed in practice, not a time limit set by law."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("what happens when it ends"), blank=True)
    treaty_provisions = models.ManyToManyField(
        Provision,
        verbose_name=_("treaty provisions"),
        through="DeadlineRuleSource",
        related_name="+",
        blank=True,
    )

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["trigger", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(length__gt=0), name="%(app_label)s_%(class)s_positive_length"
            ),
            models.CheckConstraint(
                # Working days only make sense for a length counted in days.
                condition=~models.Q(day_kind=DayKind.WORKING) | models.Q(unit=LengthUnit.DAYS),
                name="%(app_label)s_%(class)s_working_days_in_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown_citation})"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def shown_citation(self) -> str:
        """The rule's citation in the reader's language (the Russian one when no English)."""
        return for_reader(self.citation, self.citation_en)

    @property
    def length_display(self) -> str:
        n = self.length
        if self.unit == LengthUnit.HOURS:
            text = ngettext("%(n)d hour", "%(n)d hours", n)
        elif self.unit == LengthUnit.FULL_DAYS:
            text = ngettext("%(n)d full day (24 h)", "%(n)d full days (24 h each)", n)
        elif self.unit == LengthUnit.MONTHS:
            text = ngettext("%(n)d month", "%(n)d months", n)
        elif self.unit == LengthUnit.SET_BY_PARTY:
            text = ngettext(
                "date set by a party (else %(n)d day)", "date set by a party (else %(n)d days)", n
            )
        elif self.day_kind == DayKind.WORKING:
            text = ngettext("%(n)d working day", "%(n)d working days", n)
        else:
            text = ngettext("%(n)d day", "%(n)d days", n)
        return text % {"n": n}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.provision_id
            and self.instrument_id
            and self.provision.instrument_id != self.instrument_id
        ):
            errors["provision"] = _("The provision must belong to the rule's instrument.")
        if self.day_kind == DayKind.WORKING and self.unit != LengthUnit.DAYS:
            errors["day_kind"] = _("Working days apply only to a length in days.")
        lead = self.reminder_lead_days
        if not isinstance(lead, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 366 for d in lead
        ):
            errors["reminder_lead_days"] = _(
                "Give a list of whole numbers of days between 0 and 366, e.g. [7, 3, 1, 0]."
            )
        hours = self.reminder_lead_hours
        if not isinstance(hours, list) or not all(
            isinstance(h, int) and not isinstance(h, bool) and 0 <= h <= 8784 for h in hours
        ):
            errors["reminder_lead_hours"] = _(
                "Give a list of whole numbers of hours between 0 and 8784, e.g. [24, 12, 2]."
            )
        if self.counted_from and self.counted_from == self.trigger:
            errors["counted_from"] = _("Leave it empty to count from the triggering event itself.")
        if errors:
            raise ValidationError(errors)


class DeadlineRuleSource(SourcedModel):
    """A treaty article that also sets or bounds a rule; cited only while it governs the pair
    of states on the date of the event (a superseded treaty is history, not a source)."""

    rule = models.ForeignKey(
        DeadlineRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="sources"
    )
    provision = models.ForeignKey(
        Provision, verbose_name=_("provision"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("treaty source of a rule")
        verbose_name_plural = _("treaty sources of rules")
        ordering = ["rule", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "provision"], name="%(app_label)s_%(class)s_unique_provision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code}: {self.provision}"


class AssistanceKindQuerySet(models.QuerySet):
    def active(self) -> AssistanceKindQuerySet:
        return self.filter(is_active=True)

    def offered(self, keep: Iterable[str] = ()) -> AssistanceKindQuerySet:
        """The kinds a request may name: the active ones, and those it already names (a kind
        deactivated later stays valid on the requests that use it)."""
        return self.filter(models.Q(is_active=True) | models.Q(code__in=list(keep)))

    def provided_by(self, instruments) -> AssistanceKindQuerySet:
        """Kinds one of these instruments provides (one row each, whatever the number of links)."""
        links = InstrumentAssistance.objects.filter(
            kind=models.OuterRef("pk"), instrument__in=instruments
        )
        return self.filter(models.Exists(links))

    def names(self) -> dict[str, str]:
        """Code -> name in the reader's language, in one query (for lists of actions)."""
        return {kind.code: kind.name for kind in self.only("code", "name_ru", "name_en")}


class AssistanceKind(SourcedModel):
    """A kind of assistance that may be asked for, and the instruments that provide it."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered in new requests"), default=True)
    instruments = models.ManyToManyField(
        Instrument,
        verbose_name=_("provided by"),
        through="InstrumentAssistance",
        related_name="assistance_kinds",
        blank=True,
    )

    objects = AssistanceKindQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind of assistance")
        verbose_name_plural = _("kinds of assistance")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @classmethod
    def name_of(cls, code: str) -> str:
        """The name of a stored code in the reader's language (the code if it is not known)."""
        kind = cls.objects.filter(code=code).only("name_ru", "name_en").first()
        return kind.name if kind else code


class InstrumentAssistance(SourcedModel):
    """Which instrument provides a kind of assistance, and in which article."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.ForeignKey(
        AssistanceKind,
        verbose_name=_("kind of assistance"),
        on_delete=models.CASCADE,
        related_name="provided_by",
    )
    provision = models.ForeignKey(
        Provision,
        verbose_name=_("provision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assistance provided by an instrument")
        verbose_name_plural = _("assistance provided by instruments")
        ordering = ["kind", "instrument"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "kind"], name="%(app_label)s_%(class)s_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.kind}"

    def clean(self) -> None:
        if (
            self.provision_id
            and self.instrument_id
            and self.provision.instrument_id != self.instrument_id
        ):
            raise ValidationError(
                {"provision": _("The provision must belong to the instrument that provides it.")}
            )


class RequiredElement(SourcedModel):
    """Something a request under an instrument must contain, with the article that says so."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="required_elements",
    )
    provision = models.ForeignKey(
        Provision,
        verbose_name=_("provision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="required_elements",
    )
    request_kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices)
    code = models.SlugField(_("code"), max_length=80)
    label_ru = models.CharField(_("element (Russian)"), max_length=500)
    label_en = models.CharField(_("element (English)"), max_length=500)
    check_kind = models.CharField(
        _("checked against"),
        max_length=40,
        choices=ElementCheck.choices,
        default=ElementCheck.MANUAL,
    )
    supplied_by = models.CharField(
        _("supplied by"),
        max_length=20,
        choices=ElementSupplier.choices,
        default=ElementSupplier.DRAFTER,
        help_text=_("Who puts the element into the request: its drafter, or the approval."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required element")
        verbose_name_plural = _("required elements")
        ordering = ["instrument", "request_kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "request_kind", "code"],
                name="%(app_label)s_%(class)s_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.label}"

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def citation(self) -> str:
        return self.provision.citation if self.provision_id else ""

    def clean(self) -> None:
        if (
            self.provision_id
            and self.instrument_id
            and self.provision.instrument_id != self.instrument_id
        ):
            raise ValidationError(
                {"provision": _("The provision must belong to the element's instrument.")}
            )


class RefusalGround(SourcedModel):
    """A ground on which the requested state may or must refuse, under an instrument."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="refusal_grounds",
    )
    provision = models.ForeignKey(
        Provision,
        verbose_name=_("provision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refusal_grounds",
    )
    request_kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices)
    code = models.SlugField(_("code"), max_length=80)
    text_ru = models.CharField(_("ground (Russian)"), max_length=500)
    text_en = models.CharField(_("ground (English)"), max_length=500)
    is_mandatory = models.BooleanField(
        _("mandatory"), default=False, help_text=_("Refusal must follow (not only may).")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("refusal ground")
        verbose_name_plural = _("refusal grounds")
        ordering = ["instrument", "request_kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "request_kind", "code"],
                name="%(app_label)s_%(class)s_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.text}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    def clean(self) -> None:
        if (
            self.provision_id
            and self.instrument_id
            and self.provision.instrument_id != self.instrument_id
        ):
            raise ValidationError(
                {"provision": _("The provision must belong to the ground's instrument.")}
            )


# National criminal law lives in its own module; import it so Django registers the models.
from treaties.criminal_law import (  # noqa: E402
    CriminalArticle,
    CriminalCode,
    ExploitationForm,
    LegalThreshold,
    NonWorkingDay,
)

__all__ = [
    "AssistanceKind",
    "CriminalArticle",
    "CriminalCode",
    "DeadlineRule",
    "DeadlineRuleSource",
    "ExploitationForm",
    "Instrument",
    "InstrumentAssistance",
    "InstrumentParty",
    "LegalThreshold",
    "NonWorkingDay",
    "Provision",
    "RefusalGround",
    "RequiredElement",
]
