"""National criminal law in the registry: code editions, their articles, forms of exploitation.

Old cases keep the edition in force when they were qualified, so an article always belongs to
one edition of one country's code.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country
from core.models import Confidence, SourcedModel
from treaties.choices import ArticleCategory
from treaties.localization import for_reader, localized


class CriminalCodeQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> CriminalCodeQuerySet:
        """Editions that applied to an act committed on ``day``.

        ``in_force_to`` is the first day the edition no longer applied (the day its successor
        took effect), so successive editions never overlap.
        """
        return self.filter(
            models.Q(in_force_from__isnull=True) | models.Q(in_force_from__lte=day),
            models.Q(in_force_to__isnull=True) | models.Q(in_force_to__gt=day),
        )


class CriminalCode(SourcedModel):
    """An edition of the criminal code of Kyrgyzstan or Kazakhstan."""

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    short_name = models.CharField(
        _("short name (Russian)"),
        max_length=50,
        unique=True,
        help_text=_("As Russian citations write it, e.g. «УК КР 2021»; also the edition's key."),
    )
    short_name_en = models.CharField(
        _("short name (English)"),
        max_length=50,
        blank=True,
        help_text=_("As English citations write it, e.g. “CC KR 2021”."),
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    act = models.CharField(_("adopting act"), max_length=255, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)

    objects = CriminalCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("criminal code edition")
        verbose_name_plural = _("criminal code editions")
        ordering = ["country", "-in_force_from"]

    def __str__(self) -> str:
        return self.shown_short_name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def shown_short_name(self) -> str:
        """The short name in the reader's language: «УК КР 2021» / "CC KR 2021"."""
        return for_reader(self.short_name, self.short_name_en)

    def is_in_force_on(self, day: datetime.date) -> bool:
        """Whether an act committed on ``day`` falls under this edition (see ``in_force_on``)."""
        started = self.in_force_from is None or self.in_force_from <= day
        return started and (self.in_force_to is None or day < self.in_force_to)

    def clean(self) -> None:
        if self.in_force_from and self.in_force_to and self.in_force_to < self.in_force_from:
            raise ValidationError({"in_force_to": _("An edition cannot end before it starts.")})


class CriminalArticleQuerySet(models.QuerySet):
    def active(self) -> CriminalArticleQuerySet:
        return self.filter(is_active=True)

    def of_country(self, country: str) -> CriminalArticleQuerySet:
        return self.filter(code__country=country)

    def in_force(self) -> CriminalArticleQuerySet:
        """Articles of the code editions in force today (no end date, or one still to come)."""
        from django.utils import timezone

        today = timezone.localdate()
        return self.filter(
            models.Q(code__in_force_to__isnull=True) | models.Q(code__in_force_to__gt=today)
        )

    def first_of(self, country: str, category: str, part: str = "") -> CriminalArticle:
        """The first article in force of a kind (e.g. the trafficking article, its part 1): how
        a demo or a default names an offence without knowing the registry's numbering."""
        return (
            self.active()
            .in_force()
            .of_country(country)
            .filter(category=category, part=part, clause="")
            .order_by("id")
            .first()
        )


