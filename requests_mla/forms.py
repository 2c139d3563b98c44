from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, User
from cases.forms import UserChoiceField
from cases.models import Case, Participant
from core.forms import StyledFormMixin
from requests_mla.choices import (
    Channel,
    Confidentiality,
    RequestLanguage,
    RequestType,
)
from requests_mla.completeness import AUTOMATIC_CHECKS, Draft, DraftAction
from treaties.choices import RequestKind
from treaties.models import (
    AssistanceKind,
    CriminalArticle,
    Instrument,
    Provision,
    RefusalGround,
    RequiredElement,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    """Participants of the case, victims under their pseudonym unless the user may see them."""

    def __init__(self, *args, show_victims: bool = True, **kwargs):
        self.show_victims = show_victims
        super().__init__(*args, **kwargs)

    def label_from_instance(self, participant: Participant) -> str:
        if participant.is_protected and not self.show_victims:
            return f"{participant.pseudonym} ({participant.get_role_display()})"
        return f"{participant.person.full_name} ({participant.role_label})"


class InstrumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, instrument: Instrument) -> str:
        return f"{instrument.name} — {instrument.title}"


class ProvisionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, provision: Provision) -> str:
        return f"{provision.instrument.name}, {provision.citation}: {provision.subject}"


class ArticleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, article: CriminalArticle) -> str:
        return f"{article.citation} — {article.title}"


class ElementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, element: RequiredElement) -> str:
        return f"{element.instrument.name}, {element.citation}: {element.label}"


