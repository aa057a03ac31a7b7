"""Reading job descriptions: every supported format, and clear refusals for the rest."""

from __future__ import annotations

import io
import zlib

import docx
import pytest

from generator.errors import InputError
from generator.intake import MAX_JD_CHARS, read_job_description
from generator.markup import strip_inline_markup
from generator.posting import parse_posting


def test_empty_input_refused():
    with pytest.raises(InputError, match="empty"):
        read_job_description("   \n ")


def test_binary_input_refused():
    with pytest.raises(InputError, match="binary|text"):
        read_job_description(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, filename="photo.txt")


def test_unsupported_type_refused():
    with pytest.raises(InputError, match=r"\.exe"):
        read_job_description(b"MZ\x90\x00", filename="setup.exe")


def test_over_limit_refused_with_the_numbers():
    with pytest.raises(InputError, match="50,000"):
        read_job_description("Nurse duties. " * 5000)


def test_limit_is_configurable():
    with pytest.raises(InputError, match="1,000"):
        read_job_description("Plan and run warehouse shifts safely. " * 40, max_chars=1000)
    assert MAX_JD_CHARS == 50_000


def test_markdown_links_bold_and_entities_are_cleaned():
    assert (
        strip_inline_markup("Use **[Salesforce](https://x.io)** &amp; <b>Gainsight</b>")
        == "Use Salesforce & Gainsight"
    )


def test_html_posting_becomes_lines():
    html = "<h2>Barista</h2><p>Join <strong>Bean &amp; Co</strong>.</p><h3>Duties</h3><ul><li>Prepare espresso drinks</li><li>Keep the bar clean</li></ul>"
    posting = parse_posting(read_job_description(html))
    assert posting.title == "Barista"
    assert posting.responsibilities == ["Prepare espresso drinks", "Keep the bar clean"]


def test_docx_posting(tmp_path):
    document = docx.Document()
    document.add_heading("Line Cook", level=1)
    document.add_paragraph("Responsibilities")
    document.add_paragraph(
        "Prepare and plate dishes to recipe on the grill station", style="List Bullet"
    )
    document.add_paragraph("Requirements")
    document.add_paragraph("Food handler certificate required", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    posting = parse_posting(read_job_description(buffer.getvalue(), filename="cook.docx"))
    assert posting.title == "Line Cook"
    assert posting.responsibilities == ["Prepare and plate dishes to recipe on the grill station"]
    assert posting.requirements == ["Food handler certificate required"]


def _pdf_with_text(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a real text layer."""
    content = "BT /F1 11 Tf 50 760 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    stream = zlib.compress(content.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_pdf_posting():
    data = _pdf_with_text(
        [
            "Forklift Operator",
            "Duties:",
            "- Load and unload trailers with a counterbalance forklift",
            "Requirements:",
            "- Forklift licence required",
        ]
    )
    posting = parse_posting(read_job_description(data, filename="jd.pdf"))
    assert posting.title == "Forklift Operator"
    assert any("counterbalance forklift" in r for r in posting.responsibilities)
    assert any("licence" in r for r in posting.requirements)


def test_damaged_pdf_refused():
    with pytest.raises(InputError, match="PDF"):
        read_job_description(b"%PDF-1.4 this is not really a pdf", filename="jd.pdf")


def test_odd_headings_and_bullets():
    text = """Store Supervisor
You will spend your time:
• Opening and closing the store and cashing up
· Coaching a team of six sales assistants
1) Ordering stock weekly
What we're looking for
* 2+ years in retail, including supervising others
   - nested: comfortable with rotas
Perks
- Staff discount
We are an equal opportunity employer."""
    posting = parse_posting(text)
    assert posting.title == "Store Supervisor"
    assert posting.responsibilities == [
        "Opening and closing the store and cashing up",
        "Coaching a team of six sales assistants",
        "Ordering stock weekly",
    ]
    assert "2+ years in retail, including supervising others" in posting.requirements
    assert not any("discount" in r or "equal opportunity" in r for r in posting.requirements)


def test_page_breaks_end_lines_and_other_control_characters_are_dropped():
    from generator.intake import check_text

    text = check_text(
        "Staff Nurse\x0cResponsibilities\x0b- Give medications\x1b[0m safely to patients\n"
        "- Chart every shift\x07 in the record\n"
        + "- Work with the charge nurse and the care team on every admission\n"
        * 5
    )
    assert "Staff Nurse\nResponsibilities\n- Give medications[0m safely" in text
    assert not any(ch in text for ch in "\x0c\x0b\x1b\x07")
