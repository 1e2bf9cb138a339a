"""Thin views of a citizen jury's print run, for its organisers only: the
page that asks for the letters and shows the background task's progress
(refreshing itself without JavaScript, polled with it), its state as JSON
for the progress bar, and the download of the finished file from private
storage."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cms import http
from cms.http import answers_rate_limited, done

from ..selectors import jury as jury_selectors
from ..services import jury_letters as letters_services
from .jury import TEMPLATES, _organised, answers_denied

# Without JavaScript the progress page reloads itself this often.
REFRESH_SECONDS = 5


def _page_url(event) -> str:
    return reverse("events:jury_letters", args=[event.pk])


def _progress_text(run) -> str:
    if run.status == "queued":
        return _("Waiting for the printing to start…")
    if run.status == "running":
        return ngettext(
            "Printed %(done)d of %(total)d letter.",
            "Printed %(done)d of %(total)d letters.",
            run.letters_total,
        ) % {"done": run.letters_done, "total": run.letters_total}
    return str(run.get_status_display())


def _page(request, event, jury, *, errors=(), status=200) -> HttpResponse:
    run = jury_selectors.jury_letter_run(jury)
    return render(
        request,
        f"{TEMPLATES}/letters.html",
        {
            "event": event,
            "jury": jury,
            "run": run,
            "progress_text": _progress_text(run) if run else "",
            "invitations": jury.invitations.count(),
            "per_pdf": settings.JURY_LETTERS_PER_PDF,
            "refresh_seconds": REFRESH_SECONDS,
            "organise_url": reverse("events:jury_organise", args=[event.pk]),
            "errors": errors,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@answers_denied
@answers_rate_limited
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the print run's page. POST: print all the letters (again)."""
    event, jury = _organised(request, pk)
    if request.method == "GET":
        return _page(request, event, jury)
    try:
        letters_services.jury_letters_print(jury=jury, user=request.user)
    except ValidationError as error:
        if http.is_rate_limited(error):
            raise
        return _page(request, event, jury, errors=error.messages, status=400)
    return done(
        request,
        _("The letters are being printed. This page shows how far it has got."),
        _page_url(event),
    )


@require_GET
@answers_denied
def letters_state(request: HttpRequest, pk: int) -> JsonResponse:
    """The run's status and progress, for the progress bar (same fields as
    the draw's ``draw_state``)."""
    _event, jury = _organised(request, pk)
    run = jury_selectors.jury_letter_run(jury)
    if run is None:
        return JsonResponse({"status": None})
    return JsonResponse(
        {
            "status": run.status,
            "status_display": str(run.get_status_display()),
            "progress": run.progress,
            "text": _progress_text(run),
            "message": run.message,
        }
    )


@require_GET
@answers_denied
def letters_download(request: HttpRequest, pk: int) -> FileResponse:
    """The finished run's file, from private storage."""
    event, jury = _organised(request, pk)
    run = jury_selectors.jury_letter_run(jury)
    if run is None or run.status != "done" or not run.file_name:
        raise Http404
    storage = letters_services.letters_storage()
    try:
        handle = storage.open(run.file_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = run.file_name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"listy-{slugify(event.slug)}.{extension}",
        content_type="application/zip" if extension == "zip" else "application/pdf",
    )
    # Addresses and personal codes: no cache on the way may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
