"""Writes of a citizen jury's recruitment: its settings, strata and quotas,
the address list and the sampled letters, residents' applications, and the
erasure of personal data. The draw lives in ``jury_draw``.

Every organiser's write checks ``permissions.can_organise_jury`` itself, so a
view that forgot to ask cannot let anyone else in. Writes that hand out a pool
number or check a code lock the jury's row, so two applications at once get
different numbers and one letter cannot be used twice (the database's unique
constraints have the last word).
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.ratelimit import check_write_rate
from cms.visibility import viewer_for_user

from .. import permissions
from ..jury_addresses import parse_address_list
from ..models import (
    ApplicationStatus,
    ApplicationStream,
    EventPage,
    JuryAddress,
    JuryAnswer,
    JuryApplication,
    JuryInvitation,
    JuryPanel,
    JuryStratum,
    JuryStratumValue,
)
from ..models.jury import CODE_LENGTH, new_invitation_code
from .jury_letters import jury_letters_erase
from .registration import normalise_code

POOL_NUMBER_DIGITS = 6
_ATTEMPTS = 5
_BATCH = 2000


def _require_organiser(user, event: EventPage) -> None:
    if not permissions.can_organise_jury(user, event):
        raise PermissionDenied(_("Only the jury's organisers can do that."))


def _lock(jury: JuryPanel) -> JuryPanel:
    return (
        JuryPanel.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=jury.pk)
    )


def _recruitment_started(jury: JuryPanel) -> bool:
    return jury.applications.exists()


# --- the jury and its settings ------------------------------------------------------
@transaction.atomic
def jury_ensure(*, event: EventPage) -> JuryPanel:
    """The jury of a ``jury`` event, created with its defaults on first use
    (an editor adds the event in Wagtail; its organisers set it up here)."""
    if not permissions.is_jury(event):
        raise PermissionDenied(_("This event is not a citizen jury."))
    jury, _created = JuryPanel.objects.get_or_create(event=event)
    return jury


SETTINGS_FIELDS = (
    "question",
    "panel_size",
    "reserve_size",
    "threshold_percent",
    "abstentions_count",
    "applications_open_at",
    "applications_close_at",
    "open_applications",
    "consent_text",
)


@transaction.atomic
def jury_settings_update(*, jury: JuryPanel, user, data: dict) -> JuryPanel:
    """Saves the jury's settings (``SETTINGS_FIELDS``). The panel and reserve
    sizes are fixed once the draw has started."""
    _require_organiser(user, jury.event)
    jury = _lock(jury)
    check_write_rate("jury_organise", user=user)
    drawn = hasattr(jury, "draw") and jury.draw.status != "committed"
    errors = {}
    for field in ("panel_size", "reserve_size"):
        if drawn and field in data and data[field] != getattr(jury, field):
            errors[field] = _("The draw has started: the sizes can no longer change.")
    opens, closes = data.get("applications_open_at"), data.get("applications_close_at")
    if opens and closes and closes <= opens:
        errors["applications_close_at"] = _("Applications must close after they open.")
    if errors:
        raise ValidationError(errors)
    for field in SETTINGS_FIELDS:
        if field in data:
            setattr(jury, field, data[field])
    jury.save()
    return jury


# --- strata and quotas --------------------------------------------------------------
def _check_strata_editable(jury: JuryPanel) -> None:
    if _recruitment_started(jury):
        raise ValidationError(
            _(
                "Residents have already applied and answered these questions: "
                "the features and their values can no longer change."
            )
        )


@transaction.atomic
def jury_stratum_save(
    *,
    jury: JuryPanel,
    user,
    name: str,
    question: str = "",
    values: list[tuple[str, Decimal]],
    stratum: JuryStratum | None = None,
) -> JuryStratum:
    """Adds a feature (``stratum`` None) or replaces one's name, question and
    values. ``values`` is ``[(value, population share in %), …]``. Quotas of
    new values start at 0..panel size, until derived."""
    _require_organiser(user, jury.event)
    jury = _lock(jury)
    _check_strata_editable(jury)
    check_write_rate("jury_organise", user=user)
    name = name.strip()
    if jury.strata.filter(name=name).exclude(pk=getattr(stratum, "pk", None)).exists():
        raise ValidationError(
            {"name": _("The jury already has a feature of this name.")}
        )
    if stratum is None:
        stratum = JuryStratum.objects.create(
            jury=jury,
            name=name,
            question=question.strip(),
            position=jury.strata.count(),
        )
    else:
        stratum = JuryStratum.objects.select_for_update().get(pk=stratum.pk, jury=jury)
        stratum.name, stratum.question = name, question.strip()
        stratum.save(update_fields=["name", "question"])
        stratum.values.all().delete()
    JuryStratumValue.objects.bulk_create(
        JuryStratumValue(
            stratum=stratum,
            name=value,
            population_share=share,
            min_seats=0,
            max_seats=jury.panel_size,
            position=position,
        )
        for position, (value, share) in enumerate(values)
    )
    return stratum


@transaction.atomic
def jury_stratum_delete(*, jury: JuryPanel, user, stratum: JuryStratum) -> None:
    _require_organiser(user, jury.event)
    jury = _lock(jury)
    _check_strata_editable(jury)
    check_write_rate("jury_organise", user=user)
    JuryStratum.objects.filter(pk=stratum.pk, jury=jury).delete()


def _check_quotas_editable(jury: JuryPanel) -> None:
    draw = getattr(jury, "draw", None)
    if draw is not None and draw.status in ("queued", "running", "done"):
        raise ValidationError(
            _("The draw has started: the quotas can no longer change.")
        )


def _values(jury: JuryPanel) -> list[JuryStratumValue]:
    return list(
        JuryStratumValue.objects.filter(stratum__jury=jury).select_related("stratum")
    )


@transaction.atomic
def jury_quotas_derive(*, jury: JuryPanel, user) -> dict:
    """Sets every value's min/max seats from its population share and the
    panel size (``events.sortition.derive_quotas``), replacing adjustments.
    Returns the quotas."""
    from ..sortition import derive_quotas

    _require_organiser(user, jury.event)
    jury = _lock(jury)
    _check_quotas_editable(jury)
    check_write_rate("jury_organise", user=user)
    values = _values(jury)
    shares: dict[str, dict[str, float]] = {}
    for value in values:
        shares.setdefault(value.stratum.name, {})[value.name] = (
            float(value.population_share) / 100
        )
    quotas = derive_quotas(shares, jury.panel_size)
    for value in values:
        low, high = quotas[value.stratum.name][value.name]
        value.min_seats, value.max_seats, value.adjusted = low, high, False
    JuryStratumValue.objects.bulk_update(values, ["min_seats", "max_seats", "adjusted"])
    return quotas


@transaction.atomic
def jury_quotas_update(
    *, jury: JuryPanel, user, quotas: dict[int, tuple[int, int]]
) -> None:
    """The organiser's adjustments: ``{value id: (min, max)}``."""
    _require_organiser(user, jury.event)
    jury = _lock(jury)
    _check_quotas_editable(jury)
    check_write_rate("jury_organise", user=user)
    errors = {}
    changed = []
    for value in _values(jury):
        if value.pk not in quotas:
            continue
        low, high = quotas[value.pk]
        if low > high:
            errors[f"min_{value.pk}"] = _(
                "%(value)s: the minimum is above the maximum."
            ) % {"value": value.name}
            continue
        if high > jury.panel_size:
            errors[f"max_{value.pk}"] = _(
                "%(value)s: the maximum is above the panel size."
            ) % {"value": value.name}
            continue
        if (low, high) != (value.min_seats, value.max_seats):
            value.min_seats, value.max_seats, value.adjusted = low, high, True
            changed.append(value)
    if errors:
        raise ValidationError(errors)
    JuryStratumValue.objects.bulk_update(
        changed, ["min_seats", "max_seats", "adjusted"]
    )


