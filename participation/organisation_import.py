"""Reading the organisations spreadsheet a municipality already keeps, saved
as CSV: each row checked before anything is saved, with a report per row.

The file: UTF-8 with or without a BOM (Excel's "CSV UTF-8"), or Windows-1250
(Excel's plain "CSV" on a Polish Windows); fields separated by ";" (Excel in
Polish) or ","; the first row names the columns, in any order, letter case
and accents ignored ("Forma prawna" = "forma_prawna"). Columns:

=================  ==========================================================
nazwa              required: the organisation's name
forma_prawna       fundacja, stowarzyszenie (rejestrowe), stowarzyszenie
                   zwykłe, oddział (terenowy), klub sportowy, spółdzielnia
                   socjalna, kościelna osoba prawna, koło gospodyń wiejskich,
                   inne; empty: stowarzyszenie rejestrowe
rejestr            krs, starosta, kluby, kgw, kościelny, inny; empty: krs if a
                   KRS number is given, else the starosta's for an ordinary
                   association, else "inny"
numer_w_rejestrze  the number in a register other than the KRS
krs                10 digits; leading zeros may be missing ("123456")
nip                10 digits, dashes and spaces allowed, checked
regon              9 or 14 digits, checked
opp                tak/nie (also t/n, 1/0, yes/no); empty: nie
opp_od             the date of the OPP status, 2020-05-31 or 31.05.2020
sfery              points of art. 4 ust. 1, e.g. "1a, 14, 16" (separated by
                   commas, spaces or "|")
dzielnica          the osiedle or sołectwo
adres, strona_www, email, telefon, opis
rok_zalozenia      a four-digit year
=================  ==========================================================

Row numbers in the report are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .identifiers import (
    is_valid_krs,
    is_valid_nip,
    is_valid_regon,
    normalise_krs,
    normalise_nip,
    normalise_regon,
)
from .models import LegalForm, Organisation, Register, Sphere
from .models.organisations import EARLIEST_YEAR_FOUNDED

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS = [
    "nazwa",
    "forma_prawna",
    "rejestr",
    "numer_w_rejestrze",
    "krs",
    "nip",
    "regon",
    "opp",
    "opp_od",
    "sfery",
    "dzielnica",
    "adres",
    "strona_www",
    "email",
    "telefon",
    "rok_zalozenia",
    "opis",
]

# Spellings of the legal forms (accents dropped, lower case) -> value.
LEGAL_FORMS = {
    "fundacja": LegalForm.FOUNDATION,
    "stowarzyszenie": LegalForm.REGISTERED_ASSOCIATION,
    "stowarzyszenie rejestrowe": LegalForm.REGISTERED_ASSOCIATION,
    "stowarzyszenie zwykle": LegalForm.ORDINARY_ASSOCIATION,
    "oddzial": LegalForm.ASSOCIATION_BRANCH,
    "oddzial terenowy": LegalForm.ASSOCIATION_BRANCH,
    "oddzial terenowy stowarzyszenia": LegalForm.ASSOCIATION_BRANCH,
    "klub sportowy": LegalForm.SPORTS_CLUB,
    "uczniowski klub sportowy": LegalForm.SPORTS_CLUB,
    "spoldzielnia socjalna": LegalForm.SOCIAL_COOPERATIVE,
    "koscielna osoba prawna": LegalForm.CHURCH_LEGAL_PERSON,
    "kolo gospodyn wiejskich": LegalForm.RURAL_HOUSEWIVES_CIRCLE,
    "kgw": LegalForm.RURAL_HOUSEWIVES_CIRCLE,
    "inne": LegalForm.OTHER,
    "inna": LegalForm.OTHER,
    **{value: value for value in LegalForm.values},
}
REGISTERS = {
    "krs": Register.KRS,
    "starosta": Register.STAROSTA,
    "ewidencja starosty": Register.STAROSTA,
    "kluby": Register.SPORTS,
    "kluby sportowe": Register.SPORTS,
    "kgw": Register.HOUSEWIVES,
    "krkgw": Register.HOUSEWIVES,
    "koscielny": Register.CHURCH,
    "inny": Register.OTHER,
    "inne": Register.OTHER,
    **{value: value for value in Register.values},
}
YES = {"tak", "t", "1", "yes", "y", "x"}
NO = {"nie", "n", "0", "no", ""}
SPHERES = set(Sphere.values)
_SPHERE_SPLIT = re.compile(r"[\s,|;]+")
_POINT = re.compile(r"^(?:pkt\.?)?(\d{1,2}[a-z]?)\)?$")


def _plain(value: str) -> str:
    """Lower case without Polish accents, for matching words people type."""
    value = unicodedata.normalize("NFKD", value.strip().lower().replace("ł", "l"))
    return "".join(c for c in value if not unicodedata.combining(c))


def _column_key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", _plain(header))


@dataclass
class ImportRow:
    number: int
    values: dict = field(default_factory=dict)  # the model fields
    spheres: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.values.get("name", "")

    @property
    def legal_form_label(self) -> str:
        return LegalForm(self.values["legal_form"]).label if self.values else ""


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    # Problems of the whole file (encoding, no "nazwa" column, too big).
    errors: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors and not self.error_rows


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped), else Windows-1250; ValueError when neither fits."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1250")
    except UnicodeDecodeError as error:
        raise ValueError(str(error)) from error


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def _date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise ValueError(value)


def _row(number: int, raw: dict[str, str]) -> ImportRow:
    """One row's model fields and what is wrong with it (uniqueness is
    checked over the whole file afterwards)."""
    row = ImportRow(number)
    errors = row.errors
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731

    name = get("nazwa")
    if not name:
        errors.append(_("no name"))
    elif len(name) > Organisation._meta.get_field("name").max_length:
        errors.append(_("name too long"))
    values = {"name": name}

    form_text = _plain(get("forma_prawna"))
    legal_form = LEGAL_FORMS.get(form_text) if form_text else None
    if form_text and legal_form is None:
        errors.append(
            _("unknown legal form “%(value)s”") % {"value": get("forma_prawna")}
        )
    values["legal_form"] = legal_form or LegalForm.REGISTERED_ASSOCIATION

    krs = normalise_krs(get("krs"))
    if krs and not is_valid_krs(krs):
        errors.append(_("invalid KRS number"))
    if krs and values["legal_form"] == LegalForm.ORDINARY_ASSOCIATION:
        errors.append(_("an ordinary association has no KRS number"))
    values["krs"] = krs

    register_text = _plain(get("rejestr"))
    register = REGISTERS.get(register_text) if register_text else None
    if register_text and register is None:
        errors.append(_("unknown register “%(value)s”") % {"value": get("rejestr")})
    if register is None:
        if krs:
            register = Register.KRS
        elif values["legal_form"] == LegalForm.ORDINARY_ASSOCIATION:
            register = Register.STAROSTA
        else:
            register = Register.OTHER
    values["register"] = register
    values["register_number"] = get("numer_w_rejestrze")[:50]

    nip = normalise_nip(get("nip"))
    if nip and not is_valid_nip(nip):
        errors.append(_("invalid NIP"))
    values["nip"] = nip
    regon = normalise_regon(get("regon"))
    if regon and not is_valid_regon(regon):
        errors.append(_("invalid REGON"))
    values["regon"] = regon

    opp = _plain(get("opp"))
    if opp not in YES | NO:
        errors.append(_("OPP must be “tak” or “nie”"))
    values["is_public_benefit"] = opp in YES
    since = get("opp_od")
    values["public_benefit_since"] = None
    if since:
        try:
            values["public_benefit_since"] = _date(since)
        except ValueError:
            errors.append(_("invalid OPP date “%(value)s”") % {"value": since})
        if not values["is_public_benefit"]:
            errors.append(_("an OPP date without OPP status"))

    for point in filter(None, _SPHERE_SPLIT.split(_plain(get("sfery")))):
        match = _POINT.match(point)
        sphere = match.group(1) if match else ""
        if sphere not in SPHERES:
            errors.append(_("unknown sphere “%(value)s”") % {"value": point})
        elif sphere not in row.spheres:
            row.spheres.append(sphere)

    values["district"] = get("dzielnica")[:120]
    values["address"] = get("adres")[:255]
    values["phone"] = get("telefon")[:40]
    values["description"] = get("opis")
    website = get("strona_www")
    if website and "://" not in website:
        website = f"https://{website}"
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            errors.append(_("invalid website address"))
    values["website"] = website
    email = get("email")
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors.append(_("invalid e-mail address"))
    values["email"] = email
    year = get("rok_zalozenia")
    values["year_founded"] = None
    if year:
        if (
            len(year) == 4
            and year.isascii()
            and year.isdigit()
            and EARLIEST_YEAR_FOUNDED <= int(year) <= timezone.now().year
        ):
            values["year_founded"] = int(year)
        else:
            errors.append(_("invalid founding year “%(value)s”") % {"value": year})
    row.values = values
    return row


def _check_duplicates(rows: list[ImportRow], field_name: str, label: str) -> None:
    """A number twice in the file, or already in the database, is an error of
    the later row: "KRS repeated (row 12)", "NIP already in the database"."""
    numbers = {row.values[field_name] for row in rows if row.values.get(field_name)}
    existing = dict(
        Organisation.objects.filter(**{f"{field_name}__in": numbers}).values_list(
            field_name, "name"
        )
    )
    first_row: dict[str, int] = {}
    for row in rows:
        number = row.values.get(field_name)
        if not number:
            continue
        if number in first_row:
            row.errors.append(
                _("%(label)s repeated (row %(row)d)")
                % {"label": label, "row": first_row[number]}
            )
        else:
            first_row[number] = row.number
        if number in existing:
            row.errors.append(
                _("%(label)s already in the database (%(name)s)")
                % {"label": label, "name": existing[number]}
            )


def parse(data: bytes) -> ImportReport:
    """The report of a whole file: every row's fields and errors. Reads the
    database (duplicates) but writes nothing."""
    report = ImportReport()
    if len(data) > MAX_FILE_BYTES:
        report.errors.append(_("The file is larger than 2 MB."))
        return report
    try:
        text = decode(data)
    except ValueError:
        report.errors.append(_("The file is neither UTF-8 nor Windows-1250 text."))
        return report
    if not text.strip():
        report.errors.append(_("The file is empty."))
        return report
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except csv.Error:
        report.errors.append(_("The file is not a CSV file."))
        return report
    keys = [_column_key(column) for column in header]
    if "nazwa" not in keys:
        report.errors.append(
            _("The first row must name the columns, “nazwa” among them.")
        )
        return report
    report.unknown_columns = [
        column
        for column, key in zip(header, keys, strict=True)
        if key and key not in COLUMNS
    ]
    try:
        # The spreadsheet's row numbers: the header is row 1, blank rows count.
        for number, line in enumerate(reader, start=2):
            if not any(cell.strip() for cell in line):
                continue
            if len(report.rows) >= MAX_ROWS:
                report.errors.append(
                    _("The file has more than %(count)d rows.") % {"count": MAX_ROWS}
                )
                break
            raw = dict(zip(keys, line, strict=False))
            report.rows.append(_row(number, raw))
    except csv.Error as error:
        report.errors.append(
            _("The file is not a valid CSV file: %(error)s") % {"error": error}
        )
        return report
    if not report.rows and not report.errors:
        report.errors.append(_("The file has no organisations below its header."))
    _check_duplicates(report.rows, "krs", "KRS")
    _check_duplicates(report.rows, "nip", "NIP")
    return report


# The fixed words of participation.organisation_urls, never an organisation's slug.
RESERVED_SLUGS = {"statystyki", "zglos", "dodaj", "import"}


def slug_base(name: str) -> str:
    """The slug of a name. slugify drops "ł" (Unicode does not decompose it):
    "Orzeł" would become "orze"."""
    name = name.replace("ł", "l").replace("Ł", "L")
    return slugify(name)[:180].strip("-") or "organizacja"


def unique_slugs(names: list[str]) -> list[str]:
    """A slug per name, unique among them and against the database."""
    bases = [slug_base(name) for name in names]
    taken = (
        set(
            Organisation.objects.filter(
                slug__regex=r"^("
                + "|".join(re.escape(b) for b in set(bases))
                + r")(-[0-9]+)?$"
            ).values_list("slug", flat=True)
        )
        if bases
        else set()
    )
    taken |= RESERVED_SLUGS
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs
