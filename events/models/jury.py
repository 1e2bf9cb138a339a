"""The citizen jury (panel obywatelski): its settings, strata and quotas, the
address list and the invitations sampled from it, the residents' applications,
the draw and its protocol, the seats and the public log of replacements.

A jury is an ``EventPage`` of kind ``jury``; ``JuryPanel`` holds what the page
does not (one row per such event) and everything else points at the panel.
Writes go through ``events.services.jury``; the database holds the rules a race
or a careless write could break: one application per person and per letter, a
personal code unique across the site, one seat per applicant, one reserve per
rank, quotas whose minimum does not exceed their maximum.

Personal data (names, contact details, addresses of applicants) lives only in
``JuryApplication``'s contact fields: organisers and facilitators see them;
public pages, exports of the protocol and live frames use the application's
``number`` and strata answers, which is all the published protocol needs.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import EventPage

QUESTION_MAX_LENGTH = 1000
NAME_MAX_LENGTH = 100
ADDRESS_MAX_LENGTH = 255
# Personal codes on letters: no 0/O, 1/I/L, so they can be typed from paper.
# Ten characters of 31 are 49 bits; with the application form's rate limit a
# code cannot be guessed.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_sample_seed() -> str:
    """The seed of the address sample: random, kept with the jury, so drawing
    the sample again gives the same addresses."""
    return secrets.token_hex(16)


def new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class JuryPanel(models.Model):
    """A citizen jury's own settings: the question put to it, the panel and
    reserve sizes, how its votes count, when and how residents apply."""

    event = models.OneToOneField(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="jury",
    )
    question = models.TextField(
        _("question put to the jury"), max_length=QUESTION_MAX_LENGTH, blank=True
    )
    panel_size = models.PositiveSmallIntegerField(_("panel size"), default=24)
    reserve_size = models.PositiveSmallIntegerField(_("reserve size"), default=6)
    # A recommendation passes when "yes" reaches this share of the jurors
    # voting on it (Gdańsk, Lublin: 80 %).
    threshold_percent = models.PositiveSmallIntegerField(
        _("pass threshold (%)"), default=80
    )
    abstentions_count = models.BooleanField(
        _("abstentions count as votes"),
        default=True,
        help_text=_(
            "If they count, an abstention weighs against the threshold like a "
            "vote against."
        ),
    )
    applications_open_at = models.DateTimeField(
        _("applications open at"), null=True, blank=True
    )
    applications_close_at = models.DateTimeField(
        _("applications close at"), null=True, blank=True
    )
    open_applications = models.BooleanField(
        _("allow applications without a code"),
        default=False,
        help_text=_(
            "Residents who got no letter may apply too; their applications are "
            "a separate, marked stream."
        ),
    )
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_(
            "What the data is for, how long it is kept and who sees it; the "
            "applicant agrees to it."
        ),
    )
    # The address sample is drawn with this seed (random.Random), so drawing it
    # again gives the same letters.
    sample_seed = models.CharField(
        _("sample seed"), max_length=64, default=new_sample_seed
    )
    sample_size = models.PositiveIntegerField(
        _("letters sampled"), null=True, blank=True
    )
    sampled_at = models.DateTimeField(_("sampled at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("applicants' data erased at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("citizen jury")
        verbose_name_plural = _("citizen juries")
        constraints = [
            models.CheckConstraint(
                condition=Q(panel_size__gte=1, panel_size__lte=500),
                name="events_jury_panel_size_range",
            ),
            models.CheckConstraint(
                condition=Q(reserve_size__lte=500),
                name="events_jury_reserve_size_range",
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=50, threshold_percent__lte=100),
                name="events_jury_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(applications_open_at__isnull=True)
                | Q(applications_close_at__isnull=True)
                | Q(applications_close_at__gt=F("applications_open_at")),
                name="events_jury_applications_close_after_open",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)

    def applications_are_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.event.is_cancelled:
            return False
        if self.applications_open_at is None or now < self.applications_open_at:
            return False
        return self.applications_close_at is None or now < self.applications_close_at


class JuryStratum(models.Model):
    """One feature the panel must mirror (gender, age band, district…), asked
    of every applicant."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="strata",
    )
    name = models.CharField(_("feature"), max_length=NAME_MAX_LENGTH)
    question = models.CharField(
        _("question on the form"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the feature's name is asked."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["jury", "position", "pk"]
        verbose_name = _("stratum")
        verbose_name_plural = _("strata")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "name"], name="events_jurystratum_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class JuryStratumValue(models.Model):
    """One value of a feature, with its share of the population (from GUS
    figures) and the panel seats it must get: ``min_seats``..``max_seats``,
    derived from the share and the panel size unless the organiser adjusted
    them (``adjusted``)."""

    stratum = models.ForeignKey(
        JuryStratum,
        verbose_name=_("stratum"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    name = models.CharField(_("value"), max_length=NAME_MAX_LENGTH)
    # Percent of the population, 0..100, with two decimals (GUS tables).
    population_share = models.DecimalField(
        _("population share (%)"), max_digits=5, decimal_places=2, default=0
    )
    min_seats = models.PositiveSmallIntegerField(_("at least"), default=0)
    max_seats = models.PositiveSmallIntegerField(_("at most"), default=0)
    adjusted = models.BooleanField(_("adjusted by the organiser"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["stratum", "position", "pk"]
        verbose_name = _("stratum value")
        verbose_name_plural = _("stratum values")
        constraints = [
            models.UniqueConstraint(
                fields=["stratum", "name"], name="events_jurystratumvalue_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(min_seats__lte=F("max_seats")),
                name="events_jurystratumvalue_min_within_max",
            ),
            models.CheckConstraint(
                condition=Q(population_share__gte=0, population_share__lte=100),
                name="events_jurystratumvalue_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stratum_id}: {self.name}"


class JuryAddress(models.Model):
    """One address of the uploaded list (e.g. the gmina's address points),
    in the list's order."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="addresses",
    )
    number = models.PositiveIntegerField(_("number on the list"))
    street = models.CharField(_("address"), max_length=ADDRESS_MAX_LENGTH)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=NAME_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["jury", "number"]
        verbose_name = _("address")
        verbose_name_plural = _("address list")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "number"], name="events_juryaddress_number_unique"
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, self.postal_code, self.town) if p)


class JuryInvitation(models.Model):
    """A letter to one sampled address, with its personal code. ``number`` is
    the letter's order in the print run."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    address = models.OneToOneField(
        JuryAddress,
        verbose_name=_("address"),
        on_delete=models.CASCADE,
        related_name="invitation",
    )
    number = models.PositiveIntegerField(_("letter number"))
    code = models.CharField(
        _("personal code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_invitation_code,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["jury", "number"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "number"], name="events_juryinvitation_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jury_id} #{self.number}"


class ApplicationStream(models.TextChoices):
    CODE = "code", _("with a personal code")
    OPEN = "open", _("open application (no code)")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SELECTED = "selected", _("selected for the panel")
    RESERVE = "reserve", _("on the reserve list")
    DROPPED = "dropped", _("left the panel")


class JuryApplication(models.Model):
    """A resident's application. ``number`` is their public, anonymous pool
    number (the protocol shows it with the strata answers and nothing else);
    the contact fields are personal data. ``household_key`` is the normalised
    address (``events.sortition.household_key``) the one-per-household rule
    compares. ``probability`` is their chance of selection under the draw's
    algorithm, once drawn."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    # Null once the account is deleted after the draw: the pool number and
    # answers stay for the protocol, nothing else does.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jury_applications",
    )
    number = models.CharField(_("pool number"), max_length=12)
    stream = models.CharField(
        _("stream"),
        max_length=10,
        choices=ApplicationStream.choices,
        default=ApplicationStream.CODE,
    )
    invitation = models.ForeignKey(
        JuryInvitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=ADDRESS_MAX_LENGTH, blank=True)
    household_key = models.CharField(_("household"), max_length=64, blank=True)
    probability = models.FloatField(_("selection probability"), null=True, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), default=timezone.now)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )

    class Meta:
        ordering = ["jury", "created_at", "pk"]
        verbose_name = _("jury application")
        verbose_name_plural = _("jury applications")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "number"], name="events_juryapplication_number_unique"
            ),
            # One live application per person and per letter; a withdrawn one
            # stays as history and does not block applying again.
            models.UniqueConstraint(
                fields=["jury", "user"],
                condition=Q(user__isnull=False) & ~Q(status="withdrawn"),
                name="events_juryapplication_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(invitation__isnull=False) & ~Q(status="withdrawn"),
                name="events_juryapplication_one_per_invitation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="events_juryapplication_status_valid",
            ),
            # (A code application may lose its letter: the address list is
            # erased after the jury, the application's number stays.)
            models.CheckConstraint(
                condition=~Q(stream="open") | Q(invitation__isnull=True),
                name="events_juryapplication_open_has_no_code",
            ),
            models.CheckConstraint(
                condition=Q(stream__in=ApplicationStream.values),
                name="events_juryapplication_stream_valid",
            ),
        ]
        indexes = [models.Index(fields=["jury", "status"])]

    def __str__(self) -> str:
        return f"{self.jury_id} {self.number}"


class JuryAnswer(models.Model):
    """An applicant's value of one feature."""

    application = models.ForeignKey(
        JuryApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    stratum = models.ForeignKey(
        JuryStratum,
        verbose_name=_("stratum"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    value = models.ForeignKey(
        JuryStratumValue,
        verbose_name=_("value"),
        on_delete=models.CASCADE,
        related_name="answers",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stratum"],
                name="events_juryanswer_one_per_stratum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.value_id}"


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", _("commitment published")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JuryDraw(models.Model):
    """The draw and its protocol. Before applications close the organiser
    publishes ``commitment`` (SHA-256 of a secret); at the public draw the
    secret is revealed and combined with ``public_value`` into ``seed``
    (``events.sortition.seed_from``). The draw then runs in a background task
    reporting ``progress``; when done, the protocol's files, the probabilities
    and the versions are kept here for the public page and ``jury_verify``."""

    jury = models.OneToOneField(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="draw",
    )
    commitment = models.CharField(_("commitment (SHA-256)"), max_length=64)
    committed_at = models.DateTimeField(
        _("commitment published at"), default=timezone.now
    )
    secret = models.CharField(_("revealed secret"), max_length=200, blank=True)
    public_value = models.CharField(_("public value"), max_length=200, blank=True)
    seed = models.CharField(_("seed"), max_length=128, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=20, default="maximin")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DrawStatus.choices,
        default=DrawStatus.COMMITTED,
    )
    progress = models.FloatField(_("progress"), default=0)
    progress_text = models.CharField(_("progress note"), max_length=200, blank=True)
    # Why it failed, in Polish, and the relaxation of the quotas suggested.
    message = models.TextField(_("message"), blank=True)
    relaxation = models.JSONField(_("suggested relaxation"), default=dict, blank=True)
    versions = models.JSONField(_("versions"), default=dict, blank=True)
    draw_settings = models.JSONField(_("settings"), default=dict, blank=True)
    probabilities = models.JSONField(_("probabilities"), default=dict, blank=True)
    log = models.JSONField(_("log"), default=list, blank=True)
    pool_size = models.PositiveIntegerField(_("pool size"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DrawStatus.values),
                name="events_jurydraw_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1),
                name="events_jurydraw_progress_range",
            ),
            # Past the commitment, the draw has its seed.
            models.CheckConstraint(
                condition=Q(status="committed") | ~Q(seed=""),
                name="events_jurydraw_seeded_when_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jury_id} ({self.status})"


class JuryDrawFile(models.Model):
    """One of the protocol's published files (``events.sortition.
    published_files``): the anonymised pool, the quotas, the settings, the
    result. Anyone downloads them and runs ``jury_verify``."""

    draw = models.ForeignKey(
        JuryDraw,
        verbose_name=_("draw"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    name = models.CharField(_("file name"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["draw", "name"]
        verbose_name = _("protocol file")
        verbose_name_plural = _("protocol files")
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "name"], name="events_jurydrawfile_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SeatRole(models.TextChoices):
    PANEL = "panel", _("juror")
    RESERVE = "reserve", _("reserve")
    DROPPED = "dropped", _("left the panel")


class JurySeat(models.Model):
    """Where the draw put one applicant: on the panel, or on the reserve list
    at ``reserve_rank`` (1 first). A reserve who replaces a juror becomes
    ``panel`` and keeps the rank they were drawn at; a juror who leaves
    becomes ``dropped``. The jurors who vote are the ``panel`` seats."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    application = models.OneToOneField(
        JuryApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="seat",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=SeatRole.choices, default=SeatRole.PANEL
    )
    reserve_rank = models.PositiveSmallIntegerField(
        _("reserve rank"), null=True, blank=True
    )
    seated_at = models.DateTimeField(_("on the panel since"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        ordering = ["jury", "role", "reserve_rank", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "reserve_rank"],
                condition=Q(reserve_rank__isnull=False),
                name="events_juryseat_reserve_rank_unique",
            ),
            models.CheckConstraint(
                condition=Q(role__in=SeatRole.values),
                name="events_juryseat_role_valid",
            ),
            models.CheckConstraint(
                condition=~Q(role="reserve") | Q(reserve_rank__isnull=False),
                name="events_juryseat_reserve_has_rank",
            ),
        ]
        indexes = [models.Index(fields=["jury", "role"])]

    def __str__(self) -> str:
        return f"{self.application_id} ({self.role})"


class JuryReplacement(models.Model):
    """The public log: a juror left and a reserve took the seat. Only pool
    numbers and features are kept, as in the protocol. ``moved`` lists the
    features on which the newcomer differs from the one who left
    (``{feature: [from, to]}``), empty when the strata match."""

    jury = models.ForeignKey(
        JuryPanel,
        verbose_name=_("jury"),
        on_delete=models.CASCADE,
        related_name="replacements",
    )
    dropped_number = models.CharField(_("left"), max_length=12)
    replacement_number = models.CharField(_("replaced by"), max_length=12)
    moved = models.JSONField(_("quotas moved"), default=dict, blank=True)
    created_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["jury", "created_at", "pk"]
        verbose_name = _("replacement")
        verbose_name_plural = _("replacements")
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "dropped_number"],
                name="events_juryreplacement_once_per_juror",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dropped_number} → {self.replacement_number}"