# --- the address list and the letters -----------------------------------------------
@transaction.atomic
def jury_addresses_upload(*, jury: JuryPanel, user, data: bytes) -> int:
    """Replaces the address list with the uploaded CSV (``jury_addresses``).
    Once letters are sampled, the list stays as it was sampled from."""
    _require_organiser(user, jury.event)
    jury = _lock(jury)
    if jury.invitations.exists():
        raise ValidationError(
            {"file": _("The letters are already drawn from the current list.")}
        )
    try:
        rows = parse_address_list(data)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    check_write_rate("jury_organise", user=user)
    jury.addresses.all().delete()
    JuryAddress.objects.bulk_create(
        (
            JuryAddress(
                jury=jury,
                number=n,
                street=row.street,
                postal_code=row.postal_code,
                town=row.town,
            )
            for n, row in enumerate(rows, start=1)
        ),
        batch_size=_BATCH,
    )
    return len(rows)


def sample_positions(seed: str, population: int, size: int) -> list[int]:
    """Which list numbers (1-based) get a letter, in the letters' order. A
    pure function of the jury's seed and the list's length: drawing again
    gives the same letters, and anyone with the seed can check them."""
    return [n + 1 for n in random.Random(seed).sample(range(population), size)]


def _unused_codes(count: int) -> list[str]:
    """``count`` fresh personal codes that no invitation holds yet."""
    codes: set[str] = set()
    while len(codes) < count:
        batch = {new_invitation_code() for _ in range(count - len(codes))}
        taken = set(
            JuryInvitation.objects.filter(code__in=batch).values_list("code", flat=True)
        )
        codes |= batch - taken
    return list(codes)


