"""Thin views of the citizen jury: the organisers' page (settings, strata and
quotas, address list and letters, the draw) and applicant list, the
residents' application form and withdrawal, the protocol's files. Every form
posts and redirects without JavaScript; the draw's progress bar polls
``draw_state`` when scripts run and the page refreshes itself when not."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.http import answers_rate_limited, done, run_service, safe_next

from .. import permissions, services
from ..jury_forms import (
    AddressUploadForm,
    ApplicationForm,
    CommitForm,
    DrawForm,
    JurySettingsForm,
    QuotasForm,
    ReplaceForm,
    SampleForm,
    StratumForm,
    stratum_values_text,
)
from ..jury_letters import code_display
from ..models import EventPage, JuryPanel, JuryStratum
from ..registration_codes import CODE_PARAM
from ..selectors import jury as jury_selectors
from ..services import jury as jury_services
from ..services import jury_draw as draw_services
from .registration import _event, _event_url, denied

TEMPLATES = "events/jury"
answers_denied = http.answers_denied(denied)


def _jury_event(request: HttpRequest, pk: int) -> EventPage:
    event = _event(request, pk)
    if not permissions.is_jury(event):
        raise Http404
    return event


def _organised(request: HttpRequest, pk: int) -> tuple[EventPage, JuryPanel]:
    """The jury, for its organisers: 404 to whoever may not see the event,
    403 to whoever may see it but does not organise it."""
    event = _jury_event(request, pk)
    if not is_signed_in(request.user):
        raise PermissionDenied(_("Log in as one of the jury's organisers."))
    if not permissions.can_organise_jury(request.user, event):
        raise PermissionDenied(_("Only the jury's organisers can open this page."))
    return event, services.jury_ensure(event=event)


def _organise_url(event: EventPage, anchor: str = "") -> str:
    url = reverse("events:jury_organise", args=[event.pk])
    return f"{url}#{anchor}" if anchor else url


# --- the organisers' page -----------------------------------------------------------
def _organise_page(request, event, jury, *, bound=None, status=200) -> HttpResponse:
    bound = bound or {}
    strata = jury_selectors.strata_counts(jury)
    draw = jury_selectors.jury_draw(jury)
    overview = jury_selectors.jury_overview(jury)
    stratum_forms = {
        row.stratum.pk: bound.get(("stratum", row.stratum.pk))
        or StratumForm(
            auto_id=f"stratum-{row.stratum.pk}-%s",
            initial={
                "name": row.stratum.name,
                "question": row.stratum.question,
                "values": stratum_values_text(row.stratum),
            },
        )
        for row in strata
    }
    for row in strata:
        row.form = stratum_forms[row.stratum.pk]
    quota_form = bound.get("quotas") or QuotasForm(
        strata=strata, panel_size=jury.panel_size
    )
    context = {
        "event": event,
        "jury": jury,
        "event_url": _event_url(request, event),
        "strata": strata,
        "strata_locked": overview.applications > 0 or overview.withdrawn > 0,
        "overview": overview,
        "draw": draw,
        "settings_form": bound.get("settings") or JurySettingsForm(instance=jury),
        "stratum_form": bound.get("stratum") or StratumForm(auto_id="new-stratum-%s"),
        "quota_form": quota_form,
        "quota_rows": [
            (row, [(v, *quota_form.pair(v.value)) for v in row.values])
            for row in strata
        ],
        "upload_form": bound.get("upload") or AddressUploadForm(),
        "sample_form": bound.get("sample")
        or SampleForm(initial={"size": min(overview.addresses, 10 * jury.panel_size)}),
        "letter_run": jury_selectors.jury_letter_run(jury),
        "commit_form": bound.get("commit") or CommitForm(),
        # After a failure the draw starts again with the announced value.
        "draw_form": bound.get("draw")
        or DrawForm(
            initial={"public_value": draw.public_value}
            if draw is not None and draw.status == "failed"
            else None
        ),
        "replace_form": bound.get("replace") or ReplaceForm(),
        "public": jury_selectors.jury_public_view(jury) if draw else None,
        "errors": bound.get("errors", []),
    }
    return render(request, f"{TEMPLATES}/organise.html", context, status=status)


@require_GET
@answers_denied
def organise(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    return _organise_page(request, event, jury)


def _form_write(request, event, jury, *, key, form, call, message, anchor):
    """Validates ``form``, runs ``call()`` and redirects with ``message``; or
    the page again with the form's errors (400, 429)."""
    rate_limited = False
    if form.is_valid():
        result, rate_limited = run_service(form, lambda: call(form))
        if result is not None:
            text = message(result) if callable(message) else message
            return done(request, text, _organise_url(event, anchor))
    return _organise_page(
        request, event, jury, bound={key: form}, status=429 if rate_limited else 400
    )


