"""The PDF helper writes Polish text that comes back out of the file intact."""

import io

from pypdf import PdfReader

from cms.pdf import PdfDocument

POLISH = "Zażółć gęślą jaźń: ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"


def _text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_polish_letters_survive_in_headings_paragraphs_and_tables():
    pdf = PdfDocument(title="Próba", footer="Gmina Przykładowo")
    pdf.heading("Źdźbło trawy")
    pdf.paragraph(POLISH)
    pdf.qr_code("https://example.org/kod", caption="Łąka")
    pdf.table(["Cecha", "Wartość"], [["płeć", "kobieta"], ["wiek", "65+"]])
    body = pdf.output()
    assert body.startswith(b"%PDF")
    text = _text(body)
    for expected in ("Źdźbło trawy", POLISH, "Łąka", "kobieta", "Gmina Przykładowo"):
        assert expected in text


def test_long_text_flows_onto_numbered_pages():
    pdf = PdfDocument(title="Długi")
    for n in range(80):
        pdf.paragraph(f"Akapit {n}: {POLISH}")
    reader = PdfReader(io.BytesIO(pdf.output()))
    assert len(reader.pages) > 2
    assert f"2/{len(reader.pages)}" in reader.pages[1].extract_text()
    assert reader.metadata.title == "Długi"
