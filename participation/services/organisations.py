"""Writes to the organisation registry: staff add, edit, verify and import
organisations; a signed-in user registers one (unverified until staff verify
it). Every write is logged (``OrganisationLogEntry``); the search index follows
through cms.search's receivers."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.ratelimit import check_write_rate
from cms.search.receivers import schedule as search_schedule

from .. import organisation_import
from ..models import (
    Organisation,
    OrganisationAction,
    OrganisationLogEntry,
    OrganisationSphere,
    Sphere,
)
from ..organisation_permissions import (
    can_manage_organisations,
    can_register_organisation,
)

# The fields a form or an import may set (not verification, not who registered).
EDITABLE_FIELDS = [
    "name",
    "legal_form",
    "register",
    "register_number",
    "krs",
    "nip",
    "regon",
    "is_public_benefit",
    "public_benefit_since",
    "address",
    "district",
    "website",
    "email",
    "phone",
    "description",
    "logo",
    "year_founded",
]
REASON_MAX_LENGTH = 1000


def _require_staff(user) -> None:
    if not can_manage_organisations(user):
        raise PermissionDenied(_("Only the office's staff may do this."))


def _clean_spheres(spheres: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(spheres))
    unknown = [s for s in chosen if s not in Sphere.values]
    if unknown:
        raise ValidationError({"spheres": _("Choose spheres from the list.")})
    return chosen


def _set_spheres(organisation: Organisation, spheres: list[str]) -> None:
    organisation.spheres.exclude(sphere__in=spheres).delete()
    have = set(organisation.spheres.values_list("sphere", flat=True))
    OrganisationSphere.objects.bulk_create(
        OrganisationSphere(organisation=organisation, sphere=s)
        for s in spheres
        if s not in have
    )


def _save_new(*, fields: dict, spheres: list[str], actor, action, **extra):
    values = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    [slug] = organisation_import.unique_slugs([values.get("name", "")])
    organisation = Organisation(slug=slug, **values, **extra)
    organisation.full_clean()
    organisation.save()
    _set_spheres(organisation, spheres)
    OrganisationLogEntry.objects.create(
        organisation=organisation, actor=actor, action=action
    )
    return organisation


@transaction.atomic
def organisation_create(
    *, actor, fields: dict, spheres: Iterable[str] = ()
) -> Organisation:
    """Staff add an organisation; theirs is verified at once (they checked it)."""
    _require_staff(actor)
    chosen = _clean_spheres(spheres)
    check_write_rate("organisation_staff", user=actor)
    return _save_new(
        fields=fields,
        spheres=chosen,
        actor=actor,
        action=OrganisationAction.CREATED,
        verified=True,
        verified_at=timezone.now(),
    )


@transaction.atomic
def organisation_register(
    *, user, fields: dict, spheres: Iterable[str] = ()
) -> Organisation:
    """A signed-in user registers an organisation; it is listed as unverified
    until staff verify it. Rate-limited: each registration is work for staff."""
    if not can_register_organisation(user):
        raise PermissionDenied(_("Sign in with a confirmed e-mail address first."))
    chosen = _clean_spheres(spheres)
    # Validate before counting: an invalid attempt costs nothing.
    probe = Organisation(
        slug="x", **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    )
    probe.full_clean(exclude=["slug"])
    check_write_rate("organisation", user=user)
    return _save_new(
        fields=fields,
        spheres=chosen,
        actor=user,
        action=OrganisationAction.REGISTERED,
        registered_by=user,
    )


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, fields: dict, spheres: Iterable[str]
) -> Organisation:
    """Staff edit an organisation's entry."""
    _require_staff(actor)
    chosen = _clean_spheres(spheres)
    check_write_rate("organisation_staff", user=actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(organisation, name, value)
    organisation.updated_at = timezone.now()
    organisation.full_clean()
    organisation.save()
    _set_spheres(organisation, chosen)
    OrganisationLogEntry.objects.create(
        organisation=organisation, actor=actor, action=OrganisationAction.EDITED
    )
    return organisation


def _set_verified(*, actor, organisation, verified: bool, reason: str, action):
    _require_staff(actor)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("The reason is too long.")})
    if not verified and not reason:
        raise ValidationError({"reason": _("Say why the verification is withdrawn.")})
    check_write_rate("organisation_staff", user=actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.verified == verified:
        return organisation  # a second click changes nothing and logs nothing
    organisation.verified = verified
    organisation.verified_at = timezone.now() if verified else None
    organisation.save(update_fields=["verified", "verified_at"])
    OrganisationLogEntry.objects.create(
        organisation=organisation, actor=actor, action=action, reason=reason
    )
    return organisation


@transaction.atomic
def organisation_verify(
    *, actor, organisation: Organisation, reason: str = ""
) -> Organisation:
    """Staff confirm an organisation is what it says (e.g. checked in the KRS)."""
    return _set_verified(
        actor=actor,
        organisation=organisation,
        verified=True,
        reason=reason,
        action=OrganisationAction.VERIFIED,
    )


@transaction.atomic
def organisation_unverify(
    *, actor, organisation: Organisation, reason: str
) -> Organisation:
    """Staff withdraw the verification, saying why (it is logged)."""
    return _set_verified(
        actor=actor,
        organisation=organisation,
        verified=False,
        reason=reason,
        action=OrganisationAction.UNVERIFIED,
    )


@transaction.atomic
def organisations_import(*, actor, data: bytes) -> list[Organisation]:
    """Save every organisation of a CSV file (``participation.organisation_import``)
    or none: the file is checked again here (the database may have changed since
    the preview), and any row with an error refuses the whole file. Imported
    organisations are verified: they come from the office's own register."""
    _require_staff(actor)
    report = organisation_import.parse(data)
    if not report.ok:
        raise ValidationError(
            _("The file has errors; nothing was imported. Correct them and try again."),
            code="import_errors",
        )
    now = timezone.now()
    slugs = organisation_import.unique_slugs([row.name for row in report.rows])
    created = []
    for row, slug in zip(report.rows, slugs, strict=True):
        organisation = Organisation(
            slug=slug, verified=True, verified_at=now, **row.values
        )
        organisation.full_clean(validate_unique=False)
        created.append(organisation)
    # One INSERT per table; the unique constraints still guard the numbers.
    created = Organisation.objects.bulk_create(created)
    if created and created[0].pk is None:  # backends that return no keys
        by_slug = dict(
            Organisation.objects.filter(slug__in=slugs).values_list("slug", "pk")
        )
        for organisation in created:
            organisation.pk = by_slug[organisation.slug]
    OrganisationSphere.objects.bulk_create(
        OrganisationSphere(organisation=organisation, sphere=sphere)
        for organisation, row in zip(created, report.rows, strict=True)
        for sphere in row.spheres
    )
    OrganisationLogEntry.objects.bulk_create(
        OrganisationLogEntry(
            organisation=organisation, actor=actor, action=OrganisationAction.IMPORTED
        )
        for organisation in created
    )
    # bulk_create sends no post_save: the index is told here.
    for organisation in created:
        search_schedule(organisation)
    return created
