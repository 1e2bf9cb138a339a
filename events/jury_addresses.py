"""Reading the address list an organiser uploads (CSV from the gmina's address
points or a spreadsheet), with errors a person can act on.

The first row names the columns; ``adres`` is required (``ulica`` or
``address`` also do), ``kod_pocztowy`` and ``miejscowosc`` are optional.
Commas or semicolons separate the columns (Polish Excel writes semicolons);
UTF-8 (with or without a BOM) and Windows-1250 are read.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models.jury import ADDRESS_MAX_LENGTH, NAME_MAX_LENGTH

# Header names as written, folded (lower case, no diacritics, no spaces).
COLUMNS = {
    "street": ("adres", "ulica", "address", "adrespocztowy"),
    "postal_code": ("kodpocztowy", "kod", "postalcode", "postcode"),
    "town": ("miejscowosc", "miasto", "town", "city"),
}
MAX_ERRORS = 10


@dataclass(frozen=True)
class AddressRow:
    street: str
    postal_code: str
    town: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower()).replace("ł", "l")
    return "".join(ch for ch in text if ch.isalnum())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The file is not text in UTF-8 or Windows-1250. Save it as CSV (UTF-8).")
    )


def parse_address_list(data: bytes) -> list[AddressRow]:
    """The rows of the uploaded CSV, in order; ValidationError (Polish
    messages naming the rows) if the file cannot be used."""
    if len(data) > settings.JURY_ADDRESS_LIST_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB.")
            % {"mb": settings.JURY_ADDRESS_LIST_MAX_BYTES // (1024 * 1024)}
        )
    text = _decode(data)
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_fold(name) for name in next(reader)]
    where = {}
    for field, names in COLUMNS.items():
        for index, name in enumerate(header):
            if name in names:
                where[field] = index
                break
    if "street" not in where:
        raise ValidationError(
            _(
                "The first row must name the columns, one of them "
                "“adres” (optional: “kod_pocztowy”, “miejscowosc”)."
            )
        )
    rows, errors = [], []
    limit = settings.JURY_ADDRESS_LIST_MAX_ROWS
    for line_no, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of spreadsheets' exports

        def cell(field, cells=cells):
            index = where.get(field)
            return (
                cells[index].strip() if index is not None and index < len(cells) else ""
            )

        street, postal_code, town = cell("street"), cell("postal_code"), cell("town")
        if not street:
            errors.append(_("Row %(row)d: the address is empty.") % {"row": line_no})
        elif len(street) > ADDRESS_MAX_LENGTH:
            errors.append(
                _("Row %(row)d: the address is longer than %(limit)d characters.")
                % {"row": line_no, "limit": ADDRESS_MAX_LENGTH}
            )
        elif len(postal_code) > 10 or len(town) > NAME_MAX_LENGTH:
            errors.append(
                _("Row %(row)d: the postal code or town is too long.")
                % {"row": line_no}
            )
        else:
            rows.append(AddressRow(street, postal_code, town))
        if len(errors) >= MAX_ERRORS:
            errors.append(_("…and perhaps more: correct these first."))
            break
        if len(rows) > limit:
            raise ValidationError(
                _("The list has more than %(limit)d addresses.") % {"limit": limit}
            )
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file has no addresses below its first row."))
    return rows
