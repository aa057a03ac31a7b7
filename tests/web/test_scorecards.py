"""Recruiters generate scorecards in the background, read them, list them and export them."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pypdf

from tests.conftest import SAMPLE_DIR
from tests.web.conftest import csrf_from

NURSE = (SAMPLE_DIR / "registered_nurse.txt").read_text()


def generate_via_form(client, text=NURSE, **fields):
    token = csrf_from(client.get("/scorecards/new").get_data(as_text=True))
    return client.post(
        "/scorecards/new", data={"job_description": text, "csrf_token": token, **fields}
    )


def test_generate_from_pasted_text_lands_on_the_scorecard(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    response = generate_via_form(client, company="St. Aldric", values="Compassion, Safety")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    status = client.get(job_url + "/status").get_json()
    assert status["status"] == "succeeded" and status["progress"] == 100
    page = client.get(status["scorecard_url"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for heading in (
        "About this Guide",
        "Interview Agenda",
        "Competency Framework",
        "Lead Question",
        "Case Study / Role Play",
        "Candidate Q&amp;A",
        "Candidate Evaluation",
    ):
        assert heading in html
    assert (
        "Patient-Centred Care" in html
        and "built-in offline engine" in html
        and "r@example.com" in html
    )


def test_upload_a_docx(client, make_user, login):
    import docx

    document = docx.Document()
    document.add_paragraph("Barista")
    document.add_paragraph("Duties:")
    document.add_paragraph(
        "Prepare espresso drinks and keep the bar clean and safe", style="List Bullet"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    make_user("r@example.com")
    login("r@example.com")
    token = csrf_from(client.get("/scorecards/new").get_data(as_text=True))
    response = client.post(
        "/scorecards/new",
        data={
            "csrf_token": token,
            "job_description": "",
            "file": (io.BytesIO(buffer.getvalue()), "barista.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


def test_bad_input_shows_the_reason_and_keeps_what_was_typed(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    response = generate_via_form(client, text="Nurse", company="Kept Company")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "too short" in html and "Kept Company" in html and ">Nurse</textarea>" in html
    response = generate_via_form(client, text=NURSE, competencies="12")
    assert response.status_code == 422 and "competencies" in response.get_data(as_text=True).lower()


def test_oversized_upload_is_413(client, make_user, login, app):
    make_user("r@example.com")
    login("r@example.com")
    token = csrf_from(client.get("/scorecards/new").get_data(as_text=True))
    big = io.BytesIO(b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10))
    response = client.post(
        "/scorecards/new",
        data={"csrf_token": token, "file": (big, "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and "too large" in response.get_data(as_text=True)


def test_list_search_and_status_filter(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    generate_via_form(client)
    generate_via_form(client, text=(SAMPLE_DIR / "staff_accountant.md").read_text())
    html = client.get("/scorecards?q=accountant").get_data(as_text=True)
    table = html[html.index("<tbody") : html.index("</tbody>")]  # not the notice of new ones
    assert "Staff Accountant" in table and "Registered Nurse" not in table
    assert "No scorecards match" in client.get("/scorecards?status=approved").get_data(as_text=True)


def test_exports_are_named_after_the_role(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    status = client.get(generate_via_form(client).headers["Location"] + "/status").get_json()
    base = status["scorecard_url"]
    xlsx = client.get(base + "/export/xlsx")
    assert (
        xlsx.headers["Content-Disposition"]
        == 'attachment; filename="registered-nurse-medical-surgical-unit-scorecard.xlsx"'
    )
    assert openpyxl.load_workbook(io.BytesIO(xlsx.data)).sheetnames[0] == "Scoring"
    data = json.loads(client.get(base + "/export/json").data)
    assert data["schema_version"] == 1 and data["competencies"]
    assert client.get(base + "/export/markdown").data.startswith(b"# Interview Guide for ")
    pdf = client.get(base + "/export/pdf")
    assert pdf.mimetype == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Interview Guide for Registered Nurse" in text
    assert client.get(base + "/export/exe").status_code == 404


def test_recruiters_cannot_see_each_others_scorecards(client, make_user, login):
    make_user("a@example.com")
    make_user("b@example.com")
    make_user("i@example.com", "interviewer")
    login("a@example.com")
    job_url = generate_via_form(client).headers["Location"]
    url = client.get(job_url + "/status").get_json()["scorecard_url"]
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/scorecards").get_data(as_text=True))}
    )
    login("b@example.com")
    assert client.get(url).status_code == 404
    assert client.get(url + "/export/json").status_code == 404
    assert client.get(job_url).status_code == 404  # nor the job's progress page and JD
    assert client.get(job_url + "/status").status_code == 404
    assert "Registered Nurse" not in client.get("/scorecards").get_data(as_text=True)
    client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/scorecards").get_data(as_text=True))}
    )
    login("i@example.com")
    assert client.get(url).status_code == 404  # interviewers see approved scorecards only
    assert client.get("/scorecards/new").status_code == 403


def test_model_text_is_escaped(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    hostile = (
        NURSE
        + "\n- Administer <script>alert('x')</script> medications <img src=x onerror=alert(1)> safely\n"
    )
    status = client.get(
        generate_via_form(client, text=hostile).headers["Location"] + "/status"
    ).get_json()
    html = client.get(status["scorecard_url"]).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html


def test_new_form_starts_empty(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    html = client.get("/scorecards/new").get_data(as_text=True)
    assert "built-in method" not in html
    assert 'name="values" value=""' in html and 'name="company" value=""' in html


def test_scorecard_page_has_contents_print_button_and_skip_link(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    status = client.get(generate_via_form(client).headers["Location"] + "/status").get_json()
    html = client.get(status["scorecard_url"]).get_data(as_text=True)
    # Every link in the contents lands on a heading (or section) of the page.
    targets = set(re.findall(r'<a href="#([\w-]+)">', html))
    assert {"about", "role", "agenda", "competencies", "competency-1", "questions"} <= targets
    assert {"case-study", "candidate-qa", "evaluation", "version", "comments-title"} <= targets
    for target in targets:
        assert f'id="{target}"' in html, target
    assert (
        'class="toc toc-side no-print"' in html and '<details class="toc toc-top no-print">' in html
    )
    assert "data-print hidden>Print</button>" in html
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    assert '<main id="main"' in html
    # Headings keep their order: one h1, and no level is skipped on the way down.
    levels = [
        int(n) for n in re.findall(r"<h([1-6])[ >]", html.split('<article class="card guide">')[1])
    ]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_aligned_value_column_only_when_a_competency_has_a_value(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    plain = client.get(generate_via_form(client).headers["Location"] + "/status").get_json()
    assert "Aligned value" not in client.get(plain["scorecard_url"]).get_data(as_text=True)
    valued = client.get(
        generate_via_form(
            client, text=NURSE + "\n- Chart care", values="Compassion, Safety"
        ).headers["Location"]
        + "/status"
    ).get_json()
    html = client.get(valued["scorecard_url"]).get_data(as_text=True)
    assert "<th>Aligned value</th>" in html


def test_one_engine_is_stated_not_offered(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    html = client.get("/scorecards/new").get_data(as_text=True)
    assert '<select name="model">' not in html
    assert '<input type="hidden" name="model" value="offline">' in html
    assert "written by the built-in offline engine" in html


def test_option_messages_are_sentences(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    long_value = generate_via_form(client, values="x" * 61).get_data(as_text=True)
    assert "Company value &#39;xxxx" in long_value and "longer than 60 characters." in long_value
    too_many = generate_via_form(client, competencies="5", questions="40").get_data(as_text=True)
    assert "Ask for at most 20 questions" in too_many
    nul = generate_via_form(client, text=NURSE + "\x00").get_data(as_text=True)
    assert "Remove the NUL character" in nul and "The field is job_description." in nul


def test_list_has_all_statuses_and_a_filter_row(client, make_user, login):
    make_user("r@example.com")
    login("r@example.com")
    html = client.get("/scorecards?status=in_review").get_data(as_text=True)
    assert '<form method="get" class="filters" role="search">' in html
    assert '<option value="in_review" selected>In review</option>' in html
    assert '<option value="archived" >Archived</option>' in html
