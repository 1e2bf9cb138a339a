"""Reads of the organisation registry: the directory (search, filters,
pages), one organisation's page, the statistics panel and the CSV export.

Every organisation is public; unverified ones are marked. A page's query
count does not grow with its rows: spheres are prefetched, statistics are one
GROUP BY each, the export reads in two queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.models import Page, get_page_models

from cms.filters import choice
from cms.visibility import public_pages

from ..models import (
    Comment,
    LegalForm,
    Organisation,
    OrganisationLogEntry,
    OrganisationMembership,
    OrganisationSphere,
    Sphere,
)
from ..organisation_search import matching_ids

DIRECTORY_PAGE_SIZE = 20
QUERY_MAX_LENGTH = 200
OPP_YES, OPP_NO = "tak", "nie"
VERIFIED_YES, VERIFIED_NO = "tak", "nie"
COMMENTS_SHOWN = 10


@dataclass
class DirectoryFilters:
    q: str = ""
    legal_form: str = ""
    sphere: str = ""
    opp: str = ""
    district: str = ""
    verified: str = ""

    @property
    def is_filtered(self) -> bool:
        return any(
            [
                self.q,
                self.legal_form,
                self.sphere,
                self.opp,
                self.district,
                self.verified,
            ]
        )


@dataclass
class DirectoryOptions:
    legal_forms: list = field(default_factory=list)
    spheres: list = field(default_factory=list)
    districts: list[str] = field(default_factory=list)


def directory_options() -> DirectoryOptions:
    """What the filters offer: every legal form and sphere, and the districts
    organisations are in (one query)."""
    districts = (
        Organisation.objects.exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    return DirectoryOptions(
        legal_forms=list(LegalForm.choices),
        spheres=list(Sphere.choices),
        districts=list(districts),
    )


def directory_filters(params, options: DirectoryOptions) -> DirectoryFilters:
    """The filters of ``params`` (GET); anything not offered is ignored."""
    q = params.get("q", "")
    q = q.strip()[:QUERY_MAX_LENGTH] if isinstance(q, str) else ""
    return DirectoryFilters(
        q=q,
        legal_form=choice(params, "forma", LegalForm.values),
        sphere=choice(params, "sfera", Sphere.values),
        opp=choice(params, "opp", [OPP_YES, OPP_NO]),
        district=choice(params, "dzielnica", options.districts),
        verified=choice(params, "zweryfikowana", [VERIFIED_YES, VERIFIED_NO]),
    )


def organisations_filtered(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """The organisations the filters select (not yet prefetched or ordered)."""
    organisations = Organisation.objects.all()
    if filters.q:
        ids = matching_ids(filters.q)
        name_match = Q(name__icontains=filters.q)
        if len(filters.q) == 10 and filters.q.isdigit():
            name_match |= Q(krs=filters.q) | Q(nip=filters.q)
        organisations = organisations.filter(
            name_match | Q(pk__in=ids) if ids is not None else name_match
        )
    if filters.legal_form:
        organisations = organisations.filter(legal_form=filters.legal_form)
    if filters.sphere:
        organisations = organisations.filter(
            pk__in=OrganisationSphere.objects.filter(sphere=filters.sphere).values(
                "organisation_id"
            )
        )
    if filters.opp:
        organisations = organisations.filter(is_public_benefit=filters.opp == OPP_YES)
    if filters.district:
        organisations = organisations.filter(district=filters.district)
    if filters.verified:
        organisations = organisations.filter(verified=filters.verified == VERIFIED_YES)
    return organisations


def organisations_directory(filters: DirectoryFilters) -> QuerySet[Organisation]:
    """The directory's rows: spheres prefetched, in name order."""
    return (
        organisations_filtered(filters)
        .prefetch_related(
            Prefetch("spheres", queryset=OrganisationSphere.objects.order_by("pk"))
        )
        .order_by("name", "pk")
    )


@dataclass
class StatisticsRow:
    key: str
    label: str
    count: int


@dataclass
class OrganisationStatistics:
    total: int
    by_legal_form: list[StatisticsRow]
    by_opp: list[StatisticsRow]
    by_sphere: list[StatisticsRow]
    by_district: list[StatisticsRow]


