"""Writes of the consultations app: draft act versions and provisions,
publishing, following.

Every service checks its own permission (consultations.permissions) before it
writes and raises PermissionDenied with the reason shown to the user: they will
also run from background tasks and socket actions, where no view guards them.
Views only turn the refusal into a page."""

from __future__ import annotations

import html
import uuid

import bleach
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live.publisher import publish
from cms.ratelimit import check_write_rate

from . import live_events
from .act_diff import match_provisions
from .act_parser import ParsedProvision, parse_act
from .models import (
    ConsultationFollow,
    ConsultationPage,
    DraftAct,
    DraftActVersion,
    NoticeKind,
    Provision,
)
from .notifications import notice_send
from .permissions import can_edit_draft_act, can_follow

# Positions are renumbered by first moving every row out of the way, so the
# (version, position) unique constraint never sees two rows with one number.
_POSITION_OFFSET = 1_000_000
MAX_LEVEL = 3


def _require_editor(user, consultation: ConsultationPage) -> None:
    if not can_edit_draft_act(user, consultation):
        raise PermissionDenied(_("Only editors may edit draft acts."))


def plain_text(value: str) -> str:
    """Provision text is stored as plain text: tags pasted from Word or a web
    page are stripped, entities decoded (templates escape on output)."""
    cleaned = bleach.clean(value or "", tags=set(), attributes={}, strip=True)
    return html.unescape(cleaned).strip()


def _check_unpublished(version: DraftActVersion) -> None:
    if version.published:
        raise ValidationError(
            _("A published version cannot be changed; create a new version.")
        )


def _renumber(version: DraftActVersion, ordered_ids: list[int]) -> None:
    Provision.objects.filter(version=version).update(
        position=F("position") + _POSITION_OFFSET
    )
    rows = [Provision(pk=pk, position=i) for i, pk in enumerate(ordered_ids, start=1)]
    Provision.objects.bulk_update(rows, ["position"])


def _next_number(act: DraftAct) -> int:
    latest = act.versions.aggregate(latest=Max("number"))["latest"]
    return (latest or 0) + 1


def _latest_version(act: DraftAct) -> DraftActVersion | None:
    return act.versions.order_by("-number").first()


@transaction.atomic
def draft_act_create(*, consultation: ConsultationPage, title: str, user) -> DraftAct:
    """Give a consultation its draft act (one per consultation)."""
    _require_editor(user, consultation)
    title = plain_text(title)
    if not title:
        raise ValidationError({"title": _("Enter the title of the draft act.")})
    if DraftAct.objects.filter(consultation=consultation).exists():
        raise ValidationError(_("This consultation already has a draft act."))
    return DraftAct.objects.create(consultation=consultation, title=title)


@transaction.atomic
def draft_act_update(*, act: DraftAct, title: str, user) -> DraftAct:
    """Rename the draft act."""
    _require_editor(user, act.consultation)
    title = plain_text(title)
    if not title:
        raise ValidationError({"title": _("Enter the title of the draft act.")})
    act.title = title
    act.save(update_fields=["title"])
    return act


def provisions_parse(text: str) -> list[ParsedProvision]:
    """Parse pasted text; raises ``ActParseError`` with a Polish message."""
    return parse_act(text)


@transaction.atomic
def draft_act_version_create_from_text(
    *, act: DraftAct, text: str, note: str, user
) -> DraftActVersion:
    """Create the next (unpublished) version from the plain text of the act.

    Provisions that continue one of the previous version (same text, same
    label or a similar text, see ``act_diff.match_provisions``) keep its key,
    so the comments written on them stay attached. Raises ``ActParseError``
    when the text cannot be parsed; nothing is saved then.
    """
    _require_editor(user, act.consultation)
    parsed = parse_act(text)
    previous = _latest_version(act)
    old_items: list[tuple[str | None, str, str]] = []
    if previous is not None:
        old_items = [(str(p.key), p.label, p.text) for p in previous.provisions.all()]
    keys = match_provisions(old_items, parsed)
    version = DraftActVersion.objects.create(
        act=act, number=_next_number(act), note=plain_text(note), created_by=user
    )
    Provision.objects.bulk_create(
        Provision(
            version=version,
            position=position,
            key=uuid.UUID(key) if key else uuid.uuid4(),
            label=item.label[:120],
            heading=plain_text(item.heading),
            text=plain_text(item.text),
            level=min(item.level, MAX_LEVEL),
        )
        for position, (item, key) in enumerate(zip(parsed, keys, strict=True), 1)
    )
    return version


@transaction.atomic
def draft_act_version_create(*, act: DraftAct, note: str, user) -> DraftActVersion:
    """Create the next (unpublished) version as a copy of the latest one, to be
    edited provision by provision. Keys are kept, so comments stay attached."""
    _require_editor(user, act.consultation)
    previous = _latest_version(act)
    version = DraftActVersion.objects.create(
        act=act, number=_next_number(act), note=plain_text(note), created_by=user
    )
    if previous is not None:
        Provision.objects.bulk_create(
            Provision(
                version=version,
                position=p.position,
                key=p.key,
                label=p.label,
                heading=p.heading,
                text=p.text,
                level=p.level,
            )
            for p in previous.provisions.all()
        )
    return version


