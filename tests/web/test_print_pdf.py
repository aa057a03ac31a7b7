"""The printed guide is usable at the table: compact, room for notes, the evaluation table whole."""

from __future__ import annotations

import io

import pypdf
import pytest

from generator.offline.pipeline import generate_scorecard
from tests.conftest import SAMPLE_DIR
from web.exports import export


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from web import create_app

    folder = tmp_path_factory.mktemp("print")
    app = create_app(
        {"instance_path": folder, "database_url": f"sqlite:///{folder / 'db.sqlite3'}"}
    )
    card = generate_scorecard((SAMPLE_DIR / "senior_data_engineer.md").read_text())
    with app.test_request_context():
        body, _mimetype, _name = export(card, "pdf")
    app.extensions["scorecard"]["engine"].dispose()
    return card, [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages]


def test_each_lead_question_and_scenario_leaves_room_for_notes(pages):
    card, texts = pages
    assert sum(text.count("Notes") for text in texts) == 2 * len(card.competencies)


def test_the_evaluation_table_is_never_split(pages):
    card, texts = pages
    page = next(text for text in texts if "Candidate Evaluation" in text)
    table = page[page.index("Candidate Evaluation") :]
    for competency in card.competencies:
        assert competency.name.split()[0] in table
    assert "Weighted total" in table


def test_no_page_is_left_mostly_empty_before_the_end(pages):
    _card, texts = pages
    fullest = max(len(text) for text in texts)
    assert all(len(text) > fullest / 3 for text in texts[:-1]), [len(t) for t in texts]
