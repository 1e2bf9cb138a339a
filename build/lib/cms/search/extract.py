"""The text of an uploaded document, for the index: PDF (pypdf), DOCX and ODT
(the act importer's checked readers), plain text. Anything else, or a file that
cannot be read, gives "": the document is still found by its title and
description."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

# A document's text is searched up to services.TEXT_MAX_LENGTH; reading stops
# about there, and after this many PDF pages (a scanned atlas has no text).
MAX_PDF_PAGES = 300
MAX_TEXT_BYTES = 2 * 1024 * 1024
TEXT_ENOUGH = 200_000


def _pdf(file) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file)
    parts, length = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length > TEXT_ENOUGH:
            break
    return "\n".join(parts)


def _word_processor(file, name: str) -> str:
    from consultations.act_import import act_text

    return act_text(file, name)


def _plain(file) -> str:
    data = file.read(MAX_TEXT_BYTES)
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


READERS = {
    "pdf": _pdf,
    "txt": _plain,
    "csv": _plain,
}


def document_text(document) -> str:
    """The text of a Wagtail document's file, or "" (never raises: a broken
    upload must not stop indexing)."""
    name = document.file.name or ""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    try:
        with document.open_file() as file:
            if suffix in ("docx", "odt"):
                return _word_processor(file, name)
            reader = READERS.get(suffix)
            return reader(file) if reader is not None else ""
    except Exception:  # noqa: BLE001 - damaged or missing files of any kind
        logger.warning("No text extracted from document %s (%s)", document.pk, name)
        return ""
