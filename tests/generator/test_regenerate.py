"""Regenerating one part keeps every other part as it was."""

from __future__ import annotations

import httpx
import pytest
import respx

from generator.errors import InputError
from generator.regenerate import regenerate_part
from generator.settings import LLMSettings
from tests.generator.llm.wire import OPENAI_URL, StageReplies, openai_body, request_texts, streamed

OFFLINE = LLMSettings(model="offline")


def _same_except(a, b, part: str) -> None:
    da, db = a.model_dump(exclude={"provenance"}), b.model_dump(exclude={"provenance"})
    da.pop(part), db.pop(part)
    assert da == db


def test_offline_competency_gets_next_best_content(generated):
    card = generated["registered_nurse.txt"]
    target = card.competencies[0]
    fresh = regenerate_part(card, f"competency:{target.id}", settings=OFFLINE)
    new = fresh.competency(target.id)
    assert new.lead_question != target.lead_question
    assert (new.weight, new.must_have, new.evidence, new.name) == (
        target.weight,
        target.must_have,
        target.evidence,
        target.name,
    )
    assert fresh.competencies[1:] == card.competencies[1:]
    _same_except(card, fresh, "competencies")
    assert fresh.provenance.repairs[-1] == f"regenerated competency:{target.id}"


def test_offline_question_bank_and_case_study(generated):
    card = generated["senior_data_engineer.md"]
    bank = regenerate_part(card, "questions", settings=OFFLINE)
    assert [q.text for q in bank.questions] != [q.text for q in card.questions]
    assert len(bank.questions) == len(card.questions)
    _same_except(card, bank, "questions")
    case = regenerate_part(card, "case_study", settings=OFFLINE)
    assert case.case_study.title != card.case_study.title
    _same_except(card, case, "case_study")


@pytest.mark.parametrize("part", ["competency:nope", "agenda", ""])
def test_unknown_part_is_refused(generated, part):
    with pytest.raises(InputError, match="questions"):
        regenerate_part(generated["registered_nurse.txt"], part, settings=OFFLINE)


def test_model_regenerates_one_competency_with_the_instruction(generated, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("DISABLE_AIOHTTP_TRANSPORT", "True")
    card = generated["customer_success_manager.md"]
    target = card.competencies[2]
    answer = StageReplies(card).answers[f"detail:{target.name}"]
    answer["lead_question"] = {
        "text": "Walk me through the hardest Gainsight health-score model you built.",
        "look_for": "Depth.",
    }
    import json

    with respx.mock() as mock:
        route = mock.post(OPENAI_URL).mock(
            side_effect=lambda request: streamed(  # the model's answer arrives as an SSE stream
                request, httpx.Response(200, json=openai_body(json.dumps(answer)))
            )
        )
        fresh = regenerate_part(
            card,
            f"competency:{target.id}",
            instruction="more technical",
            settings=LLMSettings(model="openai/gpt-4o-mini"),
        )
    assert route.call_count == 1
    _, user = request_texts(route.calls[0].request)
    assert '"more technical"' in user and target.name in user
    assert fresh.competency(target.id).lead_question.text.startswith(
        "Walk me through the hardest Gainsight"
    )
    assert [c for c in fresh.competencies if c.id != target.id] == [
        c for c in card.competencies if c.id != target.id
    ]
    assert fresh.provenance.repairs[-1] == f"regenerated competency:{target.id} (more technical)"
