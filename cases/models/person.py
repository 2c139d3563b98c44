from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.choices import WORLD_COUNTRIES, DocumentKind, ParticipantRole, Sex
from cases.querysets import ChildQuerySet
from cases.validators import fold
from core.models import TimeStampedModel

# The fields that identify a person: shown for a victim only to holders of view_protected.
PROTECTED_PERSON_FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "surname_latin",
    "given_name_latin",
    "birth_date",
    "birth_place",
    "address",
    "contacts",
)


class Person(TimeStampedModel):
    """A natural person involved in a case, as recorded by the owning agency."""

    owning_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", editable=False
    )
    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    surname_latin = models.CharField(_("surname (Latin letters)"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name (Latin letters)"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=255, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(
        _("citizenship"), max_length=2, choices=WORLD_COUNTRIES, blank=True
    )
    address = models.TextField(_("address"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # All name spellings, folded (see cases.validators.fold): what the search box compares.
    search_name = models.CharField(max_length=600, editable=False, blank=True)
    # The matcher's skeleton tokens of every spelling (matching.search_keys), space-separated:
    # what the same-person search blocks on. PostgreSQL indexes them twice: as an array of
    # exact keys (GIN, migration 0009) and by trigrams for the fallback (pg_trgm, 0008).
    match_keys = models.CharField(max_length=600, editable=False, blank=True)

    audit_exclude = ("search_name", "match_keys", "version")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["surname", "given_name", "id"]
        indexes = [
            # The same-person search: the persons born on the query's date (cases.persons).
            models.Index(fields=["birth_date"], name="cases_person_birth_date_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def refresh_search_name(self) -> None:
        names = (
            self.surname,
            self.given_name,
            self.patronymic,
            self.surname_latin,
            self.given_name_latin,
        )
        self.search_name = fold(" ".join(n for n in names if n))
        self.match_keys = person_match_keys(self)

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.surname_latin, self.given_name_latin) if p)


def person_match_keys(person) -> str:
    """The skeleton tokens of a person's Cyrillic and Latin spellings, each once."""
    from matching import search_keys

    keys: list[str] = []
    spellings = (
        " ".join(p for p in (person.surname, person.given_name, person.patronymic) if p),
        " ".join(p for p in (person.surname_latin, person.given_name_latin) if p),
    )
    for spelling in spellings:
        if spelling.strip():
            keys.extend(k for k in search_keys(spelling) if k not in keys)
    return " ".join(keys)[:600]


class IdentityDocument(models.Model):
    """A passport or other identity document of a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    issuing_country = models.CharField(_("issued by"), max_length=2, choices=WORLD_COUNTRIES)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Participant(TimeStampedModel):
    """A person's part in a case: suspect, accused, victim, witness or legal representative."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=30, choices=ParticipantRole.choices)
    # Victims are numbered in the order they were added: "Victim 1" is stable for the case.
    victim_number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["case", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="%(app_label)s_%(class)s_unique_role"
            ),
            models.UniqueConstraint(
                fields=["case", "victim_number"],
                condition=models.Q(victim_number__isnull=False),
                name="%(app_label)s_%(class)s_unique_victim_number",
            ),
        ]
        indexes = [
            # Number of victims per case on the list page; victims' search.
            models.Index(fields=["case", "role"], name="cases_part_case_role_idx"),
            # The name search: from each matching person to their cases and roles without
            # reading the participant rows (an index-only scan on PostgreSQL; a plain index on
            # the person elsewhere).
            models.Index(
                fields=["person"], include=["case", "role"], name="cases_part_person_case_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_role_display()}"

    @property
    def is_protected(self) -> bool:
        return ParticipantRole(self.role).is_protected

    @property
    def role_label(self) -> str:
        """The role agreeing with the person's sex, in the reader's language («потерпевшая»)."""
        return ParticipantRole(self.role).label_for(self.person.sex)

    @property
    def pseudonym(self) -> str:
        """The stable name a protected victim is shown under ("Потерпевший 1")."""
        return gettext("Victim %(number)s") % {"number": self.victim_number}
