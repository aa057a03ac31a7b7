"""Pasted job descriptions are read exactly as uploaded ones: HTML converted, long text refused."""

from __future__ import annotations

import io
import re
from html import unescape

from sqlmodel import Session, select

from generator.intake_limits import too_long
from generator.posting import parse_posting
from tests.web.conftest import csrf_from
from web.models import JobDescription

SAVED_PAGE = """<!doctype html>
<html><head><title>Careers | Harbour Logistics</title>
<script>var analytics = {track: "Warehouse Team Lead page"}; window.dataLayer = [];</script>
<style>.hero { color: red }</style></head>
<body>
<h1>Warehouse Team Lead</h1>
<section><h2>About the role</h2>
<p>Lead a team of twelve associates on the night shift at our Leeds depot.</p></section>
<section><h2>Responsibilities</h2>
<ul><li>Plan the shift rota and brief the team at the start of each shift</li>
<li>Keep picking accuracy above 99.5% and investigate every mis-pick</li>
<li>Run daily safety walks and close out hazards the same week</li></ul></section>
<section><h2>Requirements</h2>
<ul><li>Two years leading a warehouse team</li><li>Counterbalance forklift licence</li></ul>
</section>
<script>document.write("Apply now and win a prize");</script>
</body></html>
"""


def _stored_texts(engine) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(select(JobDescription).order_by(JobDescription.id)).all()
        return [row.text for row in rows]


def _form(client) -> str:
    return csrf_from(client.get("/scorecards/new").get_data(as_text=True))


def test_pasted_html_is_read_like_the_same_file_uploaded(client, make_user, login, engine):
    make_user("r@example.com")
    login("r@example.com")
    pasted = client.post(
        "/scorecards/new",
        data={"job_description": SAVED_PAGE.replace("\n", "\r\n"), "csrf_token": _form(client)},
    )
    uploaded = client.post(
        "/scorecards/new",
        data={
            "job_description": "",
            "file": (io.BytesIO(SAVED_PAGE.encode()), "team-lead.html"),
            "csrf_token": _form(client),
        },
        content_type="multipart/form-data",
    )
    assert pasted.status_code == uploaded.status_code == 302
    from_paste, from_upload = _stored_texts(engine)
    assert from_paste == from_upload
    assert "analytics" not in from_paste and "Apply now" not in from_paste
    assert "<li>" not in from_paste and from_paste.count("Warehouse Team Lead") == 1
    posting, expected = parse_posting(from_paste), parse_posting(from_upload)
    assert posting.title == expected.title == "Warehouse Team Lead"
    assert posting.responsibilities == expected.responsibilities
    assert any("shift rota" in duty for duty in posting.responsibilities)
    assert not any("analytics" in duty or "<" in duty for duty in posting.responsibilities)


def test_pasted_html_through_the_api_is_converted_too(client, api_token, engine):
    token = api_token("r@example.com")
    answer = client.post(
        "/api/scorecards",
        json={"job_description": SAVED_PAGE},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 202
    (text,) = _stored_texts(engine)
    assert "analytics" not in text and "Responsibilities" in text


def test_over_long_paste_is_refused_and_kept_never_cut(client, make_user, login, engine, app):
    make_user("r@example.com")
    login("r@example.com")
    limit = app.extensions["scorecard"]["settings"].max_jd_chars
    text = "Plan and run warehouse shifts safely. " * (limit // 38 + 2) + "THE LAST DUTY IS HERE."
    assert len(text) > limit
    form = client.get("/scorecards/new").get_data(as_text=True)
    assert "maxlength" not in re.search(r"<textarea[^>]*>", form).group(0)
    answer = client.post(
        "/scorecards/new", data={"job_description": text, "csrf_token": _form(client)}
    )
    html = unescape(answer.get_data(as_text=True))
    assert answer.status_code == 422
    assert str(too_long(len(text), limit)) in html
    assert "THE LAST DUTY IS HERE." in html  # the whole text is back in the form
    assert f"{len(text):,} / {limit:,} characters" in html
    assert _stored_texts(engine) == []
