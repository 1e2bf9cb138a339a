"""Representatives' pages: asking to represent an organisation, the admins'
team page and decision page, the log, leaving, and "Moje organizacje".
Thin: permission from participation.permissions, writes through one service,
reads through selectors.representatives."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms import http
from cms.http import done, run_service, safe_next

from .. import permissions, services
from ..models import Organisation, OrganisationMembership, RepresentativeRole
from ..representatives_forms import (
    APPROVE_ADMIN,
    APPROVE_MEMBER,
    REFUSE,
    DecisionForm,
    LeaveForm,
    RepresentationRequestForm,
    RoleForm,
)
from ..selectors import representatives as selectors

T = "participation/representatives"


def organisation_url(organisation: Organisation) -> str:
    """The organisation's own page once the registry has one, else its
    representatives' page (the request form links back to it)."""
    get_url = getattr(organisation, "get_absolute_url", None)
    return get_url() if get_url else reverse("my_organisations")


def _manage_url(organisation: Organisation) -> str:
    return reverse("participation:representatives", args=[organisation.slug])


def _denied(request: HttpRequest, reason, *, back_url: str = "") -> HttpResponse:
    return http.refused(
        request,
        reason,
        template=f"{T}/denied.html",
        context={
            "signed_in": permissions.is_signed_in(request.user),
            "back_url": safe_next(request, back_url or reverse("my_organisations")),
        },
        status=403,
    )


def _invalid(request, form, template: str, context: dict, *, rate_limited=False):
    return http.invalid(
        request,
        form,
        template=f"{T}/{template}",
        context=context,
        rate_limited=rate_limited,
    )


answers_denied = http.answers_denied(_denied)


@never_cache
@answers_denied
@require_http_methods(["GET", "POST"])
def representation_request(request: HttpRequest, slug: str) -> HttpResponse:
    """The "ask to represent" form of one organisation."""
    organisation = get_object_or_404(Organisation, slug=slug)
    back = organisation_url(organisation)
    reason = permissions.representation_request_denied_reason(
        request.user, organisation
    )
    if reason is not None:
        return _denied(request, reason, back_url=back)
    context = {
        "organisation": organisation,
        "pending": selectors.pending_request_of(request.user, organisation),
        "back_url": back,
    }
    form = RepresentationRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        return render(request, f"{T}/request.html", {"form": form, **context})
    rate_limited = False
    if form.is_valid():
        result, rate_limited = run_service(
            form,
            lambda: services.representation_request(
                user=request.user,
                organisation=organisation,
                message=form.cleaned_data["message"],
            ),
        )
        if result is not None:
            return done(
                request,
                _(
                    "Your request has been sent. The organisation's admins or the "
                    "office will decide; we will e-mail you."
                ),
                reverse("my_organisations"),
                status=201,
                id=result.pk,
            )
    return _invalid(request, form, "request.html", context, rate_limited=rate_limited)