def organisation_statistics(
    filters: DirectoryFilters | None = None,
) -> OrganisationStatistics:
    """Counts of the organisations the filters select (all without filters)
    by legal form, OPP status, sphere and district: four GROUP BY queries.
    Legal forms and spheres without organisations are left out; an
    organisation counts once in each of its spheres."""
    organisations = organisations_filtered(filters or DirectoryFilters())
    forms = dict(
        organisations.order_by()
        .values("legal_form")
        .annotate(n=Count("pk"))
        .values_list("legal_form", "n")
    )
    opp = dict(
        organisations.order_by()
        .values("is_public_benefit")
        .annotate(n=Count("pk"))
        .values_list("is_public_benefit", "n")
    )
    spheres = dict(
        OrganisationSphere.objects.filter(organisation__in=organisations.values("pk"))
        .order_by()
        .values("sphere")
        .annotate(n=Count("pk"))
        .values_list("sphere", "n")
    )
    districts = (
        organisations.order_by()
        .values("district")
        .annotate(n=Count("pk"))
        .order_by("-n", "district")
        .values_list("district", "n")
    )
    by_district = [
        StatisticsRow(name or "", name or _("no district given"), n)
        for name, n in districts
    ]
    return OrganisationStatistics(
        total=sum(forms.values()),
        by_legal_form=[
            StatisticsRow(value, str(label), forms[value])
            for value, label in LegalForm.choices
            if forms.get(value)
        ],
        by_opp=[
            StatisticsRow(OPP_YES, _("public benefit organisations"), opp.get(True, 0)),
            StatisticsRow(
                OPP_NO, _("without public benefit status"), opp.get(False, 0)
            ),
        ],
        by_sphere=[
            StatisticsRow(value, f"{value}) {label}", spheres[value])
            for value, label in Sphere.choices
            if spheres.get(value)
        ],
        by_district=by_district,
    )


def organisation_for_page(slug: str) -> Organisation | None:
    return (
        Organisation.objects.filter(slug=slug)
        .select_related("logo")
        .prefetch_related(
            Prefetch("spheres", queryset=OrganisationSphere.objects.order_by("pk"))
        )
        .first()
    )


def organisation_representatives(organisation: Organisation) -> list:
    """Its verified representatives (their display names are public, as on
    their comments); pending requests are not shown."""
    return list(
        OrganisationMembership.objects.filter(
            organisation=organisation, verified=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def _page_content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*get_page_models()).values())


@dataclass
class OrganisationComments:
    count: int
    comments: list = field(default_factory=list)  # (comment, target page)


def organisation_comments(organisation: Organisation) -> OrganisationComments:
    """Its latest public comments, on pages everyone may see (a comment on a
    private page does not say it exists), with each comment's page: three
    queries however many."""
    comments = Comment.objects.public().filter(
        on_behalf_of=organisation,
        target_type__in=_page_content_types(),
        target_id__in=public_pages(Page.objects).values("pk"),
    )
    count = comments.count()
    latest = list(
        comments.prefetch_related("target").order_by("-created_at", "-pk")[
            :COMMENTS_SHOWN
        ]
    )
    return OrganisationComments(
        count, [(comment, comment.target) for comment in latest if comment.target]
    )


def organisation_log(organisation: Organisation) -> list[OrganisationLogEntry]:
    """For staff: who added, edited, verified it."""
    return list(organisation.log.select_related("actor"))


EXPORT_COLUMNS = [
    ("nazwa", "name"),
    ("forma_prawna", "legal_form"),
    ("rejestr", "register"),
    ("numer_w_rejestrze", "register_number"),
    ("krs", "krs"),
    ("nip", "nip"),
    ("regon", "regon"),
    ("opp", "is_public_benefit"),
    ("opp_od", "public_benefit_since"),
    ("sfery", "spheres"),
    ("dzielnica", "district"),
    ("adres", "address"),
    ("strona_www", "website"),
    ("rok_zalozenia", "year_founded"),
    ("zweryfikowana", "verified"),
]


def organisations_export_rows(filters: DirectoryFilters):
    """The directory as CSV rows (header first), in the import's columns so an
    export can be edited and imported elsewhere. Only the registry's public
    facts: no e-mail or phone (often a person's), no representatives, no log.
    Two queries."""
    yield [column for column, _field in EXPORT_COLUMNS]
    for organisation in organisations_directory(filters):
        row = []
        for _column, name in EXPORT_COLUMNS:
            if name == "legal_form":
                value = organisation.get_legal_form_display()
            elif name == "spheres":
                value = ", ".join(s.sphere for s in organisation.spheres.all())
            elif name in ("is_public_benefit", "verified"):
                value = "tak" if getattr(organisation, name) else "nie"
            else:
                value = getattr(organisation, name)
                value = "" if value is None else str(value)
            row.append(value)
        yield row
