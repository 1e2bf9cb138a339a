"""The draft act editor in the Wagtail admin: paste the act as text (with a
preview), edit provisions one by one, publish a version. Plain forms; no
custom JavaScript. Wagtail's admin wrapper already requires admin access; the
``for_editors`` decorator then loads the view's object, asks
``can_edit_draft_act`` and answers 403 to non-editors. The services check the
same permission themselves; a refusal they raise gets the same 403 page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.params import parse_id

from . import services
from .act_diff import match_provisions
from .act_parser import ActParseError
from .forms import DraftActForm, PasteForm, ProvisionForm, VersionForm
from .models import ConsultationPage, DraftAct, DraftActVersion, Provision
from .permissions import can_edit_draft_act


def _render(request, template: str, context: dict, *, status: int = 200):
    context.setdefault("header_icon", "doc-full")
    return TemplateResponse(request, template, context, status=status)


def _forbidden(request):
    return _render(
        request,
        "consultations/admin/forbidden.html",
        {"page_title": _("Draft acts")},
        status=403,
    )


def _consultation(page_id: int) -> tuple[ConsultationPage, ConsultationPage]:
    consultation = get_object_or_404(ConsultationPage, id=page_id)
    return consultation, consultation


def _version(version_id: int) -> tuple[DraftActVersion, ConsultationPage]:
    version = get_object_or_404(
        DraftActVersion.objects.select_related("act__consultation"), pk=version_id
    )
    return version, version.act.consultation


def _provision(pk: int) -> tuple[Provision, ConsultationPage]:
    provision = get_object_or_404(
        Provision.objects.select_related("version__act__consultation"), pk=pk
    )
    return provision, provision.version.act.consultation


def for_editors(load: Callable[[int], tuple] | None = None):
    """Wraps an editor's view: loads its object from the URL's one argument with
    ``load`` (404 if missing; the view then receives the object instead of the
    id), answers the forbidden page (403) to non-editors, and answers it too
    when a service refuses with PermissionDenied."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, **kwargs):
            args, consultation = (), None
            if load is not None:
                (value,) = kwargs.values()
                obj, consultation = load(value)
                args = (obj,)
            if not can_edit_draft_act(request.user, consultation):
                return _forbidden(request)
            try:
                return view(request, *args)
            except PermissionDenied:
                return _forbidden(request)

        return wrapped

    return decorator


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _version_url(version: DraftActVersion) -> str:
    return reverse("consultations_admin:version", args=[version.pk])


def _act_url(consultation: ConsultationPage) -> str:
    return reverse("consultations_admin:act", args=[consultation.pk])


@for_editors()
def index(request):
    consultations = (
        ConsultationPage.objects.all()
        .select_related("draft_act")
        .annotate(
            version_count=Count("draft_act__versions", distinct=True),
            published_count=Count(
                "draft_act__versions",
                filter=Q(draft_act__versions__published=True),
                distinct=True,
            ),
        )
        .order_by("-opens_at", "-pk")
    )
    return _render(
        request,
        "consultations/admin/index.html",
        {"page_title": _("Draft acts"), "consultations": consultations},
    )