class MLARequestForm(StyledFormMixin, forms.Form):
    """The body of a request; the requested actions are a formset beside it."""

    request_type = forms.ChoiceField(label=_("type"), choices=RequestType.choices)
    requesting_agency = forms.ModelChoiceField(
        label=_("requesting authority"), queryset=Agency.objects.none()
    )
    requested_agency = forms.ModelChoiceField(
        label=_("requested authority"), queryset=Agency.objects.none()
    )
    instruments = InstrumentChoiceField(
        label=_("legal basis"),
        queryset=Instrument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Proposed in the order they apply: bilateral, then CIS, then UN."),
    )
    provisions = ProvisionChoiceField(
        label=_("articles of the legal basis"),
        queryset=Provision.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    articles = ArticleChoiceField(
        label=_("qualification"),
        queryset=CriminalArticle.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    qualification_text = forms.CharField(
        label=_("text of the criminal-law articles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quoted in full in the request, as the legal basis requires."),
    )
    facts = forms.CharField(
        label=_("facts of the case"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    purpose = forms.CharField(
        label=_("purpose of the evidence or information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    representatives = forms.CharField(
        label=_("representatives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names and addresses of representatives, or state that there are none."),
    )
    confidentiality = forms.ChoiceField(
        label=_("confidentiality"),
        choices=[("", "—"), *Confidentiality.choices],
        required=False,
    )
    urgent = forms.BooleanField(label=_("urgent"), required=False)
    urgency_reason = forms.CharField(label=_("reason for urgency"), required=False, max_length=2000)
    language = forms.ChoiceField(
        label=_("language of the request"), choices=RequestLanguage.choices
    )
    execution_requested_by = forms.DateField(
        label=_("execution requested by"), required=False, widget=DATE
    )
    confirmed_elements = ElementChoiceField(
        label=_("elements I confirm"),
        queryset=RequiredElement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Elements the portal cannot check by itself."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["requesting_agency"].queryset = Agency.objects.filter(country=case.country)
        self.fields["requested_agency"].queryset = Agency.objects.exclude(country=case.country)
        legal_bases = Instrument.objects.legal_bases(for_mla=True).order_by("precedence", "id")
        self.fields["instruments"].queryset = legal_bases
        self.fields["provisions"].queryset = Provision.objects.filter(
            instrument__in=legal_bases
        ).select_related("instrument")
        self.fields["articles"].queryset = CriminalArticle.objects.of_country(
            case.country
        ).select_related("code")
        manual = ~Q(check_kind__in=AUTOMATIC_CHECKS)
        self.fields["confirmed_elements"].queryset = RequiredElement.objects.filter(
            manual, request_kind=RequestKind.MLA, instrument__in=legal_bases
        ).select_related("instrument", "provision")
        for name in ("instruments", "confirmed_elements"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def relations(self, formset) -> dict:
        """The request's links to the registry and its actions, as the services take them."""
        data = self.cleaned_data
        return {
            "instruments": data["instruments"],
            "provisions": data["provisions"],
            "articles": data["articles"],
            "confirmed_elements": data["confirmed_elements"],
            "actions": formset.actions(),
        }

    def draft_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "request_type": data["request_type"],
            "requesting_agency": data["requesting_agency"],
            "requested_agency": data["requested_agency"],
            "qualification_text": data["qualification_text"],
            "facts": data["facts"],
            "purpose": data["purpose"],
            "representatives": data["representatives"],
            "confidentiality": data["confidentiality"],
            "urgent": data["urgent"],
            "urgency_reason": data["urgency_reason"],
            "language": data["language"],
            "execution_requested_by": data["execution_requested_by"],
        }


def kind_choices(instruments=(), keep=()) -> list:
    """The kinds of assistance an action may name, from the registry: the active ones (and any
    the request already names). With legal bases chosen, the kinds they provide come first; the
    others stay available below them, since a basis may allow any other assistance."""
    kinds = [(k.code, k.name) for k in AssistanceKind.objects.offered(keep=keep)]
    choices: list = [("", "—")]
    instruments = list(instruments)
    if not instruments:
        return choices + kinds
    provided = set(AssistanceKind.objects.provided_by(instruments).values_list("code", flat=True))
    first = [c for c in kinds if c[0] in provided]
    rest = [c for c in kinds if c[0] not in provided]
    if first:
        choices.append((_("Provided by the chosen legal basis"), first))
    if rest:
        choices.append((_("Other kinds (not named by the chosen legal basis)"), rest))
    return choices


class ActionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind of assistance"), choices=(), required=False)
    details = forms.CharField(
        label=_("what exactly is requested"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    places = forms.CharField(label=_("places"), required=False, max_length=2000)
    questions = forms.CharField(
        label=_("questions to put"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    persons = ParticipantChoiceField(
        label=_("persons concerned"), queryset=Participant.objects.none(), required=False
    )
    disclosed = ParticipantChoiceField(
        label=_("victims whose identity the execution needs"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_("Other victims appear under their pseudonym in the request."),
    )

    def __init__(self, *args, case: Case, show_victims: bool, kinds: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        participants = Participant.objects.filter(case=case).select_related("person")
        for name in ("persons", "disclosed"):
            self.fields[name].queryset = (
                participants if name == "persons" else participants.filter(role="victim")
            )
            self.fields[name].show_victims = show_victims
            self.fields[name].widget.attrs["size"] = 4

    def clean(self):
        data = super().clean()
        if data.get("details") and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of assistance."))
        if data.get("kind") and not data.get("details"):
            self.add_error("details", _("Say what exactly is requested."))
        disclosed = set(data.get("disclosed") or [])
        if disclosed - set(data.get("persons") or []):
            self.add_error("disclosed", _("Disclose only persons concerned by this action."))
        return data


class BaseActionFormSet(forms.BaseFormSet):
    def __init__(self, *args, case: Case, show_victims: bool, instruments=(), keep=(), **kwargs):
        self.case, self.show_victims = case, show_victims
        # One query for the whole formset's choices, not one per form.
        self.kinds = kind_choices(instruments, keep)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"case": self.case, "show_victims": self.show_victims, "kinds": self.kinds}

    def actions(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if getattr(f, "cleaned_data", None) and f.cleaned_data.get("kind")
        ]


ActionFormSet = forms.formset_factory(
    ActionForm, formset=BaseActionFormSet, extra=2, max_num=30, validate_max=True
)


def draft_from_forms(case: Case, form: MLARequestForm, formset) -> Draft:
    """A Draft of what is typed so far (valid fields only), for the live checklist."""
    data = getattr(form, "cleaned_data", {}) or {}
    actions = []
    for action_form in formset.forms:
        action = getattr(action_form, "cleaned_data", None) or {}
        if action.get("kind") or action.get("details"):
            actions.append(
                DraftAction(
                    kind=action.get("kind", ""),
                    details=action.get("details", ""),
                    participants=list(action.get("persons") or []),
                )
            )
    return Draft(
        case=case,
        requesting_agency=data.get("requesting_agency"),
        requested_agency=data.get("requested_agency"),
        instruments=list(data.get("instruments") or []),
        articles=list(data.get("articles") or []),
        qualification_text=data.get("qualification_text", ""),
        facts=data.get("facts", ""),
        purpose=data.get("purpose", ""),
        representatives=data.get("representatives", ""),
        confidentiality=data.get("confidentiality", ""),
        actions=actions,
        confirmed_element_ids={e.pk for e in data.get("confirmed_elements") or []},
    )


# --- Workflow forms ---------------------------------------------------------------------------
class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class ReturnForm(StyledFormMixin, forms.Form):
    remarks = forms.CharField(
        label=_("remarks"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SendForm(StyledFormMixin, forms.Form):
    outgoing_number = forms.CharField(label=_("outgoing number"), max_length=50)
    outgoing_date = forms.DateField(
        label=_("outgoing date"), widget=DATE, initial=timezone.localdate
    )
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)

    takes_subject = True  # the workflow passes the request: its type proposes the channel

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        if subject is not None:
            self.fields["channel"].initial = DEFAULT_CHANNEL.get(
                subject.request_type, Channel.CENTRAL_AUTHORITY
            )


# The channel a request of each type usually travels by (the sender may choose another).
DEFAULT_CHANNEL = {
    RequestType.FORMAL_MLA: Channel.CENTRAL_AUTHORITY,
    RequestType.POLICE_INQUIRY: Channel.POLICE,
}


class ReceiveForm(StyledFormMixin, forms.Form):
    incoming_number = forms.CharField(label=_("incoming number"), max_length=50)
    incoming_date = forms.DateField(
        label=_("incoming date"), widget=DATE, initial=timezone.localdate
    )


class TextForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class StartExecutionForm(StyledFormMixin, forms.Form):
    """The officer of the requested authority who executes the request."""

    takes_subject = True  # the workflow passes the request: its requested agency's officers

    executing_officer = UserChoiceField(label=_("executing officer"), queryset=User.objects.none())

    def __init__(self, *args, subject, **kwargs):
        from requests_mla.querysets import executor_candidates

        super().__init__(*args, **kwargs)
        # Only officers who may execute: of the executing agency, with a case role.
        self.fields["executing_officer"].queryset = executor_candidates(subject)


class RouteForm(StyledFormMixin, forms.Form):
    """The agency of the requested country that executes the request (GPO → MVD)."""

    takes_subject = True

    executing_agency = forms.ModelChoiceField(
        label=_("executing agency"), queryset=Agency.objects.none()
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args, subject, **kwargs):
        from requests_mla.querysets import routing_candidates

        super().__init__(*args, **kwargs)
        self.fields["executing_agency"].queryset = routing_candidates(subject)


class ExecuteForm(StyledFormMixin, forms.Form):
    result_summary = forms.CharField(
        label=_("results"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    partially = forms.BooleanField(label=_("executed only in part"), required=False)


class RefuseForm(StyledFormMixin, forms.Form):
    """Grounds for refusal: only those of the request's legal basis are offered (and accepted)."""

    takes_subject = True

    grounds = forms.ModelMultipleChoiceField(
        label=_("grounds for refusal"),
        queryset=RefusalGround.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].queryset = RefusalGround.objects.filter(
            instrument__in=subject.instruments.all(), request_kind=RequestKind.MLA
        ).select_related("instrument", "provision")
        self.fields["grounds"].label_from_instance = _ground_label
        self.fields["grounds"].widget.attrs["class"] = "form-check-input"


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class RequestFileForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("file"))
    description = forms.CharField(label=_("description"), max_length=500, required=False)


def _ground_label(ground: RefusalGround) -> str:
    where = ground.instrument.name
    if ground.provision_id:
        where = f"{where}, {ground.provision.citation}"
    return f"{where}: {ground.text}"
