"""The demo's formal documents, every kind, read as the other country's prosecutor reads them:
proper Russian, the law cited from the registry, the addressee from the registry and the agencies.

The demo is built once for the module inside a transaction that is rolled back at its end, and
everything the tests compare with — the registry's names, citation forms, authorities and
sources — is read from the database while it exists, never written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tests.requests_mla.test_documents import pdf_text

DOCUMENT_KINDS = (
    "mla_request",
    "covering_letter",
    "execution_report",
    "extradition_request",
    "custody_request",
    "agreement",
)
# Runs of Latin letters a Russian document may contain, whatever the data: the hash's name and
# the QR code named beside it. Besides these, tokens with a digit (references such as
# MLA-KG-2026-0001, passport numbers, document codes), URLs, a subparagraph letter in guillemets
# («a»), the Latin spelling of a person's name as recorded, and a registry source quoted in a
# footnote as recorded.
ALLOWED_LATIN = {"SHA", "QR"}
LATIN_RUN = re.compile(r"[A-Za-z]+")

# The tests read only what the module's fixture rendered; the mark makes pytest-django set up
# the test database for it.
pytestmark = pytest.mark.django_db


@dataclass
class Rendered:
    subject: str
    kind: str
    text: str
    citations: list[str]
    qualification: list[tuple[str, str]] = field(default_factory=list)
    female_victims: list[str] = field(default_factory=list)
    addressee: str = ""
    # (citation, source) of the articles it cites that the registry has not verified.
    unverified: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Demo:
    documents: list[Rendered]
    instrument_names: set[str]
    latin_names: set[str]
    sources: list[str]

    def of_kind(self, kind: str) -> list[Rendered]:
        return [d for d in self.documents if d.kind == kind]


def _words(value: str) -> str:
    return " ".join(value.split())


def _authority(instruments, country: str, fallback: str) -> str:
    for instrument in instruments:
        party = instrument.parties.filter(country=country).first()
        if party is not None and party.competent_authority_ru:
            return party.competent_authority_ru
    return fallback


def _render_demo() -> Demo:
    from accounts.models import Agency, User
    from cases.models import Person
    from extradition import services as extradition_services
    from extradition.models import ExtraditionFile
    from requests_mla import services as request_services
    from requests_mla.models import MLARequest
    from teams.documents import agreement_render
    from teams.models import JointTeam
    from treaties.models import CriminalArticle, Instrument, InstrumentParty, Provision

    call_command("seed_demo", password="demo-password-1")
    actor = User.objects.get(username="kg_prosecutor")
    documents = []
    for mla in MLARequest.objects.select_related("requesting_agency", "requested_agency"):
        instruments = list(mla.instruments.order_by("precedence", "id"))
        citations = [i.citation_ru or i.title_ru for i in instruments]
        female_victims = [
            link.participant.person.full_name
            for action in mla.actions.all()
            for link in action.links.select_related("participant__person")
            if link.disclose_identity
            and link.participant.role == "victim"
            and link.participant.person.sex == "female"
        ]
        kinds = ["mla_request", "covering_letter"]
        if mla.status in ("executed", "partially_executed"):
            kinds.append("execution_report")
        for kind in kinds:
            rendered = request_services.mla_document_render(request=mla, kind=kind, actor=actor)
            document = Rendered(mla.reference, kind, pdf_text(rendered.pdf), citations)
            if kind == "mla_request":
                articles = list(mla.articles.select_related("code"))
                document.qualification = [(a.citation, a.title_ru) for a in articles]
                document.unverified = [
                    (a.citation, a.source) for a in articles if a.confidence in ("U", "L")
                ]
                document.female_victims = female_victims
                document.addressee = mla.requested_agency.name_ru
            if kind == "covering_letter":
                document.addressee = _authority(
                    instruments, mla.requested_agency.country, mla.requested_agency.name_ru
                )
            documents.append(document)
    for file in ExtraditionFile.objects.all():
        instruments = list(file.instruments.order_by("precedence", "id"))
        prosecutor = Agency.objects.get(country=file.requested_state, kind="prosecutor")
        for kind in ("extradition_request", "custody_request"):
            rendered = extradition_services.extradition_document_render(file=file, kind=kind)
            document = Rendered(
                file.reference,
                kind,
                pdf_text(rendered.pdf),
                [i.citation_ru or i.title_ru for i in instruments],
                addressee=_authority(instruments, file.requested_state, prosecutor.name_ru),
            )
            documents.append(document)
    for team in JointTeam.objects.all():
        instruments = list(team.instruments.order_by("precedence", "id"))
        documents.append(
            Rendered(
                team.name,
                "agreement",
                pdf_text(agreement_render(team=team).pdf),
                [i.citation_ru or i.title_ru for i in instruments],
            )
        )
    names = set()
    for short_name, name_en in Instrument.objects.values_list("short_name", "name_en"):
        names |= {n for n in (short_name, name_en) if n and LATIN_RUN.search(n)}
    latin_names = set()
    for surname, given in Person.objects.values_list("surname_latin", "given_name_latin"):
        latin_names |= {n for n in (surname, given) if n}
    sources = []
    for model in (Instrument, InstrumentParty, Provision, CriminalArticle):
        sources += [s for s in model.objects.values_list("source", flat=True) if s]
    sources += [s for s in CriminalArticle.objects.values_list("sanction_source", flat=True) if s]
    return Demo(documents, names, latin_names, sorted(set(sources), key=len, reverse=True))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Demo:
    with django_db_blocker.unblock(), translation.override("ru"), transaction.atomic():
        rendered = _render_demo()
        # Nothing of the demo outlives the module: the other tests expect an empty portal.
        transaction.set_rollback(True)
    return rendered


def _flat(value: str) -> str:
    """Words separated by single spaces, none after a dash, hyphen or slash (where a line of
    the PDF may wrap: «12–16.12.2000» comes out as «12– 16.12.2000»)."""
    return re.sub(r"(?<=[–\-/])\s+", "", _words(value))


def _without_sources(text: str, sources: list[str]) -> str:
    """The text without the registry's sources its footnotes quote as recorded."""
    text = _flat(text)
    for source in sources:
        text = text.replace(_flat(source).rstrip("."), " ")
    return text


