"""Thin views of policy proposals: the list, filing and editing a draft, the
proposal's page with its thread, the status fragment the page script fetches,
the workflow's steps, co-signing and following. Every form works without
JavaScript (POST, then a redirect with a message)."""

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.filters import choice
from cms.http import answers_rate_limited, done, run_service
from cms.live.selectors import stream_last_seq
from cms.params import parse_id
from cms.visibility import viewer_for_request

from .. import permissions_proposals as rules
from .. import services
from ..forms_proposals import ProposalForm, SignForm, StepForm
from ..models import Proposal, ProposalAttachment, ProposalState
from ..permissions import organisations_for
from ..selectors import proposals as selectors
from ..selectors import thread_context
from ..spheres import Sphere

TEMPLATES = "participation/proposals"
PAGE_SCRIPTS = ("participation/proposal.js",)


def denied(request: HttpRequest, reason, *, proposal: Proposal | None = None):
    return http.refused(
        request,
        reason,
        template=f"{TEMPLATES}/denied.html",
        context={
            "proposal": proposal,
            "signed_in": is_signed_in(request.user),
            "back_url": proposal.get_url() if proposal else reverse("proposals:list"),
        },
        status=403,
    )


answers_denied = http.answers_denied(denied)


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    """The proposal with its counts, if the viewer may see it; else 404 (a
    draft does not exist for anyone but its authors)."""
    proposal = selectors.proposal_with_counts(pk)
    if proposal is None or not proposal.visible_to(viewer_for_request(request)):
        raise Http404
    return proposal


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    state = choice(request.GET, "stan", set(ProposalState.values) - {"draft"})
    sphere = choice(request.GET, "sfera", set(Sphere.values))
    organisations = list(selectors.organisations_with_proposals())
    org_id = parse_id(request.GET.get("organizacja", ""))
    organisation = next((o for o in organisations if o.pk == org_id), None)
    proposals = list(
        selectors.proposals_public(
            state=state, sphere=sphere, organisation=organisation
        )
    )
    settings = selectors.proposal_settings(request)
    for proposal in proposals:
        proposal.threshold = selectors.threshold_for(proposal, settings)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "proposals": proposals,
            "drafts": list(selectors.proposals_drafts_for(request.user)),
            "state": state,
            "sphere": sphere,
            "organisation": organisation,
            "organisations": organisations,
            "states": [c for c in ProposalState.choices if c[0] != "draft"],
            "spheres": Sphere.choices,
            "may_file": rules.can_file_proposal(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@answers_denied
def proposal_create(request: HttpRequest) -> HttpResponse:
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    if not rules.can_file_proposal(request.user):
        return denied(request, _("Confirm your e-mail address to file a proposal."))
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        organisations=organisations_for(request.user),
    )
    rate_limited = False
    if request.method == "POST" and form.is_valid():
        proposal, rate_limited = run_service(
            form,
            lambda: services.proposal_create(
                user=request.user,
                on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                **form.service_kwargs(),
            ),
        )
        if proposal is not None:
            return done(
                request,
                _(
                    "Draft saved. Only you (and your organisation) see it "
                    "until you submit it."
                ),
                proposal.get_url(),
                status=201,
                location=proposal.get_url(),
            )
    if request.method == "GET":
        return render(request, f"{TEMPLATES}/form.html", {"form": form})
    return http.invalid(
        request, form, template=f"{TEMPLATES}/form.html", context={},
        rate_limited=rate_limited,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@answers_denied
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not rules.can_edit_proposal(request.user, proposal):
        return denied(
            request,
            _("Only a draft can be changed, by its authors."),
            proposal=proposal,
        )
    initial = {
        "title": proposal.title,
        "problem": proposal.problem_source,
        "proposed_change": proposal.proposed_change_source,
        "justification": proposal.justification_source,
        "sphere": proposal.sphere,
        "concerns": proposal.concerns,
        "concerns_title": proposal.concerns_title,
        "consultation": proposal.consultation_id,
    }
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=request.user,
        editing=True,
    )
    context = {"proposal": proposal}
    rate_limited = False
    if request.method == "POST" and form.is_valid():
        result, rate_limited = run_service(
            form,
            lambda: services.proposal_update(
                proposal=proposal, user=request.user, **form.service_kwargs()
            ),
        )
        if result is not None:
            return done(request, _("Draft saved."), proposal.get_url())
    if request.method == "GET":
        return render(request, f"{TEMPLATES}/form.html", {"form": form, **context})
    return http.invalid(
        request, form, template=f"{TEMPLATES}/form.html", context=context,
        rate_limited=rate_limited,
    )  # fmt: skip


