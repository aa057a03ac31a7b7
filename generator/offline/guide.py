"""The guide's framing parts: about, agenda, case study and candidate Q&A, from the posting's own facts."""

from __future__ import annotations

import re

from generator import posting_rules as rules
from generator.library import Family
from generator.offline.tailoring import fill
from generator.posting import JobPosting
from generator.profile import RoleProfile
from generator.schema import CandidateQA, CaseStudy, Competency
from generator.text import join_words, lower_first

_KPI = re.compile(
    r"\d+\s*%|\btarget|\bwithin \d|\bper (hour|week|day)|\bservice levels?\b|\bquota\b|\bkpis?\b",
    re.I,
)
_SCHEDULE = re.compile(
    r"\d+-hour|\bnights?\b|\bweekends?\b|\bremote\b|\bhybrid\b|\bon-?site\b|\bin office\b|\brota\b|\brotation\b|part-time|full-time|\d+ hours",
    re.I,
)
_EEO = re.compile(r"equal|opportunit|regardless|welcome|divers|inclusi|adjustments", re.I)


def build_case_study(
    profile: RoleProfile,
    family: Family,
    competencies: list[Competency],
    focus: str | None,
    minutes: int,
) -> CaseStudy:
    """The family's case study, set in this role, with duties quoted from the posting."""
    template = family.case_study or {}
    values = {
        "role": profile.title,
        "company": profile.company,
        "focus": focus,
        "posting": profile.text,
    }
    scenario = fill(str(template.get("scenario", "")), **values)
    top = competencies[:3]
    duties = [line for c in top for line in c.evidence if line in profile.responsibilities][:2]
    if duties:
        scenario += (
            " The job description asks this role to: " + "; ".join(f"“{d}”" for d in duties) + "."
        )
    raw_tasks = template.get("tasks") or []
    tasks = [fill(str(t), **values) for t in raw_tasks] if isinstance(raw_tasks, list) else []
    return CaseStudy(
        title=fill(str(template.get("title", "Case study for the {role}")), **values),
        scenario=scenario,
        candidate_tasks=tasks,
        evaluation_focus=[f"{c.name}: {c.lead_question.look_for}" for c in top],
        competencies=[c.id for c in top],
        minutes=minutes,
    )


def build_candidate_qa(
    profile: RoleProfile, posting: JobPosting, competencies: list[Competency]
) -> list[CandidateQA]:
    """Questions candidates commonly ask, answered only from what the posting says."""
    role, company = profile.title, profile.company or "the company"
    qa: list[CandidateQA] = []
    duties = profile.responsibilities
    if duties:
        qa.append(
            CandidateQA(
                question=f"What does a typical day look like for a {role}?",
                answer="Most days centre on "
                + join_words([lower_first(d.rstrip(".")) for d in duties[:3]])
                + ".",
            )
        )
    musts = [
        r.rstrip(".")
        for r in profile.requirements
        if rules.MUST_CUE.search(r) and not rules.PREFERRED_CUE.search(r)
    ]
    if musts:
        qa.append(
            CandidateQA(
                question="What must I have from day one?",
                answer="The posting lists: " + "; ".join(musts[:4]) + ".",
            )
        )
    kpis = [d.rstrip(".") for d in duties if _KPI.search(d)]
    top = join_words([c.name for c in competencies[:3]])
    qa.append(
        CandidateQA(
            question="How will success be measured in this role?",
            answer=(f"The posting's own measures: {'; '.join(kpis[:3])}. " if kpis else "")
            + f"In the interview and beyond, the weightiest areas are {top}.",
        )
    )
    arrangements = [
        line.text.rstrip(".")
        for line in posting.lines
        if line.kind != "boilerplate" and _SCHEDULE.search(line.text)
    ]
    where = [x for x in (profile.location, profile.work_mode) if x]
    if where or arrangements:
        answer = (f"The role is {', '.join(where)}. " if where else "") + (
            "; ".join(arrangements[:2]) + "." if arrangements else ""
        )
        qa.append(
            CandidateQA(
                question="Where is the role based, and what are the working arrangements?",
                answer=answer.strip(),
            )
        )
    team = [
        line.text
        for line in posting.of_kind("company", "summary")
        if re.search(r"\bteam\b", line.text, re.I)
    ]
    if team:
        qa.append(CandidateQA(question="Who would I be working with?", answer=" ".join(team[:2])))
    perks = [
        line.text.rstrip(".")
        for line in posting.of_kind("boilerplate")
        if not _EEO.search(line.text)
        and (
            line.section == "benefits"
            or re.search(
                r"offer|pension|insurance|holiday|leave|budget|discount|tuition|401",
                line.text,
                re.I,
            )
        )
    ]
    if perks:
        qa.append(
            CandidateQA(question=f"What does {company} offer?", answer="; ".join(perks[:4]) + ".")
        )
    process = [
        line.text
        for line in posting.of_kind("boilerplate")
        if re.search(r"process|reply|interview|next step|stage", line.text, re.I)
    ]
    qa.append(
        CandidateQA(
            question="What happens after this interview?",
            answer=" ".join(process[:2])
            if process
            else f"Each interviewer completes the scorecard independently; the panel then compares weighted totals and evidence and {company} follows up with next steps.",
        )
    )
    return qa
