"""The organisation registry: the public directory, an organisation's page,
the statistics panel and the CSV export; a user's registration; staff's add,
edit, verify and CSV import (preview, then confirm). Thin: check permission,
read the form, call one selector or service, render."""

from __future__ import annotations

import base64
import csv
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms import http
from cms.accounts.permissions import is_signed_in
from cms.charts import bar_chart
from cms.http import done, invalid, run_service
from cms.pagination import page_links

from .. import organisation_import, services
from ..organisation_forms import (
    ImportForm,
    OrganisationForm,
    StaffOrganisationForm,
    VerificationForm,
)
from ..organisation_permissions import (
    can_manage_organisations,
    can_register_organisation,
)
from ..selectors import organisations as selectors

IMPORT_SESSION_KEY = "participation.organisation_import"


def _denied(request: HttpRequest, reason) -> HttpResponse:
    return http.refused(
        request,
        reason,
        template="participation/organisations/denied.html",
        context={
            "signed_in": is_signed_in(request.user),
            "back_url": reverse("organisations:directory"),
            "next_url": request.get_full_path(),
        },
        status=403,
    )


def _staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not can_manage_organisations(request.user):
            return _denied(request, _("Only the office's staff may do this."))
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return _denied(request, http.reason_of(error))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _load(slug: str):
    organisation = selectors.organisation_for_page(slug)
    if organisation is None:
        raise Http404
    return organisation