def _status_context(request: HttpRequest, proposal: Proposal) -> dict:
    """The part of the page that changes with each step and signature: what the
    page script fetches again when the proposal's stream says it changed."""
    user = request.user
    organisations = organisations_for(user)
    signed = selectors.viewer_signatures(proposal, user)
    sign_form = None
    if rules.signing_denied_reason(user, proposal) is None or any(
        rules.signing_denied_reason(user, proposal, org) is None
        for org in organisations
    ):
        sign_form = SignForm(user=user, organisations=organisations)
    return {
        "proposal": proposal,
        "threshold": selectors.threshold_for(
            proposal, selectors.proposal_settings(request)
        ),
        "signatures": selectors.proposal_signatures(proposal),
        "timeline": selectors.proposal_timeline(proposal),
        "steps": rules.steps_for(user, proposal),
        "step_form": StepForm(),
        "sign_form": sign_form,
        "signed_self": None in signed,
        "signed_organisations": [o for o in organisations if o.pk in signed],
        "signing_open": proposal.state in rules.SIGNING_STATES,
        "may_edit": rules.can_edit_proposal(user, proposal),
        "following": selectors.is_following(proposal, user),
        "signed_in": is_signed_in(user),
        "stream": rules.proposal_stream(proposal),
    }


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    context = _status_context(request, proposal)
    context["attachments"] = list(proposal.attachments.all())
    if proposal.state != ProposalState.DRAFT:
        context.update(thread_context(request, proposal))
        context["page_scripts"] = (*context["page_scripts"], *PAGE_SCRIPTS)
    else:
        context["page_scripts"] = PAGE_SCRIPTS
        context["seq"] = stream_last_seq(context["stream"])
    return render(request, f"{TEMPLATES}/detail.html", context)


@require_GET
def proposal_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment alone (the page script's resync)."""
    proposal = _proposal(request, pk)
    return render(
        request, f"{TEMPLATES}/status.html", _status_context(request, proposal)
    )


@require_POST
@answers_denied
def proposal_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    proposal = _proposal(request, pk)
    service = services.PROPOSAL_STEP_SERVICES.get(action)
    if service is None:
        raise Http404
    form = StepForm(request.POST)
    form.is_valid()  # every field is optional: the service decides
    data = form.cleaned_data
    kwargs = {"proposal": proposal, "user": request.user}
    if action == "take_up":
        kwargs |= {
            "department": data.get("department"),
            "reason": data.get("reason", ""),
        }
    elif action == "publish_opinion":
        kwargs |= {
            "verdict": data.get("verdict", ""),
            "reasoning": data.get("reasoning", ""),
        }
    elif action != "submit":
        kwargs["reason"] = data.get("reason", "")
    result, rate_limited = run_service(form, lambda: service(**kwargs))
    if result is not None:
        return done(
            request,
            _("Done: %(state)s.") % {"state": result.get_state_display()},
            proposal.get_url(),
        )
    context = _status_context(request, proposal)
    context |= {"step_form": form, "failed_action": action, "page_scripts": ()}
    return http.invalid(
        request, form, template=f"{TEMPLATES}/detail.html", context=context,
        rate_limited=rate_limited,
    )  # fmt: skip


def _behalf(request: HttpRequest):
    form = SignForm(
        request.POST, user=request.user, organisations=organisations_for(request.user)
    )
    form.is_valid()
    return form.cleaned_data.get("on_behalf_of")


@require_POST
@answers_denied
@answers_rate_limited
def proposal_sign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(proposal.get_url())
    services.proposal_sign(
        proposal=proposal, user=request.user, organisation=_behalf(request)
    )
    return done(request, _("Co-signed. Thank you."), proposal.get_url())


@require_POST
@answers_denied
@answers_rate_limited
def proposal_unsign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(proposal.get_url())
    services.proposal_unsign(
        proposal=proposal, user=request.user, organisation=_behalf(request)
    )
    return done(request, _("Your co-signature is withdrawn."), proposal.get_url())


@require_POST
@answers_denied
@answers_rate_limited
def proposal_follow(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not is_signed_in(request.user):
        return redirect_to_login(proposal.get_url())
    follow = request.POST.get("follow") == "1"
    services.proposal_follow(proposal=proposal, user=request.user, follow=follow)
    message = (
        _("You will get an e-mail at each step.")
        if follow
        else _("You no longer follow this proposal.")
    )
    return done(request, message, proposal.get_url())


@require_GET
def proposal_attachment(request: HttpRequest, pk: int, attachment_pk: int):
    """An attachment, only to those who may see its proposal, always as a
    download (nosniff, as Wagtail serves documents)."""
    proposal = _proposal(request, pk)
    attachment = get_object_or_404(
        ProposalAttachment, pk=attachment_pk, proposal=proposal
    )
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