@for_editors(_consultation)
def act(request, consultation: ConsultationPage):
    draft_act = DraftAct.objects.filter(consultation=consultation).first()
    initial = {"title": draft_act.title} if draft_act else {}
    form = DraftActForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if draft_act is None:
                services.draft_act_create(
                    consultation=consultation,
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
            else:
                services.draft_act_update(
                    act=draft_act, title=form.cleaned_data["title"], user=request.user
                )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The draft act has been saved."))
            return redirect(_act_url(consultation))
    versions = (
        draft_act.versions.annotate(provision_count=Count("provisions")).order_by(
            "-number"
        )
        if draft_act
        else []
    )
    return _render(
        request,
        "consultations/admin/act.html",
        {
            "page_title": _("Draft act"),
            "page_subtitle": consultation.title,
            "consultation": consultation,
            "draft_act": draft_act,
            "form": form,
            "versions": versions,
            "version_form": VersionForm(),
        },
    )


def _preview_rows(draft_act: DraftAct, parsed) -> list[dict]:
    """Parsed provisions with the provision of the latest version each one
    continues (and so whose comments it keeps)."""
    previous = draft_act.versions.order_by("-number").first()
    old = list(previous.provisions.all()) if previous else []
    keys = match_provisions([(str(p.key), p.label, p.text) for p in old], parsed)
    old_by_key = {str(p.key): p for p in old}
    return [
        {"provision": item, "continues": old_by_key.get(key) if key else None}
        for item, key in zip(parsed, keys, strict=True)
    ]


def _error_context(text: str, line: int | None) -> list[tuple[int, str, bool]]:
    if not line:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, end = max(1, line - 2), min(len(lines), line + 2)
    return [(n, lines[n - 1], n == line) for n in range(start, end + 1)]


@for_editors(_consultation)
def paste(request, consultation: ConsultationPage):
    draft_act = DraftAct.objects.filter(consultation=consultation).first()
    if draft_act is None:
        messages.warning(request, _("First give the draft act its title."))
        return redirect(_act_url(consultation))
    form = PasteForm(request.POST or None, request.FILES or None)
    context = {
        "page_title": _("Paste the text of a new version"),
        "page_subtitle": consultation.title,
        "consultation": consultation,
        "draft_act": draft_act,
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            parsed = services.provisions_parse(text)
        except ActParseError as error:
            form.add_error("text", error.message)
            context["error_lines"] = _error_context(text, error.line)
            return _render(request, "consultations/admin/paste.html", context)
        if request.POST.get("action") == "save":
            version = services.draft_act_version_create_from_text(
                act=draft_act,
                text=text,
                note=form.cleaned_data["note"],
                user=request.user,
            )
            messages.success(
                request,
                _("Version %(number)s saved with %(count)s provisions.")
                % {"number": version.number, "count": len(parsed)},
            )
            return redirect(_version_url(version))
        context["preview"] = _preview_rows(draft_act, parsed)
    return _render(request, "consultations/admin/paste.html", context)


@for_editors(_version)
def version_detail(request, version: DraftActVersion):
    return _version_page(request, version)


def _version_page(request, version: DraftActVersion, add_form=None):
    consultation = version.act.consultation
    return _render(
        request,
        "consultations/admin/version.html",
        {
            "page_title": _("Version %(number)s") % {"number": version.number},
            "page_subtitle": consultation.title,
            "consultation": consultation,
            "version": version,
            "provisions": list(version.provisions.order_by("position")),
            "add_form": add_form or ProvisionForm(),
        },
        status=400 if add_form is not None else 200,
    )


@require_POST
@for_editors(_consultation)
def version_create(request, consultation: ConsultationPage):
    draft_act = get_object_or_404(DraftAct, consultation=consultation)
    form = VersionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    new = services.draft_act_version_create(act=draft_act, note=note, user=request.user)
    messages.success(
        request,
        _("Version %(number)s created. Edit its provisions, then publish it.")
        % {"number": new.number},
    )
    return redirect(_version_url(new))


@require_POST
@for_editors(_version)
def version_publish(request, version: DraftActVersion):
    try:
        services.version_publish(version=version, user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("Version %(number)s is published.") % {"number": version.number},
        )
    return redirect(_version_url(version))


@require_POST
@for_editors(_version)
def version_delete(request, version: DraftActVersion):
    consultation = version.act.consultation
    try:
        services.version_delete(version=version, user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(_version_url(version))
    messages.success(request, _("The version has been deleted."))
    return redirect(_act_url(consultation))


@require_POST
@for_editors(_version)
def provision_add(request, version_obj: DraftActVersion):
    form = ProvisionForm(request.POST)
    if form.is_valid():
        after = None
        after_id = parse_id(request.POST.get("after", ""))
        if after_id is not None:
            after = version_obj.provisions.filter(pk=after_id).first()
        try:
            services.provision_add(
                version=version_obj, after=after, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The provision has been added."))
            return redirect(_version_url(version_obj))
    return _version_page(request, version_obj, add_form=form)


@for_editors(_provision)
def provision_edit(request, provision: Provision):
    version_obj = provision.version
    initial = {
        "label": provision.label,
        "heading": provision.heading,
        "text": provision.text,
        "level": provision.level,
    }
    form = ProvisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.provision_update(
                provision=provision, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The provision has been saved."))
            return redirect(_version_url(version_obj))
    return _render(
        request,
        "consultations/admin/provision_form.html",
        {
            "page_title": _("Edit provision %(label)s") % {"label": provision.label},
            "page_subtitle": version_obj.act.consultation.title,
            "version": version_obj,
            "provision": provision,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@for_editors(_provision)
def provision_delete(request, provision: Provision):
    version_obj = provision.version
    try:
        services.provision_delete(provision=provision, user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request, _("Provision %(label)s deleted.") % {"label": provision.label}
        )
    return redirect(_version_url(version_obj))


@require_POST
@for_editors(_provision)
def provision_move(request, provision: Provision):
    version_obj = provision.version
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.provision_move(provision=provision, offset=offset, user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(f"{_version_url(version_obj)}#provision-{provision.pk}")