@transaction.atomic
def jury_invitations_sample(*, jury: JuryPanel, user, size: int) -> int:
    """Draws ``size`` addresses from the list with the jury's sample seed and
    gives each a letter with a personal code. Once only: the letters are
    printed and posted."""
    _require_organiser(user, jury.event)
    jury = _lock(jury)
    if jury.invitations.exists():
        raise ValidationError(_("The letters have already been drawn."))
    population = jury.addresses.count()
    if population == 0:
        raise ValidationError({"size": _("Upload the address list first.")})
    if not 1 <= size <= population:
        raise ValidationError(
            {
                "size": _("Choose between 1 and %(count)d letters.")
                % {"count": population}
            }
        )
    check_write_rate("jury_organise", user=user)
    positions = sample_positions(jury.sample_seed, population, size)
    address_ids = dict(
        jury.addresses.filter(number__in=positions).values_list("number", "pk")
    )
    codes = _unused_codes(size)
    now = timezone.now()
    JuryInvitation.objects.bulk_create(
        (
            JuryInvitation(
                jury=jury,
                address_id=address_ids[position],
                number=letter,
                code=code,
                created_at=now,
            )
            for letter, (position, code) in enumerate(
                zip(positions, codes, strict=True), start=1
            )
        ),
        batch_size=_BATCH,
    )
    jury.sample_size, jury.sampled_at = size, now
    jury.save(update_fields=["sample_size", "sampled_at"])
    return size


# --- applications -------------------------------------------------------------------
CONTACT_FIELDS = ("full_name", "email", "phone", "address")


def _pool_number(jury: JuryPanel) -> str:
    """A random number for the public pool: unlike a running count it says
    nothing about when someone applied."""
    taken = set(jury.applications.values_list("number", flat=True))
    while True:
        number = "".join(
            secrets.choice("0123456789") for _ in range(POOL_NUMBER_DIGITS)
        )
        if number not in taken:
            return number


def _clean_answers(jury: JuryPanel, answers: dict) -> list[tuple[int, int]]:
    """``{stratum id: value id}`` checked against the jury's strata: every
    feature answered, with one of its own values."""
    cleaned, errors = [], {}
    for stratum in jury.strata.prefetch_related("values"):
        chosen = answers.get(stratum.pk)
        valid = {value.pk for value in stratum.values.all()}
        if chosen is None or int(chosen) not in valid:
            errors[f"stratum_{stratum.pk}"] = _("Choose one of the answers.")
        else:
            cleaned.append((stratum.pk, int(chosen)))
    if errors:
        raise ValidationError(errors)
    return cleaned


def household_key_for(jury: JuryPanel, address: str) -> str:
    """The address as the one-per-household rule compares it: normalised,
    then keyed with the jury's own salt (its sample seed), so the key alone
    does not give the address back to someone holding the gmina's list."""
    from ..sortition import household_key

    return household_key(address, salt=jury.sample_seed)