def _filters(request: HttpRequest):
    options = selectors.directory_options()
    return selectors.directory_filters(request.GET, options), options


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    filters, options = _filters(request)
    paginator = Paginator(
        selectors.organisations_directory(filters), selectors.DIRECTORY_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.urlencode()
    return render(
        request,
        "participation/organisations/directory.html",
        {
            "organisations": page,
            "page_links": page_links(page, query=request.GET),
            "filters": filters,
            "options": options,
            "query_string": query,
            "can_manage": can_manage_organisations(request.user),
        },
    )


def _charts(stats) -> list[dict]:
    return [
        {
            "chart": bar_chart(
                [(capfirst(row.label), row.count) for row in rows],
                title=title,
                chart_id=chart_id,
                total=stats.total,
            ),
            "heading": title,
            "note": note,
        }
        for chart_id, title, rows, note in [
            ("by-form", _("Organisations by legal form"), stats.by_legal_form, ""),
            ("by-opp", _("Public benefit status (OPP)"), stats.by_opp, ""),
            (
                "by-sphere",
                _("Organisations by sphere of activity"),
                stats.by_sphere,
                _(
                    "An organisation working in several spheres counts in each: "
                    "shares are of all organisations and add up to more than 100 %."
                ),
            ),
            ("by-district", _("Organisations by district"), stats.by_district, ""),
        ]
    ]


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    filters, options = _filters(request)
    stats = selectors.organisation_statistics(filters)
    return render(
        request,
        "participation/organisations/statistics.html",
        {
            "stats": stats,
            "charts": _charts(stats),
            "filters": filters,
            "options": options,
            "query_string": request.GET.urlencode(),
        },
    )


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The directory (as filtered) as CSV in the import's columns, with a BOM
    and semicolons so Excel in Polish opens it as it is."""
    filters, _options = _filters(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="organizacje-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    # The export is re-imported: its legal forms are the import's Polish words.
    with translation.override("pl"):
        for row in selectors.organisations_export_rows(filters):
            writer.writerow(row)
    return response


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _load(slug)
    can_manage = can_manage_organisations(request.user)
    return render(
        request,
        "participation/organisations/detail.html",
        {
            "organisation": organisation,
            "representatives": selectors.organisation_representatives(organisation),
            "comments": selectors.organisation_comments(organisation),
            "can_manage": can_manage,
            "log": selectors.organisation_log(organisation) if can_manage else [],
            "verification_form": VerificationForm() if can_manage else None,
        },
    )


def _form_page(request, form, *, title, submit, action, status=200):
    return render(
        request,
        "participation/organisations/form.html",
        {"form": form, "page_title": title, "submit_label": submit, "action": action},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """A signed-in user registers an organisation (unverified until staff
    verify it)."""
    if not can_register_organisation(request.user):
        return _denied(
            request,
            _("Sign in with a confirmed e-mail address to register an organisation."),
        )
    title, submit = _("Register an organisation"), _("Register the organisation")
    action = reverse("organisations:register")
    form = OrganisationForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        if request.method == "GET":
            return _form_page(request, form, title=title, submit=submit, action=action)
        return invalid(
            request,
            form,
            template="participation/organisations/form.html",
            context={"page_title": title, "submit_label": submit, "action": action},
        )
    try:
        organisation, limited = run_service(
            form,
            lambda: services.organisation_register(
                user=request.user,
                fields=form.service_fields(),
                spheres=form.cleaned_data["spheres"],
            ),
        )
    except PermissionDenied as error:
        return _denied(request, http.reason_of(error))
    if organisation is None:
        return invalid(
            request,
            form,
            template="participation/organisations/form.html",
            context={"page_title": title, "submit_label": submit, "action": action},
            rate_limited=limited,
        )
    return done(
        request,
        _(
            "Thank you. The organisation is listed as unverified until the office "
            "checks it."
        ),
        organisation.get_absolute_url(),
    )


def _staff_save(request, *, organisation=None):
    if organisation is None:
        title, submit = _("Add an organisation"), _("Add the organisation")
        action = reverse("organisations:add")
    else:
        title = _("Edit: %(name)s") % {"name": organisation.name}
        submit = _("Save changes")
        action = reverse("organisations:edit", args=[organisation.slug])
    form = StaffOrganisationForm(request.POST or None, instance=organisation)
    context = {"page_title": title, "submit_label": submit, "action": action}
    if request.method == "GET":
        return _form_page(request, form, title=title, submit=submit, action=action)
    if not form.is_valid():
        return invalid(
            request,
            form,
            template="participation/organisations/form.html",
            context=context,
        )
    fields = form.service_fields()
    spheres = form.cleaned_data["spheres"]
    if organisation is None:
        call = lambda: services.organisation_create(  # noqa: E731
            actor=request.user, fields=fields, spheres=spheres
        )
    else:
        call = lambda: services.organisation_update(  # noqa: E731
            actor=request.user,
            organisation=organisation,
            fields=fields,
            spheres=spheres,
        )
    saved, limited = run_service(form, call)
    if saved is None:
        return invalid(
            request,
            form,
            template="participation/organisations/form.html",
            context=context,
            rate_limited=limited,
        )
    return done(request, _("The organisation is saved."), saved.get_absolute_url())


@require_http_methods(["GET", "POST"])
@_staff_only
def add(request: HttpRequest) -> HttpResponse:
    return _staff_save(request)


@require_http_methods(["GET", "POST"])
@_staff_only
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _staff_save(request, organisation=_load(slug))


@require_POST
@_staff_only
def verification(request: HttpRequest, slug: str) -> HttpResponse:
    """Verify (``action=verify``) or withdraw it (``action=unverify``, with a
    reason); both are logged."""
    organisation = _load(slug)
    form = VerificationForm(request.POST)
    action = request.POST.get("action")
    if action not in ("verify", "unverify") or not form.is_valid():
        messages_error = _(
            "Choose verify or withdraw, with a note of at most 1000 characters."
        )
        return http.refused(
            request,
            messages_error,
            template="participation/organisations/denied.html",
            context={"back_url": organisation.get_absolute_url(), "signed_in": True},
            status=400,
        )
    service = (
        services.organisation_verify
        if action == "verify"
        else services.organisation_unverify
    )
    try:
        service(
            actor=request.user,
            organisation=organisation,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return http.refused(
            request,
            error.messages[0],
            template="participation/organisations/denied.html",
            context={"back_url": organisation.get_absolute_url(), "signed_in": True},
            status=400,
        )
    message = (
        _("The organisation is verified.")
        if action == "verify"
        else _("The verification is withdrawn.")
    )
    return done(request, message, organisation.get_absolute_url())


@require_http_methods(["GET", "POST"])
@_staff_only
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form (GET) and the preview of the uploaded file (POST):
    every row's report; nothing is saved here. The file waits in the session
    for the confirmation."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": organisation_import.COLUMNS}
    if request.method == "GET":
        return render(request, "participation/organisations/import.html", context)
    if not form.is_valid():
        return render(
            request, "participation/organisations/import.html", context, status=400
        )
    data = form.cleaned_data["file"].read()
    report = organisation_import.parse(data)
    token = ""
    if report.ok:
        token = secrets.token_urlsafe(16)
        request.session[IMPORT_SESSION_KEY] = {
            "token": token,
            "data": base64.b64encode(data).decode("ascii"),
        }
    else:
        request.session.pop(IMPORT_SESSION_KEY, None)
    return render(
        request,
        "participation/organisations/import_preview.html",
        {"report": report, "token": token},
        status=200 if report.ok else 400,
    )


@require_POST
@_staff_only
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Saves the previewed file: every row or, if anything changed and a row
    is now wrong, none (the preview is shown again)."""
    stored = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if (
        not stored
        or not token
        or not secrets.compare_digest(str(stored.get("token", "")), token)
    ):
        return http.refused(
            request,
            _("This import was already saved or has expired. Upload the file again."),
            template="participation/organisations/denied.html",
            context={"back_url": reverse("organisations:import"), "signed_in": True},
            status=400,
        )
    data = base64.b64decode(stored["data"])
    try:
        created = services.organisations_import(actor=request.user, data=data)
    except ValidationError:
        request.session.pop(IMPORT_SESSION_KEY, None)
        return render(
            request,
            "participation/organisations/import_preview.html",
            {"report": organisation_import.parse(data), "token": ""},
            status=400,
        )
    request.session.pop(IMPORT_SESSION_KEY, None)
    return done(
        request,
        ngettext(
            "Imported %(count)d organisation.",
            "Imported %(count)d organisations.",
            len(created),
        )
        % {"count": len(created)},
        reverse("organisations:directory"),
    )
