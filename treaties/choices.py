"""Enumerations of the treaty registry. Values are stable keys; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    UN = "un", _("UN (multilateral)")
    CIS = "cis", _("CIS")
    BILATERAL = "bilateral", _("Bilateral KR–KZ")
    NATIONAL = "national", _("National law")


class PartyStatus(models.TextChoices):
    SIGNED = "signed", _("signed")
    RATIFIED = "ratified", _("ratified")
    IN_FORCE = "in_force", _("in force")
    NOT_PARTY = "not_party", _("not a party")
    UNKNOWN = "unknown", _("to be confirmed")


class TriggerEvent(models.TextChoices):
    """A legal event that starts a clock. Services name the event; the registry sets the clock."""

    PERSON_DETAINED = "person_detained", _("wanted person detained")
    CUSTODY_ORDERED = "custody_ordered", _("temporary custody pending the extradition request")
    EXTRADITION_SUPPLEMENT_REQUESTED = (
        "extradition_supplement_requested",
        _("supplementary information requested for an extradition request"),
    )
    SURRENDER_DATE_FIXED = "surrender_date_fixed", _("surrender date fixed")
    MLA_SENT = "mla_sent", _("MLA request sent")
    MLA_RETURNED_FOR_SUPPLEMENT = (
        "mla_returned_for_supplement",
        _("MLA request returned for supplementary information"),
    )
    JIT_AGREEMENT_SIGNED = "jit_agreement_signed", _("joint team agreement signed")
    TASK_ASSIGNED = "task_assigned", _("joint team task assigned")
    EXCHANGE_URGENT_MESSAGE = "exchange_urgent_message", _("urgent information message sent")
    OPERATION_PLANNED = "operation_planned", _("coordinated operation planned")


class LengthUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    # Сутки: whole 24-hour periods from the moment of the event (custody clocks), never
    # rounded up to the end of a day.
    FULL_DAYS = "full_days", _("24-hour periods (сутки) from the moment")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
    # The length is a date given by a party (the requester's date, the agreement's end date);
    # `length` is then the fallback used when no such date is given.
    SET_BY_PARTY = "set_by_party", _("date set by a party")


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class Jurisdiction(models.TextChoices):
    """Whose law sets the clock, and so in whose zone and calendar it is counted."""

    DETAINING_STATE = "detaining_state", _("state where the person is detained")
    REQUESTED_STATE = "requested_state", _("requested state")
    REQUESTING_STATE = "requesting_state", _("requesting state")
    CASE_COUNTRY = "case_country", _("country of the case")


class RequestKind(models.TextChoices):
    MLA = "mla", _("request for legal assistance")
    EXTRADITION = "extradition", _("extradition request")


class ElementCheck(models.TextChoices):
    """How the completeness check evaluates a required element against a draft request.

    A mechanism, not law: the registry says *which* elements an instrument requires and cites
    the article; this says which part of a request answers each of them.
    """

    MANUAL = "manual", _("confirmed by the drafter")
    REQUESTED_AUTHORITY = "requested_authority", _("requested authority named")
    REQUESTING_AUTHORITY = "requesting_authority", _("requesting authority named")
    CASE_NAME_AND_NUMBER = "case_name_and_number", _("case name and number")
    PERSONS_IDENTIFIED = "persons_identified", _("persons concerned identified")
    REPRESENTATIVES = "representatives", _("representatives named")
    CONFIDENTIALITY = "confidentiality", _("confidentiality stated")
    FACTS = "facts", _("summary of the facts")
    QUALIFICATION_TEXT = "qualification_text", _("legal qualification with the article's text")
    ACTIONS_REQUESTED = "actions_requested", _("assistance sought")
    PURPOSE = "purpose", _("purpose of the evidence or information")
    PERSON_DESCRIPTION = "person_description", _("description of the wanted person")
    CUSTODY_DECISION = "custody_decision", _("custody decision or final judgment")
    DAMAGE = "damage", _("damage caused")
    SIGNATURE_AND_SEAL = "signature_and_seal", _("signature and seal")


class ElementSupplier(models.TextChoices):
    """Who puts a required element into a request: its drafter, or the approval that follows.

    The completeness check counts against the drafter only what the drafter can supply; an
    element added on approval (a signature and seal) is shown as such, not as a gap.
    """

    DRAFTER = "drafter", _("the drafter")
    APPROVAL = "approval", _("added on approval")


class ArticleCategory(models.TextChoices):
    """What a criminal-code article is about, for filters and the side-by-side view."""

    TRAFFICKING = "trafficking", _("trafficking in persons")
    TRAFFICKING_MINORS = "trafficking_minors", _("trafficking in minors")
    FORCED_LABOUR = "forced_labour", _("forced labour and exploitation")
    RELATED = "related", _("related offence")
