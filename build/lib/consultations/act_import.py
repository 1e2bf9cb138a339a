"""The text of a draft act from a word-processor file (DOCX or ODT), as lines
for the act parser: one line per paragraph, heading or table row, in document
order. Automatic list numbering is not text in either format, so an act whose
"§ 1." comes from Word's numbering imports without it (the parser then says
it found no §); editors paste such acts as text instead.

Both formats are ZIP packages: the package is checked (size unpacked, expected
parts) before a library reads it, so a small upload cannot unpack into
gigabytes."""

from __future__ import annotations

import zipfile
from typing import IO

import docx
from django.utils.translation import gettext as _
from docx.table import Table
from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load

__all__ = ["ACCEPTED_SUFFIXES", "MAX_UNPACKED_SIZE", "ActImportError", "act_text"]

ACCEPTED_SUFFIXES = (".docx", ".odt")
# Acts are text: even a long one with its attachments unpacks to a few MB.
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class ActImportError(ValueError):
    """The file cannot be read; ``str(error)`` is shown to the editor."""


def act_text(file: IO[bytes], name: str) -> str:
    """The text of the DOCX or ODT ``file`` (its name decides the format)."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if f".{suffix}" not in ACCEPTED_SUFFIXES:
        raise ActImportError(_("Choose a DOCX or ODT file."))
    broken = ActImportError(_("The file could not be read as a DOCX or ODT document."))
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
            mimetype = package.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise broken from error
    if unpacked > MAX_UNPACKED_SIZE:
        raise broken
    if suffix == "docx" and "word/document.xml" not in names:
        raise broken
    if suffix == "odt" and (
        mimetype.strip() != _ODT_MIMETYPE or "content.xml" not in names
    ):
        raise broken
    file.seek(0)
    try:
        lines = _docx_lines(file) if suffix == "docx" else _odt_lines(file)
    except Exception as error:
        # The libraries raise what their XML and ZIP readers raise on a damaged
        # file (lxml, expat, KeyError, ValueError ...): all mean "broken".
        raise broken from error
    text = "\n".join(lines)
    if not text.strip():
        raise ActImportError(_("The document contains no text."))
    return text


def _docx_lines(file: IO[bytes]) -> list[str]:
    document = docx.Document(file)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text for cell in row.cells]
                # A merged cell is repeated once per grid column it spans.
                unique = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
                lines.append("\t".join(unique))
        else:
            lines.append(block.text)
    return lines


def _odt_lines(file: IO[bytes]) -> list[str]:
    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}
    lines: list[str] = []

    def walk(node) -> None:
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in blocks:
                lines.append(teletype.extractText(child))
            else:
                walk(child)

    walk(load(file).text)
    return lines
