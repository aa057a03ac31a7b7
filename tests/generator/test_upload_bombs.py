"""Uploads built to exhaust the server are refused early, and real documents still read.

Bombs are built here, not stored. Nothing is timed (benchmarks/upload_bombs.py prints figures):
spies show the work is bounded: bytes decompressed, PDF pages extracted, HTML scanned.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections import Counter

import docx
import pypdf
import pytest

from generator import markup
from generator.errors import InputError
from generator.intake import read_job_description

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{PACKAGE}/content-types"><Override '
    f'PartName="/word/document.xml" ContentType="{MAIN}"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
    'Target="word/document.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument"/></Relationships>',
}
TOO_LONG = "more than 50,000 characters; the limit is 50,000"


def docx_bytes(body: str | bytes, *, prolog: str = "", main: str = MAIN) -> bytes:
    """A minimal .docx (no styles part) whose body is `body`, deflated as Word does."""
    body = body.encode() if isinstance(body, str) else body
    document = f'{prolog}<w:document xmlns:w="{W_NS}"><w:body>'.encode() + body
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in PARTS.items():
            archive.writestr(name, xml.replace(MAIN, main))
        archive.writestr("word/document.xml", document + b"</w:body></w:document>")
    return buffer.getvalue()


def random_letters(count: int, alphabet: bytes = b"abcdefghijklmnopqrstuvwxyz") -> bytes:
    """Letters that deflate like text (about 5:1), so only the bound under test can refuse."""
    table = bytes(alphabet[i % len(alphabet)] for i in range(256))
    return random.Random(1).randbytes(count).translate(table)


def word_paragraphs(count: int) -> str:
    """`count` paragraphs of one six-letter word each: the drill's shape, with real text."""
    letters = random_letters(6 * count).decode()
    words = (letters[i : i + 6] for i in range(0, 6 * count, 6))
    return "".join(f"<w:p><w:r><w:t>{word}</w:t></w:r></w:p>" for word in words)


def empty_elements(count: int) -> bytes:
    """`count` elements like <q/> with random one-letter names: no text, little compression."""
    tags = bytearray(b"<q/>" * count)
    tags[1::4] = random_letters(count)
    return bytes(tags)


def huge_paragraph(size: int) -> bytes:
    """One paragraph of `size` characters of words."""
    return b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % random_letters(size, b"abcdef  ")


def small_docx(**options: str) -> bytes:
    """A valid 50-paragraph .docx, to damage or to relabel."""
    return docx_bytes(word_paragraphs(50), **options)


def with_encrypted_flag(data: bytes) -> bytes:
    """`data` as a zip whose first entry claims to be encrypted."""
    flagged = bytearray(data)
    flagged[flagged.find(b"PK\x01\x02") + 8] |= 0x1  # the central directory's flag bits
    return bytes(flagged)