def _organisation_for_manager(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_manage_representatives(request.user, organisation):
        return organisation, _denied(
            request,
            _("Only the organisation's admins and the office can see this page."),
            back_url=organisation_url(organisation),
        )
    return organisation, None


@never_cache
@login_required
@require_GET
def representatives(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's team for its admins and staff: representatives with
    their roles, and the requests waiting for a decision."""
    organisation, refusal = _organisation_for_manager(request, slug)
    if refusal is not None:
        return refusal
    members = list(selectors.representatives_of(organisation))
    admins = sum(1 for m in members if m.role == RepresentativeRole.ADMIN)
    for member in members:
        member.is_last_admin = member.role == RepresentativeRole.ADMIN and admins == 1
    return render(
        request,
        f"{T}/manage.html",
        {
            "organisation": organisation,
            "members": members,
            "pending": list(selectors.pending_requests_of(organisation)),
            "roles": RepresentativeRole.choices,
            "back_url": organisation_url(organisation),
        },
    )


@never_cache
@login_required
@require_GET
def representation_log(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_see_representation_log(request.user, organisation):
        return _denied(
            request,
            _("Only the organisation's admins and the office can see its log."),
            back_url=organisation_url(organisation),
        )
    return render(
        request,
        f"{T}/log.html",
        {
            "organisation": organisation,
            "entries": selectors.representation_log(organisation),
            "limit": selectors.LOG_PAGE_SIZE,
        },
    )


@never_cache
@login_required
@answers_denied
@require_http_methods(["GET", "POST"])
def representation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: who asks and why, and the approve / refuse form."""
    rep_request = selectors.representation_request_for(pk)
    if rep_request is None:
        return _denied(request, _("This request does not exist."))
    organisation = rep_request.organisation
    if not permissions.can_manage_representatives(request.user, organisation):
        return _denied(
            request,
            _("Only the organisation's admins and the office can decide."),
            back_url=organisation_url(organisation),
        )
    context = {
        "organisation": organisation,
        "rep_request": rep_request,
        "back_url": _manage_url(organisation),
    }
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not rep_request.is_pending:
        return render(request, f"{T}/decide.html", {"form": form, **context})
    rate_limited = False
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        if decision == REFUSE:

            def call():
                return services.representation_refuse(
                    actor=request.user,
                    request=rep_request,
                    reason=form.cleaned_data["reason"],
                )

            message = _("The request has been refused; the person has been told why.")
        else:

            def call():
                return services.representation_approve(
                    actor=request.user,
                    request=rep_request,
                    role=RepresentativeRole.ADMIN
                    if decision == APPROVE_ADMIN
                    else RepresentativeRole.MEMBER,
                )

            message = _("The request has been approved.")
        assert decision in (APPROVE_ADMIN, APPROVE_MEMBER, REFUSE)
        result, rate_limited = run_service(form, call)
        if result is not None:
            return done(request, message, _manage_url(organisation))
    return _invalid(request, form, "decide.html", context, rate_limited=rate_limited)


@login_required
@answers_denied
@require_POST
def representation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    rep_request = selectors.representation_request_for(pk)
    if rep_request is None or rep_request.user_id != request.user.pk:
        return _denied(request, _("This request does not exist."))
    try:
        services.representation_request_withdraw(user=request.user, request=rep_request)
    except ValidationError as error:
        return _denied(request, error.messages[0])
    return done(
        request, _("Your request has been withdrawn."), reverse("my_organisations")
    )


def _membership(pk: int) -> OrganisationMembership:
    return get_object_or_404(
        OrganisationMembership.objects.select_related("organisation", "user"),
        pk=pk,
        verified=True,
    )


@login_required
@answers_denied
@require_POST
def representative_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    back = _manage_url(membership.organisation)
    form = RoleForm(request.POST)
    if form.is_valid():
        result, _limited = run_service(
            form,
            lambda: services.representative_role_set(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
            ),
        )
        if result is not None:
            return done(request, _("The role has been changed."), back)
    errors = form.errors.get("role") or form.non_field_errors()
    return http.refused(
        request,
        errors[0],
        template=f"{T}/denied.html",
        context={"signed_in": True, "back_url": back},
        status=400,
    )


@never_cache
@login_required
@answers_denied
@require_http_methods(["GET", "POST"])
def representative_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(pk)
    organisation = membership.organisation
    if not permissions.can_manage_representatives(request.user, organisation):
        return _denied(
            request,
            _("Only the organisation's admins and the office can do that."),
            back_url=organisation_url(organisation),
        )
    context = {
        "organisation": organisation,
        "membership": membership,
        "back_url": _manage_url(organisation),
        "leaving": False,
    }
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        result, _limited = run_service(
            form,
            lambda: (
                services.representative_remove(
                    actor=request.user, membership=membership
                )
                or True
            ),
        )
        if result is not None:
            return done(
                request, _("The representative has been removed."), context["back_url"]
            )
        return _invalid(request, form, "confirm.html", context)
    return render(request, f"{T}/confirm.html", {"form": form, **context})


@never_cache
@login_required
@answers_denied
@require_http_methods(["GET", "POST"])
def representative_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop representing an organisation; its last admin names a successor."""
    membership = _membership(pk)
    if membership.user_id != request.user.pk:
        return _denied(request, _("You can only leave for yourself."))
    organisation = membership.organisation
    members = list(selectors.representatives_of(organisation))
    others = [m for m in members if m.pk != membership.pk]
    admins = [m for m in members if m.role == RepresentativeRole.ADMIN]
    must_hand_over = membership.role == RepresentativeRole.ADMIN and len(admins) == 1
    successors = others if must_hand_over and others else None
    context = {
        "organisation": organisation,
        "membership": membership,
        "back_url": reverse("my_organisations"),
        "leaving": True,
        "must_hand_over": successors is not None,
    }
    form = LeaveForm(
        request.POST if request.method == "POST" else None, successors=successors
    )
    if request.method == "GET":
        return render(request, f"{T}/confirm.html", {"form": form, **context})
    rate_limited = False
    if form.is_valid():
        result, rate_limited = run_service(
            form,
            lambda: (
                services.representative_leave(
                    user=request.user,
                    membership=membership,
                    successor=form.cleaned_data.get("successor"),
                )
                or True
            ),
        )
        if result is not None:
            return done(
                request,
                _("You no longer represent %(organisation)s.")
                % {"organisation": organisation.name},
                reverse("my_organisations"),
            )
    return _invalid(request, form, "confirm.html", context, rate_limited=rate_limited)


@never_cache
@login_required
@require_GET
def my_organisations(request: HttpRequest) -> HttpResponse:
    """ "Moje organizacje": what I represent, what I asked, what I decide."""
    return render(
        request,
        f"{T}/my_organisations.html",
        {
            "mine": selectors.my_organisations(request.user),
            "staff": permissions.is_organisations_staff(request.user),
        },
    )