def test_every_kind_of_formal_document_is_in_the_demo(demo):
    assert {d.kind for d in demo.documents} == set(DOCUMENT_KINDS)


def test_each_document_cites_every_instrument_in_its_citation_form(demo):
    for document in demo.documents:
        assert document.citations, document.subject
        for citation in document.citations:
            assert _words(citation) in document.text, (document.subject, document.kind, citation)


def test_no_instrument_is_named_in_latin_letters(demo):
    for document in demo.documents:
        text = _without_sources(document.text, demo.sources)
        for name in demo.instrument_names:
            assert name not in text, (document.subject, document.kind, name)


def test_no_latin_words_but_codes_links_and_recorded_spellings(demo):
    for document in demo.documents:
        text = _without_sources(document.text, demo.sources)
        text = re.sub(r"«[A-Za-z]»", " ", text)  # a subparagraph's letter: «a»
        for token in text.split():
            if re.search(r"\d", token) or token.startswith(("http://", "https://")):
                continue
            for run in LATIN_RUN.findall(token):
                assert run in ALLOWED_LATIN or run in demo.latin_names, (
                    document.subject,
                    document.kind,
                    token,
                )


def test_a_female_victim_reads_in_the_feminine(demo):
    requests = [d for d in demo.of_kind("mla_request") if d.female_victims]
    assert requests, "the demo discloses a female victim in a request"
    for document in requests:
        for name in document.female_victims:
            assert f"{name} (потерпевшая)" in document.text
            assert f"{name} (потерпевший)" not in document.text


def test_the_qualification_is_printed_once(demo):
    for document in demo.of_kind("mla_request"):
        assert document.qualification
        for citation, title in document.qualification:
            line = re.escape(citation) + r"\**\s*\(«" + re.escape(title) + r"»\)"
            assert len(re.findall(line, document.text)) == 1, (document.subject, citation)
            assert f"{citation} — {title}" not in document.text


def test_the_addressee_comes_from_the_registry_or_the_agencies(demo):
    for kind in ("mla_request", "covering_letter", "extradition_request", "custody_request"):
        for document in demo.of_kind(kind):
            assert document.addressee
            assert document.addressee in document.text, (document.subject, kind)


def test_values_the_registry_has_not_verified_carry_a_footnote_with_their_source(demo):
    noted = [d for d in demo.of_kind("mla_request") if d.unverified]
    assert noted, "the demo cites articles the registry holds from a secondary source"
    for document in noted:
        for citation, source in document.unverified:
            assert re.search(re.escape(citation) + r"\*+\s*\(«", document.text)  # marked
            footnote = re.escape(citation) + r" — подлежит подтверждению[^;]*; источник: "
            assert re.search(footnote + re.escape(_words(source).rstrip(".")), document.text)
