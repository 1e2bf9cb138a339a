"""Writes of a citizen jury's print run: the organiser asks for the letters,
a background task renders all of them (``events.jury_letters`` on
``cms.pdf``) into the private storage, reporting its progress, and the file
replaces the previous run's.

Why a ZIP of PDFs and not one PDF: an office printing 10,000 letters prints,
folds and packs them a tray at a time, and after a jam reprints one batch,
not the run; a 10,000-page PDF is a file many office printers and print
shops' upload forms choke on. So the file is a ZIP of PDFs of
``JURY_LETTERS_PER_PDF`` letters each, named by their letter numbers
(``listy-00501-01000.pdf``). It is also cheaper: fpdf2 holds a whole document
in memory until it is written, and bench/jury_letters.py printed 10,000
letters as 20 PDFs of 500 in 110 s with +27 MB of worker memory, as one PDF
in 302 s with +176 MB. A run of at most one batch is stored as
that one PDF: nobody wants to unzip a single file.

The letters carry the codes stored with the invitations: printing again gives
the same codes.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit

from .. import permissions
from ..jury_letters import letters_pdf
from ..models import JuryInvitation, JuryLetterRun, JuryPanel, LetterRunStatus

logger = logging.getLogger(__name__)

STORAGE = "private"
FOLDER = "jury-letters"


class _Replaced(Exception):
    """The run was asked for again while this task printed it."""


def letters_storage():
    return storages[STORAGE]


def _require_organiser(user, jury: JuryPanel) -> None:
    if not permissions.can_organise_jury(user, jury.event):
        raise PermissionDenied(_("Only the jury's organisers can do that."))


@transaction.atomic
def jury_letters_print(*, jury: JuryPanel, user) -> JuryLetterRun:
    """Queues the print run of all the jury's letters (a background task);
    a finished or failed run is replaced. Refused while a run is printing,
    unless it is stuck (silent for ``models.jury_letters.STALE_AFTER``)."""
    from ..tasks.jury import jury_letters_run

    _require_organiser(user, jury)
    jury = (
        JuryPanel.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=jury.pk)
    )
    total = JuryInvitation.objects.filter(jury=jury).count()
    if not total:
        raise ValidationError(_("Draw the letters first: there is nothing to print."))
    now = timezone.now()
    run = JuryLetterRun.objects.select_for_update().filter(jury=jury).first()
    if run is not None and run.in_progress and not run.is_stuck:
        raise ValidationError(
            _("The letters are being printed: wait until this run is finished.")
        )
    check_write_rate("jury_organise", user=user)
    if run is None:
        run = JuryLetterRun(jury=jury, generation=1)
    else:
        run.generation += 1
    run.status = LetterRunStatus.QUEUED
    run.letters_total, run.letters_done = total, 0
    run.message = ""
    run.requested_by, run.requested_at = user, now
    run.started_at = run.finished_at = None
    run.updated_at = now
    # The previous file stays until this run's replaces it (``_done``).
    run.save()
    enqueue_on_commit(jury_letters_run, run_id=run.pk, generation=run.generation)
    return run


def _progress(run_id: int, generation: int, done: int) -> None:
    """Written at once (outside any transaction) for the progress bar; a run
    replaced meanwhile stops the task."""
    updated = JuryLetterRun.objects.filter(
        pk=run_id, generation=generation, status=LetterRunStatus.RUNNING
    ).update(letters_done=done, updated_at=timezone.now())
    if not updated:
        raise _Replaced


def _batches(jury: JuryPanel, size: int):
    """The invitations in letter order, ``size`` at a time (by number, so the
    worker never holds more than one batch)."""
    last = 0
    while True:
        batch = list(
            JuryInvitation.objects.filter(jury=jury, number__gt=last)
            .select_related("address")
            .order_by("number")[:size]
        )
        if not batch:
            return
        yield batch
        last = batch[-1].number


def _render(run: JuryLetterRun, target: Path) -> tuple[str, int]:
    """Writes the run's letters to ``target``: one PDF if they fit in one
    batch, else a ZIP of PDFs. Returns the file's extension and the number
    of PDFs."""
    jury = run.jury
    per_pdf = max(1, settings.JURY_LETTERS_PER_PDF)
    pdfs: list[tuple[str, bytes]] = []
    archive = None
    printed = 0
    try:
        for batch in _batches(jury, per_pdf):
            before = printed
            body = letters_pdf(
                jury,
                batch,
                progress=lambda n, before=before: _progress(
                    run.pk, run.generation, before + n
                ),
            )
            printed += len(batch)
            name = f"listy-{batch[0].number:05d}-{batch[-1].number:05d}.pdf"
            if archive is None and run.letters_total <= per_pdf:
                pdfs.append((name, body))
            else:
                if archive is None:
                    # PDF streams are compressed already: deflating them again
                    # costs time and saves next to nothing.
                    archive = zipfile.ZipFile(target, "w", zipfile.ZIP_STORED)
                    for earlier in pdfs:
                        archive.writestr(*earlier)
                    pdfs = []
                archive.writestr(name, body)
            _progress(run.pk, run.generation, min(printed, run.letters_total))
    finally:
        if archive is not None:
            archive.close()
    if archive is not None:
        return "zip", len(archive.namelist())
    if not pdfs:
        raise ValidationError(_("There are no letters to print."))
    target.write_bytes(pdfs[0][1])
    return "pdf", 1


def jury_letters_run(*, run_id: int, generation: int) -> str:
    """The background task's body: prints the run ``run_id`` if it is still
    ``generation`` and queued, and keeps its file. Returns the final status."""
    with transaction.atomic():
        run = (
            JuryLetterRun.objects.select_for_update()
            .select_related("jury", "jury__event")
            .filter(pk=run_id)
            .first()
        )
        if (
            run is None
            or run.generation != generation
            or run.status != LetterRunStatus.QUEUED
        ):
            return getattr(run, "status", "")
        now = timezone.now()
        run.status = LetterRunStatus.RUNNING
        run.started_at = run.updated_at = now
        # Counted again: the letters are fixed once drawn, but erasing the
        # applicants' data after the jury deletes them.
        run.letters_total = JuryInvitation.objects.filter(jury=run.jury).count()
        run.save(update_fields=["status", "started_at", "updated_at", "letters_total"])
    with tempfile.TemporaryDirectory(prefix="jury-letters-") as folder:
        target = Path(folder) / "letters"
        try:
            extension, count = _render(run, target)
        except _Replaced:
            return ""
        except ValidationError as error:
            return _failed(run_id, generation, error.messages[0])
        except Exception:
            logger.exception("Jury letters run %s failed", run_id)
            return _failed(
                run_id,
                generation,
                _(
                    "The letters could not be printed for a technical reason. "
                    "Try again or tell the site's administrators."
                ),
            )
        storage = letters_storage()
        name = f"{FOLDER}/{run.jury_id}/{secrets.token_hex(8)}.{extension}"
        with target.open("rb") as handle:
            name = storage.save(name, File(handle))
    return _done(run_id, generation, name, count)


def _delete_file(name: str) -> None:
    if name:
        try:
            letters_storage().delete(name)
        except OSError:
            logger.warning("Could not delete old letters file %s", name)


@transaction.atomic
def _done(run_id: int, generation: int, name: str, count: int) -> str:
    run = JuryLetterRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.generation != generation:
        # Replaced while the file was being stored: it belongs to nobody.
        transaction.on_commit(lambda: _delete_file(name))
        return ""
    old = run.file_name
    now = timezone.now()
    run.status = LetterRunStatus.DONE
    run.file_name = name
    run.file_size = letters_storage().size(name)
    run.files_count = count
    run.letters_done = run.letters_total
    run.finished_at = run.updated_at = now
    run.save()
    if old and old != name:
        transaction.on_commit(lambda: _delete_file(old))
    return run.status


@transaction.atomic
def _failed(run_id: int, generation: int, message: str) -> str:
    run = JuryLetterRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.generation != generation:
        return ""
    old = run.file_name
    run.status = LetterRunStatus.FAILED
    run.message = str(message)
    # The old file is not this run's letters any more: a failed run offers
    # none rather than an outdated one.
    run.file_name, run.file_size, run.files_count = "", 0, 0
    run.finished_at = run.updated_at = timezone.now()
    run.save()
    if old:
        transaction.on_commit(lambda: _delete_file(old))
    return run.status


def jury_letters_erase(*, jury: JuryPanel) -> None:
    """Deletes the print run and its file (the letters hold addresses): when
    the applicants' data is erased after the jury."""
    run = JuryLetterRun.objects.filter(jury=jury).first()
    if run is None:
        return
    name = run.file_name
    run.delete()
    transaction.on_commit(lambda: _delete_file(name))
