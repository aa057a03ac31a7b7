"""Review steps shared by the pages and the API: approve, restore, regenerate, fairness state.

Each function checks the rule, changes the store and audits; callers commit and answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from generator.fairness import Finding, check_scorecard
from generator.schema import Scorecard
from web.context import extension
from web.generation import FieldError, available_models
from web.models import FairnessOverride, JobStatus, Regeneration, ScorecardRecord, User
from web.store import regenerations as regen_store
from web.store import review as review_store
from web.store import versions as version_store
from web.store.scorecards import audit

PART_KINDS = ("questions", "case_study")


@dataclass(frozen=True)
class FindingState:
    """A fair-interview finding and, if a reviewer kept the text on purpose, their override."""

    finding: Finding
    override: FairnessOverride | None

    @property
    def open(self) -> bool:
        return self.override is None


class OpenFindings(Exception):
    """Approval is blocked until every fair-interview finding is fixed or overridden."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(
            f"{len(findings)} fair-interview finding(s) must be fixed or overridden with a reason "
            "before this version can be approved."
        )


def fairness_state(session: Session, record: ScorecardRecord) -> list[FindingState]:
    """Every finding on this version, with its override if there is one."""
    kept = review_store.overrides(session, lineage_id=record.lineage_id)
    return [FindingState(f, kept.get(f.key)) for f in check_scorecard(record.data)]


def finding_json(state: FindingState) -> dict[str, Any]:
    f = state.finding
    return {
        "key": f.key,
        "location": f.location,
        "part": f.part,
        "topic": f.topic,
        "label": f.label,
        "excerpt": f.excerpt,
        "reason": f.reason,
        "suggestion": f.suggestion,
        "overridden": state.override is not None,
        "override_reason": state.override.reason if state.override else None,
    }


def approve_version(session: Session, *, record: ScorecardRecord, user: User) -> None:
    """Approve unless fair-interview findings are open.

    Raises:
        OpenFindings: some finding is neither fixed nor overridden.
        ReviewStateError: the version is not a draft or in review, or not the latest.
    """
    blocking = [s.finding for s in fairness_state(session, record) if s.open]
    if blocking:
        raise OpenFindings(blocking)
    review_store.approve(session, record=record, user=user)


def override_finding(
    session: Session, *, record: ScorecardRecord, user: User, key: str, reason: str
) -> None:
    """Keep a flagged text with a reason (at least a few words), audited."""
    if len(reason.strip()) < 10:
        raise FieldError("reason", "Give a reason of at least 10 characters for keeping this text.")
    match = next((s for s in fairness_state(session, record) if s.finding.key == key), None)
    if match is None:
        raise FieldError("key", "That finding is no longer on this version; reload the page.")
    what = f"{match.finding.label} at {match.finding.location}: “{match.finding.excerpt}”"
    review_store.add_override(
        session, record=record, user=user, finding_key=key, reason=reason, what=what
    )


def restore_version(
    session: Session, *, head: ScorecardRecord, old: ScorecardRecord, user: User
) -> ScorecardRecord:
    """Save an old version's content as the newest version (history is never rewritten)."""
    return version_store.save_version(
        session,
        base=head,
        scorecard=Scorecard.model_validate(old.data),
        author=user,
        action="scorecard.restored",
        note=f"Restored version {old.version}",
    )


def check_part(record: ScorecardRecord, part: str) -> str:
    """The part to regenerate, checked against this version.

    Raises:
        FieldError: the part is not one of questions, case_study or competency:<id>.
    """
    part = (part or "").strip()
    kind, _, competency_id = part.partition(":")
    ids = {c["id"] for c in record.data.get("competencies", [])}
    if part in PART_KINDS or (kind == "competency" and competency_id in ids):
        return part
    raise FieldError(
        "part", "Choose the question bank, the case study or one of this scorecard's competencies."
    )


def start_regeneration(
    session: Session,
    *,
    record: ScorecardRecord,
    user: User,
    part: str,
    instruction: str,
    model: str | None = None,
) -> Regeneration:
    """Queue a rewrite of one part; the worker stores a proposal. Commits, then enqueues."""
    part = check_part(record, part)
    if len(instruction) > 500:
        raise FieldError("instruction", "Keep the instruction under 500 characters.")
    models = available_models()
    model = model or (record.model if record.model in models else models[-1])
    if model not in models:
        raise FieldError("model", f"Model '{model}' is not configured on this server.")
    job = regen_store.create_regeneration(
        session, record=record, user=user, part=part, instruction=instruction, model=model
    )
    audit(
        session,
        user=user,
        action="scorecard.regenerate_requested",
        object_type="scorecard",
        object_id=record.id,
        detail=f"{part}" + (f": {instruction}" if instruction else ""),
        lineage_id=record.lineage_id,
    )
    session.commit()
    extension()["queue"].regenerate_task(job.id)
    return job


class ProposalError(Exception):
    """The proposal cannot be accepted (not ready, already decided); the message says why."""


def accept_regeneration(session: Session, *, job: Regeneration, user: User) -> ScorecardRecord:
    """Save the proposal as the next version after the version it was made from.

    Raises:
        ProposalError: no proposal, or it was already accepted or discarded.
        VersionConflict: someone saved a newer version since the proposal's base.
    """
    if job.status != JobStatus.succeeded or job.proposal is None:
        raise ProposalError("This proposal is not ready yet; wait for it to finish.")
    if job.decision:
        raise ProposalError(f"This proposal was already {job.decision}.")
    base = session.get(ScorecardRecord, job.scorecard_id)
    assert base is not None
    note = f"Regenerated {describe_part(base, job.part)}" + (
        f" ({job.instruction})" if job.instruction else ""
    )
    record = version_store.save_version(
        session,
        base=base,
        scorecard=Scorecard.model_validate(job.proposal),
        author=user,
        action="scorecard.regenerated",
        note=note,
    )
    regen_store.decide_regeneration(session, job=job, decision="accepted")
    return record


def discard_regeneration(session: Session, *, job: Regeneration, user: User) -> None:
    if job.decision:
        raise ProposalError(f"This proposal was already {job.decision}.")
    regen_store.decide_regeneration(session, job=job, decision="discarded")
    base = session.get(ScorecardRecord, job.scorecard_id)
    audit(
        session,
        user=user,
        action="scorecard.regeneration_discarded",
        object_type="scorecard",
        object_id=job.scorecard_id,
        detail=job.part,
        lineage_id=base.lineage_id if base else None,
    )


def describe_part(record: ScorecardRecord, part: str) -> str:
    """A part's name for people: 'the case study', 'the question bank', 'competency SQL'."""
    if part == "case_study":
        return "the case study"
    if part == "questions":
        return "the question bank"
    competency_id = part.partition(":")[2]
    name = next(
        (c["name"] for c in record.data.get("competencies", []) if c["id"] == competency_id),
        competency_id,
    )
    return f"competency {name}"