def many_members(count: int) -> bytes:
    """A zip of `count` empty images and nothing else."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(count):
            archive.writestr(f"word/media/image{number}.png", b"")
    return buffer.getvalue()


def text_page(lines: list[str]) -> bytes:
    """A page content stream that shows each line in Helvetica."""
    return b"BT /F1 11 Tf 50 760 Td 14 TL %s ET" % b" ".join(b"(%s) '" % x.encode() for x in lines)


def pdf_bytes(pages: list[bytes], *, count: int | None = None, form: bytes = b"") -> bytes:
    """A PDF of the given page contents; `count` overrides /Count, `form` is XObject /Fm1."""
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count or len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Subtype /Form /BBox [0 0 9 9] /Resources << /Font << /F1 3 0 R >> >> /Length %d >>"
        b"\nstream\n%s\nendstream" % (len(form), form),
    ]
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources"
            b" << /Font << /F1 3 0 R >> /XObject << /Fm1 4 0 R >> >> >>" % (6 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref, size = out.tell(), len(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def python_docx_text(data: bytes) -> str:
    """What intake returned when it read every paragraph with python-docx: the oracle."""
    document, lines = docx.Document(io.BytesIO(data)), []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if text := paragraph.text.strip():
            heading = style.startswith("heading") or style == "title"
            lines.append(("- " if "list" in style else "## " if heading else "") + text)
    for row in (row for table in document.tables for row in table.rows):
        if cells := [c.text.strip() for c in row.cells if c.text.strip()]:
            lines.append(" ".join(dict.fromkeys(cells)))
    return "\n".join(lines)


@pytest.fixture
def member_reads(monkeypatch) -> Counter[str]:
    """Bytes decompressed from each zip member, by name."""
    reads: Counter[str] = Counter()
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = original(self, n)
        reads[self.name] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return reads


@pytest.fixture
def pages_read(monkeypatch) -> list[int]:
    """One entry per PDF page whose text was extracted."""
    calls: list[int] = []
    extract = pypdf.PageObject.extract_text
    monkeypatch.setattr(
        pypdf.PageObject, "extract_text", lambda *a, **k: calls.append(1) or extract(*a, **k)
    )
    return calls


def refused(data: bytes, filename: str) -> str:
    with pytest.raises(InputError) as caught:
        read_job_description(data, filename=filename)
    return str(caught.value)


LAUGHS = '<!DOCTYPE d [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
TINY, EMPTY = "<w:p><w:r><w:t>x</w:t></w:r></w:p>", "<w:p/>"
UNREADABLE = "could not be opened"
DOCX_BOMBS = {  # name: (build, refusal, most bytes of word/document.xml read; 0: never opened)
    "drill-275941-paragraphs": (lambda: docx_bytes(TINY * 275_941), "8 MB of text markup", 0),
    "ratio-bomb": (lambda: docx_bytes(EMPTY * 1_000_000), "compressed far more", 0),
    "paragraph-flood": (lambda: docx_bytes(word_paragraphs(200_000)), TOO_LONG, 2_000_000),
    "one-huge-paragraph": (lambda: docx_bytes(huge_paragraph(4_000_000)), TOO_LONG, 500_000),
    "element-flood": (lambda: docx_bytes(empty_elements(1_500_000)), "far more markup", 3_000_000),
}
UNUSABLE_DOCX = {  # name: (build, refusal)
    "truncated": (lambda: small_docx()[:-40], UNREADABLE),
    "zeroed": (lambda: small_docx()[:30] + bytes(9000), UNREADABLE),
    "bad-headers": (lambda: small_docx().replace(b"PK\x03\x04", b"PK\x03\x05"), UNREADABLE),
    "entity-expansion": (lambda: small_docx(prolog=LAUGHS), UNREADABLE),
    "word-encrypted": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "password"),
    "zip-encrypted": (lambda: with_encrypted_flag(small_docx()), "password-protected"),
    "many-members": (lambda: many_members(1_500), "more than 1,000 files"),
    "spreadsheet": (lambda: small_docx(main=SHEET), "not a .docx document"),
}


@pytest.mark.parametrize("name", DOCX_BOMBS)
def test_docx_bombs_are_refused_without_reading_the_whole_document(name, member_reads):
    build, refusal, most_read = DOCX_BOMBS[name]
    bomb = build()
    assert len(bomb) < 5_000_000
    assert refusal in refused(bomb, "jd.docx")
    if most_read:
        assert 0 < member_reads["word/document.xml"] < most_read
    else:
        assert "word/document.xml" not in member_reads


@pytest.mark.parametrize("name", UNUSABLE_DOCX)
def test_unusable_docx_files_are_refused_with_what_to_do(name):
    build, refusal = UNUSABLE_DOCX[name]
    message = refused(build(), "jd.docx")
    assert refusal in message
    assert "paste the text" in message


def test_word_documents_read_exactly_as_python_docx_read_them():
    document = docx.Document()
    document.add_heading("Ward Sister", level=1)
    document.add_paragraph("Lead the nursing team on a busy surgical ward.")
    document.add_paragraph("Plan rotas\tand cover", style="List Bullet").add_run().add_break()
    table = document.add_table(rows=3, cols=3)
    for row_number, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.text = f"cell {row_number}.{column}"
    table.cell(0, 0).merge(table.cell(1, 0))  # a vertical merge: row 1 repeats row 0's text
    table.cell(2, 1).merge(table.cell(2, 2))
    buffer = io.BytesIO()
    document.save(buffer)
    assert "\ncell 0.0\ncell 1.0 cell 1.1" in python_docx_text(buffer.getvalue())
    for data in (buffer.getvalue(), docx_bytes(word_paragraphs(20))):  # the second has no styles
        assert read_job_description(data, filename="jd.docx") == python_docx_text(data)


@pytest.mark.parametrize("declared", [None, 1], ids=["counted", "understated"])
def test_a_2000_page_pdf_is_refused_before_any_page_is_read(declared, pages_read):
    page = text_page(["Registered Nurse", "Plan and deliver care"])
    assert "more than 100 pages" in refused(pdf_bytes([page] * 2000, count=declared), "jd.pdf")
    assert not pages_read


def test_a_long_pdf_stops_reading_at_the_limit(pages_read):
    line = "Assess patients, plan care and keep accurate clinical records on every shift."
    bomb = pdf_bytes([text_page([line] * 13)] * 90)  # about 1,000 characters a page
    assert TOO_LONG in refused(bomb, "jd.pdf")
    assert len(pages_read) <= 52


def test_a_normal_multi_page_pdf_still_reads_every_page():
    data = pdf_bytes([text_page([f"Page {n}", "Duties: assess patients"]) for n in range(1, 4)])
    expected = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Page 3" in expected
    assert read_job_description(data, filename="jd.pdf") == expected.strip()


SCAN, DENSE = b"q 612 0 0 792 0 0 cm Q", b"BT /F1 11 Tf " + b"(x) Tj " * 150_000 + b"ET"


@pytest.mark.parametrize(
    ("page", "refusal"), [(SCAN, "no text layer"), (DENSE, "too complex")], ids=["scan", "dense"]
)
def test_a_scan_or_an_overly_complex_page_is_refused(page, refusal):
    assert refusal in refused(pdf_bytes([page] * 3), "jd.pdf")


def test_a_form_drawn_over_and_over_is_stopped_by_the_time_budget(monkeypatch):
    from generator import intake_pdf  # imported here so that the other tests run without it

    monkeypatch.setattr(intake_pdf, "PDF_MAX_SECONDS", 0.3)  # each drawing takes about 0.25 s
    bomb = pdf_bytes([b"/Fm1 Do " * 30], form=b"BT /F1 11 Tf " + b"(x) Tj " * 20_000 + b"ET")
    assert "too complex to read" in refused(bomb, "jd.pdf")


class ScanMeter:
    """Wraps a compiled pattern, adding up how many characters its searches covered."""

    def __init__(self, pattern, meter: list[int]) -> None:
        self.pattern, self.meter = pattern, meter

    def search(self, text, pos=0, endpos=None):
        endpos = len(text) if endpos is None else endpos
        found = self.pattern.search(text, pos, endpos)
        self.meter[0] += (found.end() if found else endpos) - pos
        return found


@pytest.mark.parametrize("unit", ["<a", "<!--", "<", "</a", '<a x="', "<div>", "&amp;"])
def test_10_mb_html_bombs_are_read_in_one_pass(unit, monkeypatch):
    bomb = "<p>" + unit * (10 * 1024 * 1024 // len(unit))
    meter = [0]
    monkeypatch.setattr(markup, "_MARKUP", ScanMeter(markup._MARKUP, meter))
    closes = {kind: ScanMeter(pattern, meter) for kind, pattern in markup._CLOSE.items()}
    monkeypatch.setattr(markup, "_CLOSE", closes)
    message = refused(bomb.encode(), "jd.html")
    assert TOO_LONG in message or "more than 200,000 tags" in message
    assert meter[0] <= 3 * len(bomb)


def test_a_huge_character_reference_is_text_not_a_crash():
    posting = "<p>" + "Assess and care for patients. " * 3 + "&#" + "1" * 5000 + ";</p>"
    assert read_job_description(posting).startswith("Assess and care")
    assert markup.strip_inline_markup("Pay &#" + "9" * 5000 + "; a year") == "Pay \ufffd a year"
