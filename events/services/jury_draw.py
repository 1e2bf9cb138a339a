"""Writes of a citizen jury's draw: the commitment, the public draw (secret
and public value into the seed, then a background task), the task's own
writes (progress, result, failure) and the replacement of a juror.

The selection itself is ``events.sortition`` (the Sortition Foundation's
library in a subprocess with a fixed hash seed); this module only gathers its
input from the database, keeps its output and tells the organisers how it
goes. The pool is handed over in a stable order (pool numbers, features and
values sorted), so the published files re-run to the same panel.
"""

from __future__ import annotations

import base64
import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.ratelimit import check_write_rate
from cms.tasks import enqueue_on_commit

from .. import permissions
from ..models import (
    ApplicationStatus,
    DrawStatus,
    JuryAnswer,
    JuryApplication,
    JuryDraw,
    JuryDrawFile,
    JuryPanel,
    JuryReplacement,
    JurySeat,
    JuryStratumValue,
    SeatRole,
)

logger = logging.getLogger(__name__)

STARTED = (DrawStatus.QUEUED, DrawStatus.RUNNING, DrawStatus.DONE)
# In the pool: everyone who applied and did not withdraw.
POOL_STATUSES = (ApplicationStatus.APPLIED,)


def _require_organiser(user, jury: JuryPanel) -> None:
    if not permissions.can_organise_jury(user, jury.event):
        raise PermissionDenied(_("Only the jury's organisers can do that."))


def _lock(jury: JuryPanel) -> JuryPanel:
    return (
        JuryPanel.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=jury.pk)
    )


@transaction.atomic
def jury_draw_commit(
    *, jury: JuryPanel, user, secret: str = "", commitment: str = ""
) -> JuryDraw:
    """Publishes the commitment: SHA-256 of the organiser's secret (given,
    or computed here from ``secret``, which is not kept). Only before
    applications close, so nobody can choose the secret knowing the pool;
    and only once: an organiser who could replace it after seeing who
    applied could keep trying secrets until one draws the panel they want,
    so the published commitment is final."""
    from ..sortition import commitment as commit_to

    _require_organiser(user, jury)
    jury = _lock(jury)
    now = timezone.now()
    if jury.applications_close_at is None:
        raise ValidationError(_("Set the date applications close first."))
    if now >= jury.applications_close_at:
        raise ValidationError(
            _("Applications have closed: the commitment had to come before.")
        )
    published = JuryDraw.objects.filter(jury=jury).first()
    if published is not None:
        raise ValidationError(
            _(
                "The commitment was published on %(when)s and cannot be "
                "replaced: anyone checking the draw compares the secret with it."
            )
            % {
                "when": formats.date_format(
                    timezone.localtime(published.committed_at), "j E Y, H:i"
                )
            }
        )
    # Stripped as the public draw strips the revealed secret, so the same
    # phrase always matches.
    secret = secret.strip()
    value = commit_to(secret) if secret else commitment.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValidationError(
            {"commitment": _("Enter the secret or its SHA-256 (64 hex characters).")}
        )
    check_write_rate("jury_organise", user=user)
    return JuryDraw.objects.create(jury=jury, commitment=value, committed_at=now)


def draw_input(jury: JuryPanel, *, seed: str, algorithm: str = "maximin"):
    """The draw's input from the database: the pool (applicants not withdrawn,
    by pool number), the quotas, the sizes."""
    from ..sortition import DrawInput, PoolMember

    applications = list(
        JuryApplication.objects.filter(jury=jury, status__in=POOL_STATUSES)
        .order_by("number")
        .values_list("pk", "number", "household_key")
    )
    features: dict[int, dict[str, str]] = {pk: {} for pk, _n, _h in applications}
    for application_id, stratum, value in JuryAnswer.objects.filter(
        application_id__in=features
    ).values_list("application_id", "stratum__name", "value__name"):
        features[application_id][stratum] = value
    pool = tuple(
        PoolMember(
            number=number,
            household=household,
            features=dict(sorted(features[pk].items())),
        )
        for pk, number, household in applications
    )
    quotas: dict[str, dict[str, tuple[int, int]]] = {}
    for stratum, value, low, high in (
        JuryStratumValue.objects.filter(stratum__jury=jury)
        .order_by("stratum__name", "name")
        .values_list("stratum__name", "name", "min_seats", "max_seats")
    ):
        quotas.setdefault(stratum, {})[value] = (low, high)
    return DrawInput(
        pool=pool,
        quotas=quotas,
        panel_size=jury.panel_size,
        reserve_size=jury.reserve_size,
        seed=seed,
        algorithm=algorithm,
    )