class CriminalArticle(SourcedModel):
    """An article (or a part or clause of it) of a criminal code edition that cases cite."""

    code = models.ForeignKey(
        CriminalCode,
        verbose_name=_("code edition"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    article = models.CharField(_("article"), max_length=20)
    part = models.CharField(_("part"), max_length=10, blank=True)
    clause = models.CharField(_("clause"), max_length=10, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)
    category = models.CharField(_("category"), max_length=30, choices=ArticleCategory.choices)
    text = models.TextField(
        _("text"), blank=True, help_text=_("The text quoted in requests for legal assistance.")
    )
    max_imprisonment_months = models.PositiveIntegerField(
        _("maximum imprisonment (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(12 * 50)],
        help_text=_("Used to check the extradition threshold; empty when life or unknown."),
    )
    min_imprisonment_months = models.PositiveIntegerField(
        _("minimum imprisonment (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(12 * 50)],
    )
    sanction_ru = models.CharField(
        _("sanction (Russian)"),
        max_length=500,
        blank=True,
        help_text=_("As the article states it, e.g. «лишение свободы на срок от 4 до 7 лет»."),
    )
    sanction_en = models.CharField(_("sanction (English)"), max_length=500, blank=True)
    sanction_source = models.CharField(_("source of the sanction"), max_length=500, blank=True)
    sanction_confidence = models.CharField(
        _("mark of the sanction"), max_length=1, choices=Confidence.choices, blank=True
    )
    corresponding = models.ManyToManyField(
        "self",
        verbose_name=_("corresponding articles of the other country"),
        symmetrical=True,
        blank=True,
    )
    is_active = models.BooleanField(_("offered for new qualifications"), default=True)

    objects = CriminalArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("criminal-code article")
        verbose_name_plural = _("criminal-code articles")
        ordering = ["code__country", "code__short_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "article", "part", "clause"],
                name="%(app_label)s_%(class)s_unique_citation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation} — {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def sanction(self) -> str:
        return localized(self, "sanction")

    @property
    def sanction_mark(self) -> str:
        """The sanction's own mark; the row's when none was given."""
        return self.sanction_confidence or self.confidence

    @property
    def sanction_badge(self) -> str:
        return Confidence(self.sanction_mark).badge

    @property
    def sanction_mark_display(self) -> str:
        return Confidence(self.sanction_mark).label

    @property
    def confirmed_max_imprisonment_months(self) -> int | None:
        """The maximum term, when the registry has it and does not mark it "to be confirmed".

        What a legal threshold is tested against: an unconfirmed penalty makes the answer
        "to be confirmed", never a confident yes or no.
        """
        if self.sanction_mark == Confidence.UNVERIFIED:
            return None
        return self.max_imprisonment_months

    def clean(self) -> None:
        if (
            self.min_imprisonment_months is not None
            and self.max_imprisonment_months is not None
            and self.min_imprisonment_months > self.max_imprisonment_months
        ):
            raise ValidationError(
                {"min_imprisonment_months": _("The minimum cannot exceed the maximum.")}
            )

    @property
    def citation(self) -> str:
        """As officers cite it: "ч. 1 ст. 128 УК РК 2014" / "part 1 of Art. 128 CC RK 2014"."""
        values = {
            "article": self.article,
            "part": self.part,
            "clause": self.clause,
            "code": self.code.shown_short_name,
        }
        if self.part and self.clause:
            return _("cl. %(clause)s part %(part)s of Art. %(article)s %(code)s") % values
        if self.part:
            return _("part %(part)s of Art. %(article)s %(code)s") % values
        if self.clause:
            return _("cl. %(clause)s of Art. %(article)s %(code)s") % values
        return _("Art. %(article)s %(code)s") % values


class ExploitationForm(SourcedModel):
    """A form of exploitation recorded on a case (the international definition and national law)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class NonWorkingDayQuerySet(models.QuerySet):
    def of_country(self, country: str) -> NonWorkingDayQuerySet:
        return self.filter(country=country)

    def of_year(self, year: int) -> NonWorkingDayQuerySet:
        return self.filter(date__year=year)


class NonWorkingDay(SourcedModel):
    """A government-decreed change to a country's calendar on top of its public holidays.

    Working days are counted from the `holidays` package's public holidays; each year's decrees
    move days off (a Monday before a holiday) and make a weekend day a working day in exchange.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("additional day off")
        HOLIDAY = "holiday", _("public holiday on a moving date")
        WORKING_DAY = "working_day", _("weekend day made a working day")

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DAY_OFF)
    note = models.CharField(_("reason"), max_length=255, blank=True)

    objects = NonWorkingDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["country", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "date"], name="%(app_label)s_%(class)s_unique_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.date:%d.%m.%Y}: {self.get_kind_display()}"

    @property
    def is_day_off(self) -> bool:
        """A decreed day off and a religious holiday both take the day out of working days."""
        return self.kind != self.Kind.WORKING_DAY


class LegalThreshold(SourcedModel):
    """A number a treaty sets that is not a clock: a minimum penalty, a remaining term."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    instrument = models.ForeignKey(
        "treaties.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thresholds",
    )
    citation = models.CharField(_("citation (Russian)"), max_length=255)
    citation_en = models.CharField(
        _("citation (English)"),
        max_length=255,
        blank=True,
        help_text=_("The same source cited in English; the Russian one is shown when it is empty."),
    )
    months = models.PositiveIntegerField(_("months"))

    class Meta:
        verbose_name = _("legal threshold")
        verbose_name_plural = _("legal thresholds")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def shown_citation(self) -> str:
        """The citation in the reader's language (the Russian one when no English)."""
        return for_reader(self.citation, self.citation_en)