def _clean_provision_fields(
    version: DraftActVersion,
    *,
    label: str,
    heading: str,
    text: str,
    level: int,
    exclude_pk: int | None = None,
) -> dict:
    label = plain_text(label)[:120]
    if not label:
        raise ValidationError({"label": _("Enter the provision's label, e.g. § 3.")})
    if not 0 <= level <= MAX_LEVEL:
        raise ValidationError({"level": _("Choose a level from 0 to 3.")})
    duplicates = version.provisions.filter(label=label)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError(
            {
                "label": _("This version already has a provision %(label)s.")
                % {"label": label}
            }
        )
    return {
        "label": label,
        "heading": plain_text(heading),
        "text": plain_text(text),
        "level": level,
    }


@transaction.atomic
def provision_add(
    *,
    version: DraftActVersion,
    label: str,
    heading: str = "",
    text: str = "",
    level: int = 0,
    after: Provision | None = None,
    user,
) -> Provision:
    """Add a new provision to an unpublished version, at the end or right after
    ``after``. It gets a new key: nobody has commented on it yet."""
    _require_editor(user, version.act.consultation)
    _check_unpublished(version)
    fields = _clean_provision_fields(
        version, label=label, heading=heading, text=text, level=level
    )
    ids = list(version.provisions.order_by("position").values_list("pk", flat=True))
    top = version.provisions.aggregate(top=Max("position"))["top"] or 0
    provision = Provision.objects.create(
        version=version, position=top + 1 + _POSITION_OFFSET, **fields
    )
    index = ids.index(after.pk) + 1 if after is not None and after.pk in ids else None
    if index is None:
        ids.append(provision.pk)
    else:
        ids.insert(index, provision.pk)
    _renumber(version, ids)
    provision.refresh_from_db()
    return provision


@transaction.atomic
def provision_update(
    *, provision: Provision, label: str, heading: str, text: str, level: int, user
) -> Provision:
    """Change a provision of an unpublished version; it keeps its key, so a
    reworded provision keeps its comments."""
    _require_editor(user, provision.version.act.consultation)
    _check_unpublished(provision.version)
    fields = _clean_provision_fields(
        provision.version,
        label=label,
        heading=heading,
        text=text,
        level=level,
        exclude_pk=provision.pk,
    )
    for name, value in fields.items():
        setattr(provision, name, value)
    provision.save(update_fields=list(fields))
    return provision


@transaction.atomic
def provision_delete(*, provision: Provision, user) -> None:
    """Remove a provision from an unpublished version."""
    _require_editor(user, provision.version.act.consultation)
    version = provision.version
    _check_unpublished(version)
    provision.delete()
    ids = list(version.provisions.order_by("position").values_list("pk", flat=True))
    _renumber(version, ids)


@transaction.atomic
def provision_move(*, provision: Provision, offset: int, user) -> Provision:
    """Move a provision up (offset -1) or down (+1) within its version."""
    _require_editor(user, provision.version.act.consultation)
    version = provision.version
    _check_unpublished(version)
    ids = list(version.provisions.order_by("position").values_list("pk", flat=True))
    index = ids.index(provision.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    if target != index:
        ids.insert(target, ids.pop(index))
        _renumber(version, ids)
        provision.refresh_from_db()
    return provision


@transaction.atomic
def version_publish(*, version: DraftActVersion, user) -> DraftActVersion:
    """Publish a version: it becomes the text residents comment on. Subscribers
    of the page get a live "act.version_published" event; followers get an
    e-mail when this version replaces an earlier published one."""
    _require_editor(user, version.act.consultation)
    version = DraftActVersion.objects.select_for_update().get(pk=version.pk)
    _check_unpublished(version)
    if not version.provisions.exists():
        raise ValidationError(_("A version without provisions cannot be published."))
    version.published = True
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["published", "published_at", "published_by"])
    consultation = version.act.consultation
    publish(
        consultation.comment_stream(),
        live_events.ACT_VERSION_PUBLISHED,
        {"version": version.number, "act": version.act_id},
    )
    earlier = version.act.versions.filter(
        published=True, number__lt=version.number
    ).exists()
    if earlier:
        notice_send(
            consultation=consultation,
            kind=NoticeKind.version(version.number),
            version=version,
        )
    return version


@transaction.atomic
def consultation_follow(*, user, consultation: ConsultationPage) -> ConsultationFollow:
    """Follow a consultation (idempotent)."""
    if not can_follow(user, consultation):
        raise PermissionDenied(_("Log in to follow this consultation"))
    check_write_rate("follow", user=user)
    follow, _created = ConsultationFollow.objects.get_or_create(
        user=user, consultation=consultation
    )
    return follow


@transaction.atomic
def consultation_unfollow(*, user, consultation: ConsultationPage) -> None:
    """Stop following a consultation (idempotent). Needs no permission: anyone
    signed in may stop e-mails about a consultation they follow."""
    check_write_rate("follow", user=user)
    ConsultationFollow.objects.filter(user=user, consultation=consultation).delete()


@transaction.atomic
def version_delete(*, version: DraftActVersion, user) -> None:
    """Discard an unpublished version."""
    _require_editor(user, version.act.consultation)
    _check_unpublished(version)
    version.delete()