@transaction.atomic
def jury_application_create(
    *,
    jury: JuryPanel,
    user,
    code: str,
    answers: dict,
    contact: dict,
    consent: bool,
) -> JuryApplication:
    """A resident applies: with the personal code from their letter, or
    without one in the marked open stream when the jury allows it. ``answers``
    is ``{stratum id: value id}``; ``contact`` holds ``CONTACT_FIELDS``."""
    if not permissions.can_view(viewer_for_user(user), jury.event):
        raise PermissionDenied(_("This event does not exist."))
    jury = _lock(jury)
    reason = permissions.jury_application_denied_reason(user, jury)
    if reason is not None:
        raise PermissionDenied(reason)
    if not consent:
        raise ValidationError(
            {"consent": _("Agree to the processing of your data to apply.")}
        )
    if (
        jury.applications.filter(user=user)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(_("You have already applied to this jury."))
    cleaned_answers = _clean_answers(jury, answers)
    address = (contact.get("address") or "").strip()
    if not address:
        raise ValidationError({"address": _("Enter your address.")})
    code = normalise_code(code)
    invitation = None
    if code:
        # Every code typed costs, a wrong one too: codes cannot be guessed.
        check_write_rate("jury_code", user=user)
        invitation = jury.invitations.filter(code=code[:CODE_LENGTH]).first()
        if invitation is None or len(code) != CODE_LENGTH:
            raise ValidationError(
                {"code": _("This code is not one of this jury's letters.")}
            )
        if invitation.applications.exclude(status=ApplicationStatus.WITHDRAWN).exists():
            raise ValidationError(
                {"code": _("Someone has already applied with this code.")}
            )
    elif not jury.open_applications:
        raise ValidationError({"code": _("Enter the code from your letter.")})
    check_write_rate("jury_application", user=user)
    now = timezone.now()
    for attempt in range(_ATTEMPTS):
        application = JuryApplication(
            jury=jury,
            user=user,
            number=_pool_number(jury),
            stream=ApplicationStream.CODE if invitation else ApplicationStream.OPEN,
            invitation=invitation,
            full_name=(contact.get("full_name") or "").strip(),
            email=(contact.get("email") or "").strip(),
            phone=(contact.get("phone") or "").strip(),
            address=address,
            household_key=household_key_for(jury, address),
            consent_given_at=now,
            created_at=now,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            if attempt == _ATTEMPTS - 1:
                raise ValidationError(_("Applying failed, please try again.")) from None
            continue
        break
    JuryAnswer.objects.bulk_create(
        JuryAnswer(application=application, stratum_id=stratum_id, value_id=value_id)
        for stratum_id, value_id in cleaned_answers
    )
    return application


@transaction.atomic
def jury_application_withdraw(*, application: JuryApplication, user) -> JuryApplication:
    """The applicant withdraws, until the draw starts (after it, a juror who
    cannot serve tells the organisers, who replace them). Twice changes
    nothing."""
    jury = _lock(application.jury)
    application = JuryApplication.objects.select_for_update().get(pk=application.pk)
    if application.user_id != user.pk:
        raise PermissionDenied(_("You cannot withdraw this application."))
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    draw = getattr(jury, "draw", None)
    if application.status != ApplicationStatus.APPLIED or (
        draw is not None and draw.status in ("queued", "running", "done")
    ):
        raise ValidationError(
            _(
                "The draw has taken place: if you cannot take part, tell the "
                "jury's organisers and they will replace you."
            )
        )
    check_write_rate("jury_application", user=user)
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    return application


# --- personal data ------------------------------------------------------------------
_ERASED = {
    "full_name": "",
    "email": "",
    "phone": "",
    "address": "",
    "household_key": "",
}


def jury_retention() -> timedelta:
    return timedelta(days=settings.JURY_DATA_RETENTION_DAYS)


@transaction.atomic
def jury_personal_data_erase(*, now=None) -> int:
    """For juries whose event ended more than ``JURY_DATA_RETENTION_DAYS``
    ago: erases the applicants' names, contact details, addresses and their
    link to an account, and the address list with its letters. What the
    published protocol needs stays: pool numbers, strata answers, seats,
    probabilities. Returns how many juries were erased."""
    now = now or timezone.now()
    juries = list(
        JuryPanel.objects.select_for_update(of=("self",)).filter(
            event__ends_at__lte=now - jury_retention(),
            personal_data_erased_at__isnull=True,
        )
    )
    for jury in juries:
        JuryApplication.objects.filter(jury=jury).update(
            **_ERASED, user=None, invitation=None, personal_data_erased_at=now
        )
        JuryAddress.objects.filter(jury=jury).delete()  # letters go with them
        jury_letters_erase(jury=jury)  # and the printed file of them
        jury.personal_data_erased_at = now
        jury.save(update_fields=["personal_data_erased_at"])
    return len(juries)


def account_deleted(user) -> None:
    """Account deletion hook (runs in accounts' transaction). Applications not
    yet drawn go; drawn ones (the protocol names their pool numbers) lose
    their personal data and their link to the account."""
    mine = JuryApplication.objects.filter(user=user)
    mine.filter(seat__isnull=True).exclude(
        jury__draw__status__in=("queued", "running", "done")
    ).delete()
    mine.update(**_ERASED, user=None, personal_data_erased_at=timezone.now())