@transaction.atomic
def jury_draw_start(
    *, jury: JuryPanel, user, secret: str, public_value: str
) -> JuryDraw:
    """The public draw: the organiser reveals the secret (it must match the
    commitment) and enters the public value; their combination is the seed.
    The draw runs in a background task. After a failure (quotas no pool can
    meet) the organiser adjusts the quotas and starts again with the same
    secret; every attempt is in the draw's public log."""
    from ..sortition import commitment as commit_to
    from ..sortition import seed_from
    from ..tasks.jury import jury_draw_run

    _require_organiser(user, jury)
    jury = _lock(jury)
    draw = JuryDraw.objects.select_for_update().filter(jury=jury).first()
    if draw is None:
        raise ValidationError(_("Publish the commitment first."))
    if draw.status in STARTED:
        raise ValidationError(_("The draw has already started."))
    now = timezone.now()
    if jury.applications_close_at is None or now < jury.applications_close_at:
        raise ValidationError(_("Applications are still open: draw after they close."))
    secret, public_value = secret.strip(), public_value.strip()
    if commit_to(secret) != draw.commitment:
        raise ValidationError(
            {"secret": _("This secret does not match the published commitment.")}
        )
    if draw.status == DrawStatus.FAILED and public_value != draw.public_value:
        # A new public value after a failure would be a second throw of the
        # dice: the seed stays the one announced at the public draw.
        raise ValidationError(
            {
                "public_value": _(
                    "Enter the public value of the first attempt: %(value)s."
                )
                % {"value": draw.public_value}
            }
        )
    if not jury.applications.filter(status__in=POOL_STATUSES).exists():
        raise ValidationError(_("Nobody has applied: there is no one to draw."))
    check_write_rate("jury_organise", user=user)
    draw.secret, draw.public_value = secret, public_value
    draw.seed = seed_from(secret, public_value)
    draw.status = DrawStatus.QUEUED
    draw.progress, draw.progress_text, draw.message = 0, "", ""
    draw.relaxation = {}
    draw.attempts += 1
    draw.started_by = user
    draw.started_at = now
    draw.finished_at = None
    draw.log = [
        *draw.log,
        _("Attempt %(n)d queued at %(when)s.")
        % {"n": draw.attempts, "when": now.isoformat(timespec="seconds")},
    ]
    draw.save()
    enqueue_on_commit(jury_draw_run, draw_id=draw.pk)
    return draw


def draw_progress(draw_id: int, fraction: float, text: str) -> None:
    """The task's progress, written at once (outside its transaction) so the
    organisers' progress bar sees it."""
    JuryDraw.objects.filter(pk=draw_id, status=DrawStatus.RUNNING).update(
        progress=max(0.0, min(1.0, float(fraction))), progress_text=str(text)[:200]
    )


def jury_draw_run(*, draw_id: int) -> str:
    """The background task's body: runs the draw and keeps its result, or
    the reason it failed. Returns the draw's final status."""
    from ..sortition import DrawError, InfeasibleQuotas, published_files, run_draw

    with transaction.atomic():
        draw = (
            JuryDraw.objects.select_for_update()
            .select_related("jury", "jury__event")
            .filter(pk=draw_id)
            .first()
        )
        if draw is None or draw.status != DrawStatus.QUEUED:
            return getattr(draw, "status", "")
        draw.status = DrawStatus.RUNNING
        draw.progress_text = _("Preparing the pool…")
        draw.save(update_fields=["status", "progress_text"])
        inp = draw_input(draw.jury, seed=draw.seed, algorithm=draw.algorithm)
    try:
        result = run_draw(
            inp, progress=lambda fraction, text: draw_progress(draw_id, fraction, text)
        )
    except InfeasibleQuotas as error:
        return _draw_failed(draw_id, error.message, error.relaxation)
    except DrawError as error:
        return _draw_failed(draw_id, error.message, {})
    except Exception:
        logger.exception("Jury draw %s failed", draw_id)
        return _draw_failed(
            draw_id,
            _(
                "The draw failed for a technical reason. Try again or tell "
                "the site's administrators."
            ),
            {},
        )
    files = published_files(
        inp,
        result,
        reveal={
            "commitment": draw.commitment,
            "secret": draw.secret,
            "public_value": draw.public_value,
        },
    )
    return _draw_done(draw_id, inp, result, files)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


@transaction.atomic
def _draw_failed(draw_id: int, message: str, relaxation) -> str:
    draw = JuryDraw.objects.select_for_update().get(pk=draw_id)
    draw.status = DrawStatus.FAILED
    draw.message = str(message)
    draw.relaxation = _jsonable(relaxation or {})
    draw.finished_at = timezone.now()
    draw.log = [*draw.log, str(message)]
    draw.save()
    return draw.status