@require_POST
@answers_denied
def settings_save(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    form = JurySettingsForm(request.POST, instance=JuryPanel.objects.get(pk=jury.pk))
    return _form_write(
        request,
        event,
        jury,
        key="settings",
        form=form,
        call=lambda f: jury_services.jury_settings_update(
            jury=jury,
            user=request.user,
            data={name: f.cleaned_data[name] for name in jury_services.SETTINGS_FIELDS},
        ),
        message=_("The jury's settings are saved."),
        anchor="settings",
    )


@require_POST
@answers_denied
def stratum_save(request: HttpRequest, pk: int, stratum_id: int | None = None):
    event, jury = _organised(request, pk)
    stratum = (
        get_object_or_404(JuryStratum, pk=stratum_id, jury=jury) if stratum_id else None
    )
    form = StratumForm(
        request.POST,
        auto_id=f"stratum-{stratum_id}-%s" if stratum_id else "new-stratum-%s",
    )
    return _form_write(
        request,
        event,
        jury,
        key=("stratum", stratum_id) if stratum_id else "stratum",
        form=form,
        call=lambda f: jury_services.jury_stratum_save(
            jury=jury,
            user=request.user,
            stratum=stratum,
            name=f.cleaned_data["name"],
            question=f.cleaned_data["question"],
            values=f.cleaned_data["values"],
        ),
        message=lambda s: _("Feature “%(name)s” saved.") % {"name": s.name},
        anchor="strata",
    )


def _write_or_error(request, event, jury, call, message, anchor) -> HttpResponse:
    """For buttons without fields: the service's error as the page's error."""
    try:
        call()
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return _organise_page(
            request, event, jury, bound={"errors": error.messages}, status=400
        )
    return done(request, message, _organise_url(event, anchor))


@require_POST
@answers_denied
@answers_rate_limited
def stratum_delete(request: HttpRequest, pk: int, stratum_id: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    stratum = get_object_or_404(JuryStratum, pk=stratum_id, jury=jury)
    return _write_or_error(
        request,
        event,
        jury,
        lambda: jury_services.jury_stratum_delete(
            jury=jury, user=request.user, stratum=stratum
        ),
        _("Feature “%(name)s” removed.") % {"name": stratum.name},
        "strata",
    )


@require_POST
@answers_denied
@answers_rate_limited
def quotas_save(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    if "derive" in request.POST:
        return _write_or_error(
            request,
            event,
            jury,
            lambda: jury_services.jury_quotas_derive(jury=jury, user=request.user),
            _("Quotas derived from the population shares."),
            "quotas",
        )
    form = QuotasForm(
        request.POST,
        strata=jury_selectors.strata_counts(jury),
        panel_size=jury.panel_size,
    )
    return _form_write(
        request,
        event,
        jury,
        key="quotas",
        form=form,
        call=lambda f: (
            jury_services.jury_quotas_update(
                jury=jury, user=request.user, quotas=f.quotas()
            )
            or True
        ),
        message=_("Quotas saved."),
        anchor="quotas",
    )


@require_POST
@answers_denied
def addresses_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    form = AddressUploadForm(request.POST, request.FILES)
    return _form_write(
        request,
        event,
        jury,
        key="upload",
        form=form,
        call=lambda f: jury_services.jury_addresses_upload(
            jury=jury, user=request.user, data=f.cleaned_data["file"].read()
        ),
        message=lambda n: (
            ngettext(
                "Address list saved: %(count)d address.",
                "Address list saved: %(count)d addresses.",
                n,
            )
            % {"count": n}
        ),
        anchor="letters",
    )


@require_POST
@answers_denied
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    form = SampleForm(request.POST)
    return _form_write(
        request,
        event,
        jury,
        key="sample",
        form=form,
        call=lambda f: jury_services.jury_invitations_sample(
            jury=jury, user=request.user, size=f.cleaned_data["size"]
        ),
        message=lambda n: (
            ngettext("%(count)d letter drawn.", "%(count)d letters drawn.", n)
            % {"count": n}
        ),
        anchor="letters",
    )


@require_GET
@answers_denied
def applications(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicants with their contact details: organisers only."""
    event, jury = _organised(request, pk)
    rows = list(jury_selectors.applications_for_organisers(jury))
    return render(
        request,
        f"{TEMPLATES}/applications.html",
        {
            "event": event,
            "jury": jury,
            "rows": rows,
            "strata": jury_selectors.strata_with_values(jury),
            "organise_url": _organise_url(event),
        },
    )


# --- the draw -----------------------------------------------------------------------
@require_POST
@answers_denied
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    form = CommitForm(request.POST)
    return _form_write(
        request,
        event,
        jury,
        key="commit",
        form=form,
        call=lambda f: draw_services.jury_draw_commit(
            jury=jury,
            user=request.user,
            secret=f.cleaned_data["secret"],
            commitment=f.cleaned_data["commitment"],
        ),
        message=_("The commitment is published. Keep the secret for the public draw."),
        anchor="draw",
    )


@require_POST
@answers_denied
def draw_start(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    form = DrawForm(request.POST)
    return _form_write(
        request,
        event,
        jury,
        key="draw",
        form=form,
        call=lambda f: draw_services.jury_draw_start(
            jury=jury,
            user=request.user,
            secret=f.cleaned_data["secret"],
            public_value=f.cleaned_data["public_value"],
        ),
        message=_("The draw has started."),
        anchor="draw",
    )


@require_GET
@answers_denied
def draw_state(request: HttpRequest, pk: int) -> JsonResponse:
    """The draw's status and progress, for the organisers' progress bar."""
    event, jury = _organised(request, pk)
    draw = jury_selectors.jury_draw(jury)
    if draw is None:
        return JsonResponse({"status": None})
    return JsonResponse(
        {
            "status": draw.status,
            "status_display": str(draw.get_status_display()),
            "progress": draw.progress,
            "text": draw.progress_text,
            "message": draw.message,
        }
    )


@require_POST
@answers_denied
def replace(request: HttpRequest, pk: int) -> HttpResponse:
    event, jury = _organised(request, pk)
    form = ReplaceForm(request.POST)
    return _form_write(
        request,
        event,
        jury,
        key="replace",
        form=form,
        call=lambda f: draw_services.jury_juror_replace(
            jury=jury, user=request.user, number=f.cleaned_data["number"].strip()
        ),
        message=lambda r: (
            _("Juror %(old)s is replaced by %(new)s.")
            % {"old": r.dropped_number, "new": r.replacement_number}
        ),
        anchor="seats",
    )


@require_GET
def protocol_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One of the published protocol's files: public once the draw is done."""
    event = _jury_event(request, pk)
    jury = jury_selectors.jury_for(event)
    draw = jury_selectors.jury_draw(jury) if jury else None
    if draw is None or draw.status != "done":
        raise Http404
    file = draw.files.filter(name=name).first()
    if file is None:
        raise Http404
    content_type = (
        "application/json"
        if name.endswith(".json")
        else "text/csv"
        if name.endswith(".csv")
        else "application/octet-stream"
    )
    return HttpResponse(
        bytes(file.content),
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- residents ----------------------------------------------------------------------
def _apply_context(request, event, jury) -> dict:
    return {
        "event": event,
        "jury": jury,
        "back_url": _event_url(request, event),
    }


@require_http_methods(["GET", "POST"])
@answers_denied
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    event = _jury_event(request, pk)
    jury = jury_selectors.jury_for(event)
    if jury is None:
        raise Http404
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    if jury_selectors.application_for(request.user, jury) is not None:
        return done(
            request, _("You have already applied to this jury."), reverse("my_events")
        )
    reason = permissions.jury_application_denied_reason(request.user, jury)
    if reason is not None:
        return denied(request, reason, event=event)
    strata = jury_selectors.strata_with_values(jury)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        strata=strata,
        open_applications=jury.open_applications,
        user=request.user,
        initial={"code": code_display(request.GET.get(CODE_PARAM, "").strip().upper())}
        if request.GET.get(CODE_PARAM)
        else None,
    )
    context = _apply_context(request, event, jury)
    if request.method == "GET":
        return render(request, f"{TEMPLATES}/apply.html", {"form": form, **context})
    rate_limited = False
    if form.is_valid():
        application, rate_limited = run_service(
            form,
            lambda: jury_services.jury_application_create(
                jury=jury,
                user=request.user,
                code=form.cleaned_data["code"],
                answers=form.answers(),
                contact=form.contact(),
                consent=form.cleaned_data["consent"],
            ),
        )
        if application is not None:
            return done(
                request,
                _(
                    "Your application is in. Your pool number is %(number)s; "
                    "the draw's result will show here, in My events."
                )
                % {"number": application.number},
                reverse("my_events"),
                status=201,
            )
    return http.invalid(
        request,
        form,
        template=f"{TEMPLATES}/apply.html",
        context=context,
        rate_limited=rate_limited,
    )


@require_http_methods(["GET", "POST"])
@answers_denied
@answers_rate_limited
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST withdraws the application."""
    event = _jury_event(request, pk)
    jury = jury_selectors.jury_for(event)
    if jury is None:
        raise Http404
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    application = jury_selectors.application_for(request.user, jury)
    back = safe_next(request, reverse("my_events"))
    if application is None:
        return done(request, _("You have no application to this jury."), back)
    if request.method == "GET":
        return render(
            request,
            f"{TEMPLATES}/withdraw_confirm.html",
            {"event": event, "application": application, "back_url": back},
        )
    try:
        jury_services.jury_application_withdraw(
            application=application, user=request.user
        )
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return denied(request, error.messages[0], event=event)
    return done(request, _("Your application has been withdrawn."), back)
