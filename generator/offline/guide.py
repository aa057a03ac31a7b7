"""The guide's framing parts: about, agenda, case study and candidate Q&A, from the posting's own facts."""

from __future__ import annotations

import re

from generator import posting_rules as rules
from generator.library import Family
from generator.offline.case_timing import case_timing, fit_durations
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
    r"\d+-hour|\bnights\b|night shifts?|\bweekends?\b|\bevenings\b|\bremote\b|\bhybrid\b|\bon-?site\b|"
    r"\bin office\b|\brota\b|\brotation\b|part-time|full-time|\d+ hours|hours (a|per) week|"
    r"shift pattern|early starts?|late finish|days a week|monday|flexible (hours|working)|\bschedule\b",
    re.I,
)
# Requirement lines that mention hours because of the work's demands, not the working pattern.
_PHYSICAL = re.compile(
    r"\blift|\bstand|\bcarry|\bwalk|\bkneel|\bbend|\bclimb|\bsit\b|\bpush|\bpull|lb\b|kg\b|"
    r"physical|able to|ability to|within \d+ hours|hours of (training|experience)|\bexperience\b",
    re.I,
)
_AVAILABILITY = re.compile(r"\bavailab|\bwilling to work|\bwork (weekends|nights|shifts)", re.I)
_EEO = re.compile(
    r"equal (employment )?opportunit|regardless of|discriminat|protected characteristic|\brace\b|"
    r"religion|sexual orientation|gender identity|disabilit|veteran|divers|inclusi|reasonable "
    r"(adjustment|accommodation)|all backgrounds|(encourage|welcome) applica",
    re.I,
)
_PERK = re.compile(
    r"offer|pension|insurance|holiday|annual leave|parental leave|vacation|\bpto\b|bonus|budget|"
    r"discount|tuition|401|salary|\bpay\b|per (hour|annum|year)|[£$€]\s?\d|meals?\b|gym|"
    r"health|dental|equity|stock|allowance|wellbeing",
    re.I,
)
_PAY = re.compile(
    r"[£$€]\s?\d|per (hour|annum|year)|salary|\bpay\b|compensation|\bote\b|wage", re.I
)
_LOCATION_LINE = re.compile(
    r"^(?:location|work location|based in|where)\s*[:|–-]\s*(.{2,120})$", re.I
)
_SCHEDULE_FACTS = (
    "schedule",
    "hours",
    "shift",
    "shifts",
    "contract",
    "employment type",
    "job type",
)
_PAY_FACTS = ("salary", "pay", "compensation")


def build_case_study(
    profile: RoleProfile,
    family: Family,
    competencies: list[Competency],
    focus: str | None,
    minutes: int | None,
) -> CaseStudy:
    """The family's case study, set in this role, with duties quoted from the posting.

    Args:
        profile: the role profile.
        family: the role family whose case study is used.
        competencies: the scorecard's competencies, heaviest first.
        focus: the posting's own words for the work, or None.
        minutes: the case study's minutes in the agenda, or None when the interview is too
            short to hold it (it is then set as a take-home or for a later round).

    Returns:
        The case study, its timing fitted to its minutes.
    """
    template = family.case_study or {}
    values = {
        "role": profile.title,
        "company": profile.company,
        "focus": focus,
        "posting": profile.text,
    }
    timing = case_timing(minutes)
    scenario = fit_durations(fill(str(template.get("scenario", "")), **values), timing)
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
        candidate_tasks=[timing.instruction, *tasks],
        evaluation_focus=[f"{c.name}: {c.lead_question.look_for}" for c in top],
        competencies=[c.id for c in top],
        minutes=timing.minutes,
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
    qa.append(_where_and_when(profile, posting))
    team = [
        line.text
        for line in posting.of_kind("company", "summary")
        if re.search(r"\bteam\b", line.text, re.I)
    ]
    if team:
        qa.append(CandidateQA(question="Who would I be working with?", answer=" ".join(team[:2])))
    qa.append(_pay_and_benefits(posting, company))
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


def _location(profile: RoleProfile, posting: JobPosting) -> str | None:
    """Where the role is based: the parsed location, a location fact or a "Location:" line."""
    if profile.location:
        return profile.location
    for key in ("location", "work location", "based in", "office"):
        if posting.facts.get(key):
            return posting.facts[key]
    for line in posting.text.split("\n"):
        found = _LOCATION_LINE.match(line.strip())
        if found:
            return found.group(1).strip()
    return None


def _schedule_lines(posting: JobPosting) -> list[str]:
    """What the posting says about hours, shifts and working pattern, from schedule lines only."""
    facts = [
        f"{key.capitalize()}: {posting.facts[key]}"
        for key in _SCHEDULE_FACTS
        if posting.facts.get(key)
    ]
    lines = []
    for line in posting.lines:
        if line.kind == "boilerplate" and line.section != "benefits":
            continue
        if not _SCHEDULE.search(line.text) or _EEO.search(line.text):
            continue
        if line.kind == "requirement" and (
            _PHYSICAL.search(line.text) or not _AVAILABILITY.search(line.text)
        ):
            continue
        if line.kind == "boilerplate" and not re.search(
            r"hours|shift|schedule|rota|flexib", line.text, re.I
        ):
            continue
        lines.append(line.text.rstrip("."))
    return list(dict.fromkeys(facts + lines))


def _where_and_when(profile: RoleProfile, posting: JobPosting) -> CandidateQA:
    """Where the role is based and the working arrangements, or whom to ask when the posting is silent."""
    question = "Where is the role based, and what are the working arrangements?"
    location = _location(profile, posting)
    where = [x for x in (location, profile.work_mode) if x]
    schedule = _schedule_lines(posting)
    parts = [f"The role is based in {location}." if location else ""]
    if profile.work_mode:
        parts.append(f"It is {profile.work_mode}.")
    if schedule:
        parts.append("The posting says: " + "; ".join(schedule[:3]) + ".")
    missing = [
        what
        for what, known in (("where the role is based", where), ("the hours or schedule", schedule))
        if not known
    ]
    if missing:
        parts.append(
            f"The posting does not say {join_words(missing)}; "
            "confirm with the hiring manager before the interview rather than guess."
        )
    return CandidateQA(question=question, answer=" ".join(p for p in parts if p))


def _pay_and_benefits(posting: JobPosting, company: str) -> CandidateQA:
    """Pay and benefits from the posting's pay facts and benefits lines, never its EEO statement."""
    question = f"What does {company} offer in pay and benefits?"
    pay = [
        f"{key.capitalize()}: {posting.facts[key]}" for key in _PAY_FACTS if posting.facts.get(key)
    ]
    perks = [
        line.text.rstrip(".")
        for line in posting.lines
        if not _EEO.search(line.text)
        and line.kind in {"boilerplate", "company", "summary"}
        and line.section not in {"eeo", "apply"}
        and (line.section == "benefits" or (line.kind == "boilerplate" and _PERK.search(line.text)))
    ]
    offer = list(dict.fromkeys(pay + perks))
    if not offer:
        return CandidateQA(
            question=question,
            answer="The posting does not state the pay or benefits; ask the recruiter for the salary "
            "range and benefits before the interview so that you can answer accurately.",
        )
    answer = "The posting lists: " + "; ".join(offer[:5]) + "."
    if not pay and not any(_PAY.search(line) for line in perks):
        answer += " It does not state the pay; ask the recruiter for the salary range."
    return CandidateQA(question=question, answer=answer)