@transaction.atomic
def _draw_done(draw_id: int, inp, result, files: dict[str, bytes]) -> str:
    draw = JuryDraw.objects.select_for_update().select_related("jury").get(pk=draw_id)
    jury = draw.jury
    now = timezone.now()
    by_number = dict(
        JuryApplication.objects.filter(jury=jury).values_list("number", "pk")
    )
    JurySeat.objects.filter(jury=jury).delete()
    JurySeat.objects.bulk_create(
        [
            JurySeat(
                jury=jury,
                application_id=by_number[number],
                role=SeatRole.PANEL,
                seated_at=now,
            )
            for number in result.panel
        ]
        + [
            JurySeat(
                jury=jury,
                application_id=by_number[number],
                role=SeatRole.RESERVE,
                reserve_rank=rank,
            )
            for rank, number in enumerate(result.reserve, start=1)
        ]
    )
    pool = JuryApplication.objects.filter(jury=jury, status__in=POOL_STATUSES)
    panel, reserve = set(result.panel), set(result.reserve)
    changed = []
    for application in pool:
        application.probability = result.probabilities.get(application.number)
        if application.number in panel:
            application.status = ApplicationStatus.SELECTED
        elif application.number in reserve:
            application.status = ApplicationStatus.RESERVE
        changed.append(application)
    JuryApplication.objects.bulk_update(changed, ["probability", "status"])
    JuryDrawFile.objects.filter(draw=draw).delete()
    JuryDrawFile.objects.bulk_create(
        JuryDrawFile(draw=draw, name=name, content=content)
        for name, content in sorted(files.items())
    )
    draw.status = DrawStatus.DONE
    draw.progress = 1
    draw.progress_text = _("Done.")
    draw.versions = _jsonable(result.versions)
    draw.draw_settings = _jsonable(result.settings)
    draw.probabilities = {str(k): float(v) for k, v in result.probabilities.items()}
    draw.pool_size = len(inp.pool)
    draw.log = [*draw.log, *map(str, result.log)]
    draw.finished_at = now
    draw.save()
    return draw.status


@transaction.atomic
def jury_juror_replace(*, jury: JuryPanel, user, number: str) -> JuryReplacement:
    """A juror (pool ``number``) leaves; the first reserve with the same
    strata values takes the seat, else the closest
    (``events.sortition.choose_replacement``), and the public log says which
    quotas moved."""
    from ..sortition import PoolMember, choose_replacement
    from .jury_groups import groups_follow_replacement

    _require_organiser(user, jury)
    jury = _lock(jury)
    draw = JuryDraw.objects.filter(jury=jury).first()
    if draw is None or draw.status != DrawStatus.DONE:
        raise ValidationError(_("The panel has not been drawn yet."))
    seats = list(
        JurySeat.objects.select_for_update()
        .filter(jury=jury)
        .select_related("application")
        .order_by("reserve_rank", "pk")
    )
    leaving = next(
        (
            s
            for s in seats
            if s.application.number == number and s.role == SeatRole.PANEL
        ),
        None,
    )
    if leaving is None:
        raise ValidationError({"number": _("No juror on the panel has this number.")})
    reserves = [s for s in seats if s.role == SeatRole.RESERVE]
    if not reserves:
        raise ValidationError(_("The reserve list is empty: nobody can take the seat."))
    check_write_rate("jury_organise", user=user)
    features: dict[int, dict[str, str]] = {s.application_id: {} for s in seats}
    for application_id, stratum, value in JuryAnswer.objects.filter(
        application_id__in=features
    ).values_list("application_id", "stratum__name", "value__name"):
        features[application_id][stratum] = value

    def member(seat) -> PoolMember:
        return PoolMember(
            number=seat.application.number,
            household=seat.application.household_key,
            features=dict(sorted(features[seat.application_id].items())),
        )

    panel = [member(s) for s in seats if s.role == SeatRole.PANEL and s is not leaving]
    quotas = draw_input(jury, seed=draw.seed).quotas
    chosen, moved = choose_replacement(
        member(leaving), [member(s) for s in reserves], panel, quotas
    )
    newcomer = next(s for s in reserves if s.application.number == chosen.number)
    before = member(leaving).features
    moved_values = {
        feature: [before[feature], chosen.features[feature]] for feature in moved
    }
    now = timezone.now()
    leaving.role, leaving.left_at = SeatRole.DROPPED, now
    leaving.save(update_fields=["role", "left_at"])
    newcomer.role, newcomer.seated_at = SeatRole.PANEL, now
    newcomer.save(update_fields=["role", "seated_at"])
    # The newcomer sits in the leaving juror's small groups.
    groups_follow_replacement(leaving=leaving, newcomer=newcomer)
    JuryApplication.objects.filter(pk=leaving.application_id).update(
        status=ApplicationStatus.DROPPED
    )
    JuryApplication.objects.filter(pk=newcomer.application_id).update(
        status=ApplicationStatus.SELECTED
    )
    return JuryReplacement.objects.create(
        jury=jury,
        dropped_number=leaving.application.number,
        replacement_number=newcomer.application.number,
        moved=moved_values,
        recorded_by=user,
    )
