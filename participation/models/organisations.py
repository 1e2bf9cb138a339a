"""Organisations (NGOs): the registry of the municipality's partners.

An organisation is public from the moment it is added: the directory marks
the ones staff have not verified yet. Register numbers are checked twice: by
the validators of ``participation.identifiers`` (check digits, in forms and
the CSV import) and by database constraints (format, uniqueness), so no path
around the forms stores a malformed or duplicate number.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.identifiers import validate_krs, validate_nip, validate_regon


class LegalForm(models.TextChoices):
    FOUNDATION = "foundation", _("foundation")
    REGISTERED_ASSOCIATION = "registered_association", _("registered association")
    ORDINARY_ASSOCIATION = "ordinary_association", _("ordinary association")
    ASSOCIATION_BRANCH = "association_branch", _("branch of an association")
    SPORTS_CLUB = "sports_club", _("sports club")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    CHURCH_LEGAL_PERSON = "church_legal_person", _("church legal person")
    RURAL_HOUSEWIVES_CIRCLE = "rural_housewives_circle", _("rural housewives' circle")
    OTHER = "other", _("other")


class Register(models.TextChoices):
    """Where the organisation is registered. Only the KRS number has its own
    field (checked, unique); the others keep their number in
    ``register_number`` as the register writes it."""

    KRS = "krs", _("National Court Register (KRS)")
    STAROSTA = "starosta", _("register of ordinary associations kept by the starosta")
    SPORTS = "sports", _("register of sports clubs kept by the starosta")
    HOUSEWIVES = "housewives", _("National Register of Rural Housewives' Circles")
    CHURCH = "church", _("register of church legal persons")
    OTHER = "other", _("other register")


class Sphere(models.TextChoices):
    """The spheres of public tasks of art. 4 ust. 1 of the ustawa z dnia 24
    kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie, in
    the act's order, as in the consolidated text Dz.U. 2024 poz. 1491. The
    labels are the act's words (in the genitive, as the act lists them: "the
    sphere of ..."), translated to Polish through gettext. Written from the
    consolidated text as known to the team, without the official text at
    hand: check the lettered points against ISAP before relying on the
    numbering. The value is stable, the label may be reworded."""

    SOCIAL_ASSISTANCE = (
        "1",
        _(
            "social assistance, including help to families and people in a difficult "
            "situation and equalising their opportunities"
        ),
    )
    FAMILY_FOSTER_CARE = "1a", _("supporting the family and the foster care system")
    LEGAL_AID = (
        "1b",
        _(
            "free legal aid, raising legal awareness, free civic advice and free "
            "mediation"
        ),
    )
    SOCIAL_INTEGRATION = (
        "2",
        _(
            "social and vocational integration and reintegration of people at risk of"
            " social exclusion"
        ),
    )
    CHARITY = "3", _("charity")
    NATIONAL_TRADITION = (
        "4",
        _(
            "maintaining and spreading national tradition, cultivating Polishness and"
            " developing national, civic and cultural awareness"
        ),
    )
    MINORITIES = "5", _("national and ethnic minorities and the regional language")
    FOREIGNERS = "5a", _("integration of foreigners")
    HEALTH = "6", _("protection and promotion of health, including medical activity")
    DISABILITY = "7", _("people with disabilities")
    EMPLOYMENT = (
        "8",
        _(
            "promoting employment and the vocational activation of the unemployed and"
            " those at risk of redundancy"
        ),
    )
    EQUAL_RIGHTS = "9", _("equal rights of women and men")
    SENIORS = "10", _("people of retirement age")
    ECONOMIC_DEVELOPMENT = (
        "11",
        _("supporting economic development, including entrepreneurship"),
    )
    INNOVATION = (
        "12",
        _(
            "supporting technology, invention and innovation and putting new "
            "technical solutions into economic practice"
        ),
    )
    LOCAL_COMMUNITIES = "13", _("supporting the development of local communities")
    EDUCATION = "14", _("science, higher education, education and upbringing")
    CHILDREN_YOUTH = "15", _("children and young people, including their recreation")
    CULTURE = (
        "16",
        _("culture, art, protection of cultural goods and national heritage"),
    )
    SPORT = "17", _("supporting and spreading physical culture")
    ECOLOGY = "18", _("ecology, animal protection and protection of natural heritage")
    TOURISM = "19", _("tourism and sightseeing")
    PUBLIC_ORDER = "20", _("public order and safety")
    DEFENCE = "21", _("national defence and the activity of the Polish Armed Forces")
    HUMAN_RIGHTS = (
        "22",
        _(
            "spreading and protecting human rights and civil liberties, and "
            "supporting the development of democracy"
        ),
    )
    VETERANS = "22a", _("veterans and injured veterans of operations abroad")
    RESCUE = "23", _("rescue and civil protection")
    DISASTER_RELIEF = (
        "24",
        _(
            "help to victims of disasters, natural calamities, armed conflicts and "
            "wars at home and abroad"
        ),
    )
    CONSUMER_RIGHTS = "25", _("spreading and protecting consumer rights")
    EUROPEAN_INTEGRATION = (
        "26",
        _(
            "European integration and developing contacts and cooperation between "
            "societies"
        ),
    )
    VOLUNTEERING = "27", _("promoting and organising volunteering")
    POLONIA = "28", _("help to the Polish diaspora and Poles abroad")
    COMBATANTS = "29", _("combatants and victims of repression")
    PROMOTION_ABROAD = "30", _("promoting the Republic of Poland abroad")
    FAMILY_CHILD_RIGHTS = (
        "31",
        _("family, motherhood, parenthood, spreading and protecting children's rights"),
    )
    ADDICTIONS = "32", _("counteracting addictions and social pathologies")
    REVITALISATION = "32a", _("revitalisation")
    SUPPORT_FOR_NGOS = (
        "33",
        _(
            "support for non-governmental organisations and the entities of art. 3(3)"
            " in the spheres above"
        ),
    )


# A founding year earlier than this is a typing error, not an old society.
EARLIEST_YEAR_FOUNDED = 1800


class Organisation(models.Model):
    """A non-governmental organisation: a partner of the municipality whose
    verified representatives may act on its behalf. Added by staff, registered
    by a user (unverified until staff verify it) or imported from CSV."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    legal_form = models.CharField(
        _("legal form"),
        max_length=30,
        choices=LegalForm.choices,
        default=LegalForm.REGISTERED_ASSOCIATION,
    )
    register = models.CharField(
        _("register"), max_length=20, choices=Register.choices, default=Register.KRS
    )
    register_number = models.CharField(
        _("number in the register"),
        max_length=50,
        blank=True,
        help_text=_("For registers other than the KRS, e.g. the starosta's."),
    )
    krs = models.CharField(
        _("KRS number"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("10 digits, e.g. 0000123456. Ordinary associations have none."),
    )
    nip = models.CharField(
        _("NIP"), max_length=10, blank=True, validators=[validate_nip]
    )
    regon = models.CharField(
        _("REGON"), max_length=14, blank=True, validators=[validate_regon]
    )
    is_public_benefit = models.BooleanField(
        _("public benefit organisation (OPP)"), default=False
    )
    public_benefit_since = models.DateField(
        _("public benefit status since"), null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    district = models.CharField(
        _("district"),
        max_length=120,
        blank=True,
        help_text=_("The osiedle or sołectwo, for the filter of the directory."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Who registered it (a signed-in user), never shown publicly.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["krs"],
                condition=~Q(krs=""),
                name="participation_organisation_krs_unique",
                violation_error_message=_(
                    "An organisation with this KRS number is already in the registry."
                ),
            ),
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="participation_organisation_nip_unique",
                violation_error_message=_(
                    "An organisation with this NIP is already in the registry."
                ),
            ),
            models.CheckConstraint(
                condition=Q(krs="") | Q(krs__regex=r"^[0-9]{10}$"),
                name="participation_organisation_krs_format",
            ),
            models.CheckConstraint(
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{10}$"),
                name="participation_organisation_nip_format",
            ),
            models.CheckConstraint(
                condition=Q(regon="")
                | Q(regon__regex=r"^[0-9]{9}$")
                | Q(regon__regex=r"^[0-9]{14}$"),
                name="participation_organisation_regon_format",
            ),
            # An ordinary association is in the starosta's register, not the KRS.
            models.CheckConstraint(
                condition=~Q(legal_form=LegalForm.ORDINARY_ASSOCIATION) | Q(krs=""),
                name="participation_organisation_ordinary_no_krs",
                violation_error_code="krs",
                violation_error_message=_(
                    "An ordinary association is in the starosta's register and "
                    "has no KRS number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_public_benefit=True)
                | Q(public_benefit_since__isnull=True),
                name="participation_organisation_opp_date",
                violation_error_message=_(
                    "A date of public benefit status needs the status itself."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year_founded__isnull=True)
                | Q(year_founded__gte=EARLIEST_YEAR_FOUNDED),
                name="participation_organisation_year_founded",
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="participation_organisation_name"
            ),
        ]
        indexes = [
            models.Index(fields=["legal_form"], name="participation_org_form"),
            models.Index(fields=["district"], name="participation_org_district"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def register_label(self) -> str:
        """The register and the number in it, as the directory shows them."""
        number = self.krs if self.register == Register.KRS else self.register_number
        label = self.get_register_display()
        return f"{label}: {number}" if number else label


class OrganisationSphere(models.Model):
    """One sphere of public benefit an organisation works in (art. 4 ust. 1)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="spheres",
    )
    sphere = models.CharField(_("sphere"), max_length=4, choices=Sphere.choices)

    class Meta:
        verbose_name = _("sphere of activity")
        verbose_name_plural = _("spheres of activity")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sphere"],
                name="participation_organisation_sphere_unique",
            )
        ]

    def __str__(self) -> str:
        return self.get_sphere_display()


class OrganisationAction(models.TextChoices):
    CREATED = "created", _("added by staff")
    REGISTERED = "registered", _("registered by a user")
    IMPORTED = "imported", _("imported from CSV")
    EDITED = "edited", _("edited")
    VERIFIED = "verified", _("verified")
    UNVERIFIED = "unverified", _("verification withdrawn")


class OrganisationLogEntry(models.Model):
    """Who did what to an organisation's entry, and why; staff read it."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="log",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(
        _("action"), max_length=20, choices=OrganisationAction.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("organisation log entry")
        verbose_name_plural = _("organisation log entries")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_action_display()}"
