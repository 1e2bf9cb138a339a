"""PDF documents for every app: a jury's invitation letters, reports.

Built on fpdf2 (pure Python, from PyPI alone) with DejaVu Sans shipped in
``cms/fonts`` (Bitstream Vera licence), so Polish letters (ąćęłńóśźż) render
whatever fonts the server has; PDF's built-in fonts know only Latin-1.

A document is a short list of calls, in reading order::

    pdf = PdfDocument(title="Zaproszenie")
    pdf.heading("Panel obywatelski")
    pdf.paragraph("Szanowni Państwo, …")
    pdf.qr_code("https://…/panel/zglos/?kod=ABCD", size_mm=35)
    pdf.table(["Cecha", "Udział"], [["kobieta", "52 %"]])
    body: bytes = pdf.output()

Text is plain (no markup); long text wraps and flows onto new pages; every
page carries its number in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
_HEADING_SIZES = {1: 18, 2: 14, 3: 12}
BODY_SIZE = 11
LINE_MM = 6


class _Pages(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        label = f"{self.footer_text}  ·  {self.page_no()}/{{nb}}".strip(" ·")
        self.cell(0, 5, label, align="C")
        self.set_text_color(0, 0, 0)


class PdfDocument:
    """An A4 document in DejaVu Sans. ``title`` and ``author`` go into the
    file's metadata; ``footer`` (e.g. the site's name) into every page's
    footer beside its number."""

    def __init__(self, *, title: str, author: str = "", footer: str = "") -> None:
        pdf = _Pages(format="A4")
        pdf.footer_text = footer
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_title(title)
        if author:
            pdf.set_author(author)
        pdf.set_creator("Wspólnie")
        pdf.alias_nb_pages()
        self._pdf = pdf
        self._started = False
        # Line breaks of text already laid out, by (text, style, size, width):
        # a print run repeats the same paragraphs on every page, and fpdf2
        # measures each character anew (most of a letter's time).
        self._lines: dict[tuple, list[str]] = {}

    def _ensure_page(self) -> None:
        if not self._started:
            self.new_page()

    def new_page(self) -> None:
        """Starts a new page (the first call starts the first page)."""
        self._pdf.add_page()
        self._pdf.set_font(FONT, size=BODY_SIZE)
        self._started = True

    def heading(self, text: str, *, level: int = 1) -> None:
        self._ensure_page()
        pdf = self._pdf
        size = _HEADING_SIZES.get(level, BODY_SIZE)
        pdf.set_font(FONT, "B", size)
        for line in self._wrapped(text, "B", size):
            pdf.cell(0, LINE_MM + 2, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.set_font(FONT, size=BODY_SIZE)

    def _wrapped(self, text: str, style: str, size: int) -> list[str]:
        key = (text, style, size, self._pdf.epw)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._pdf.multi_cell(
                0, LINE_MM, text, dry_run=True, output=MethodReturnValue.LINES
            )
            self._lines[key] = lines
        return lines

    def paragraph(self, text: str, *, bold: bool = False, size: int = BODY_SIZE):
        """Plain text; blank lines in ``text`` separate paragraphs."""
        self._ensure_page()
        pdf = self._pdf
        style = "B" if bold else ""
        pdf.set_font(FONT, style, size)
        for part in str(text).split("\n\n"):
            for line in self._wrapped(part.strip(), style, size):
                pdf.cell(0, LINE_MM, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        pdf.set_font(FONT, size=BODY_SIZE)

    def spacer(self, mm: float = 4) -> None:
        self._ensure_page()
        self._pdf.ln(mm)

    def qr_code(self, data: str, *, size_mm: float = 35, caption: str = "") -> None:
        """A QR code of ``data`` (a URL), ``size_mm`` wide, with an optional
        caption beside it."""
        self._ensure_page()
        pdf = self._pdf
        buffer = io.BytesIO()
        # A fixed mask: any of the eight is a valid code, and choosing the
        # best one is most of segno's time (a print run has thousands).
        segno.make(data, error="m", mask=0).save(buffer, kind="png", scale=8, border=2)
        buffer.seek(0)
        if pdf.will_page_break(size_mm):
            pdf.add_page()
        x, y = pdf.get_x(), pdf.get_y()
        pdf.image(buffer, x=x, y=y, w=size_mm, h=size_mm)
        if caption:
            pdf.set_xy(x + size_mm + 5, y + 2)
            pdf.multi_cell(pdf.epw - size_mm - 5, LINE_MM, caption, new_x=XPos.LMARGIN)
        pdf.set_xy(pdf.l_margin, y + size_mm + 3)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """A table with a bold header row, repeated on each page it spans."""
        self._ensure_page()
        pdf = self._pdf
        pdf.set_font(FONT, size=BODY_SIZE - 1)
        with pdf.table(
            headings_style=FontFace(family=FONT, emphasis="BOLD"),
            line_height=LINE_MM,
            repeat_headings=1,
        ) as table:
            head = table.row()
            for cell in header:
                head.cell(str(cell))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell("" if value is None else str(value))
        pdf.ln(3)
        pdf.set_font(FONT, size=BODY_SIZE)

    def output(self) -> bytes:
        self._ensure_page()
        return bytes(self._pdf.output())


def pdf_response_headers(filename: str) -> dict[str, str]:
    """Headers of a downloaded PDF (``HttpResponse(body, headers=...)``)."""
    return {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }
