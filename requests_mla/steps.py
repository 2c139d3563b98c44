"""Taking a workflow step from submitted data (a page's POST or an API body).

The same forms validate both, so a step's rules live in one place; the service does the rest.
Who may and when is checked before the data, so a wrong role gets 403 and a wrong state 409
whatever was sent.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from core.exceptions import IllegalTransition
from core.workflow import refuse_unknown_fields
from requests_mla import forms, services
from requests_mla.models import MLARequest
from requests_mla.permissions import PREDICATES

STEP_FORMS = {
    "submit": forms.NoteForm,
    "approve": forms.NoteForm,
    "return": forms.ReturnForm,
    "send": forms.SendForm,
    "receive": forms.ReceiveForm,
    "accept": forms.NoteForm,
    "request_supplement": forms.TextForm,
    "supplement": forms.TextForm,
    "start_execution": forms.StartExecutionForm,
    "execute": forms.ExecuteForm,
    "refuse": forms.RefuseForm,
    "withdraw": forms.WithdrawForm,
}


def step_form(step: str, mla: MLARequest, data=None):
    form_class = STEP_FORMS[step]
    if form_class is forms.StartExecutionForm:
        return form_class(data, agency=mla.requested_agency)
    if form_class is forms.RefuseForm:
        return form_class(data, request_obj=mla)
    return form_class(data)


def perform(mla: MLARequest, actor, step: str, data) -> MLARequest:
    if step not in services.TRANSITIONS:
        raise Http404
    transition = services.TRANSITIONS[step]
    if not PREDICATES[transition.who](actor, mla):
        raise PermissionDenied(_("Your role does not allow this step."))
    if mla.status not in transition.sources:
        raise IllegalTransition(
            _("A request that is “%(status)s” cannot be %(step)s.")
            % {"status": mla.get_status_display(), "step": services.STEP_LABELS[step]}
        )
    form = step_form(step, mla, data)
    refuse_unknown_fields(data if data is not None else {}, form.fields)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    d = form.cleaned_data
    kwargs = {"request": mla, "actor": actor}
    match step:
        case "submit":
            return services.mla_request_submit(**kwargs)
        case "approve":
            return services.mla_request_approve(**kwargs, note=d["note"])
        case "return":
            return services.mla_request_return(**kwargs, remarks=d["remarks"])
        case "send":
            return services.mla_request_send(
                **kwargs,
                outgoing_number=d["outgoing_number"],
                outgoing_date=d["outgoing_date"],
                channel=d["channel"],
            )
        case "receive":
            return services.mla_request_receive(
                **kwargs, incoming_number=d["incoming_number"], incoming_date=d["incoming_date"]
            )
        case "accept":
            return services.mla_request_accept(**kwargs)
        case "request_supplement":
            return services.mla_request_request_supplement(**kwargs, text=d["text"])
        case "supplement":
            return services.mla_request_supplement(**kwargs, text=d["text"])
        case "start_execution":
            return services.mla_request_start_execution(
                **kwargs, executing_officer=d["executing_officer"]
            )
        case "execute":
            return services.mla_request_execute(
                **kwargs, result_summary=d["result_summary"], partially=d["partially"]
            )
        case "refuse":
            return services.mla_request_refuse(**kwargs, grounds=list(d["grounds"]), note=d["note"])
        case "withdraw":
            return services.mla_request_withdraw(**kwargs, reason=d["reason"])
    raise Http404
