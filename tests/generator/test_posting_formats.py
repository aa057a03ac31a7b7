"""The posting parser reads the shapes real postings come in (issue 9, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.intake import read_job_description
from generator.markup import strip_inline_markup
from generator.posting import JobPosting, parse_posting

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "eval_postings"
GLYPHS = tuple("-*+•·▪◦‣○●■□➢➤►✓✔–—\\[")


def kinds(posting: JobPosting) -> dict[str, str]:
    """Each line's text mapped to its kind."""
    return {line.text: line.kind for line in posting.lines}


def assert_verbatim(posting: JobPosting) -> None:
    for line in posting.lines:
        assert line.text in posting.text
        assert not line.text.startswith(GLYPHS), line.text
        assert "](" not in line.text and "http" not in line.text, line.text


def test_italic_and_bold_sub_headings_keep_the_section() -> None:
    posting = parse_posting(
        "Line Cook at Harbour Kitchen\n\nResponsibilities\n\n_Product Management:_\n"
        "- Plan the weekly specials with the head chef\n_ Strategy & Analysis:_\n"
        "- Track food cost every week\n*In the kitchen:*\n- Keep the walk-in tidy\n"
        "**Support**\n- Cover the pass on busy nights\n"
    )
    found = kinds(posting)
    for duty in (
        "Plan the weekly specials with the head chef",
        "Track food cost every week",
        "Keep the walk-in tidy",
        "Cover the pass on busy nights",
    ):
        assert found[duty] == "responsibility"
    assert not any("Strategy" in text or "kitchen:" in text for text in found)
    assert_verbatim(posting)


def test_verb_bullets_under_an_intro_sub_heading_are_duties() -> None:
    posting = parse_posting(
        "Product Manager\n\nWe make soup.\n\n_Product work:_\n·Size new opportunities\n"
        "·Negotiate trade-offs with sales\n"
    )
    assert posting.responsibilities == ["Size new opportunities", "Negotiate trade-offs with sales"]


def test_glyph_bullets_without_a_space_are_stripped_bullets_not_headings() -> None:
    posting = parse_posting(
        "Sous Chef\n\nWhat you need\n·Experience of costing dishes and menus\n•Butchery skills\n"
        "▪Own the prep list\n"
    )
    lines = {line.text: line for line in posting.lines}
    assert lines["Experience of costing dishes and menus"].bullet
    assert lines["Butchery skills"].kind == "requirement"
    assert lines["Own the prep list"].bullet
    assert_verbatim(posting)


def test_escaped_markdown_is_unescaped() -> None:
    posting = parse_posting(
        "Store Manager\n\nWhat you'll do\n\\- Lead the team to hit R\\&D and sales targets\n"
        "\\* Keep the snake\\_case file tidy\n"
    )
    assert posting.responsibilities == [
        "Lead the team to hit R&D and sales targets",
        "Keep the snake_case file tidy",
    ]
    assert all(line.bullet for line in posting.lines)


def test_links_read_as_their_text() -> None:
    assert strip_inline_markup("Read [our handbook](https://x.example/a_(b)) first") == (
        "Read our handbook first"
    )
    assert strip_inline_markup("Apply at <https://x.example/jobs> today") == "Apply at today"
    posting = parse_posting(
        "Analyst\n\nResponsibilities\n- Maintain the [risk register](https://x.example/risk)\n"
    )
    assert posting.responsibilities == ["Maintain the risk register"]
    assert_verbatim(posting)


def test_front_matter_goes_to_facts_not_summary() -> None:
    posting = parse_posting(
        "---\ntitle: Research Chef - New Products\ndate: 2018-03-05T04:26:48Z\n"
        "location: Elgin, IL\ncompany: Prairie Hearth Foods\n---\n\n"
        "Prairie Hearth Foods makes frozen meals.\n\nResponsibilities\n- Create new recipes\n"
    )
    assert posting.title == "Research Chef - New Products"
    assert posting.company == "Prairie Hearth Foods"
    assert posting.location == "Elgin, IL"
    assert posting.facts["date"] == "2018-03-05T04:26:48Z"
    assert "2018" not in posting.summary
    assert posting.summary == "Prairie Hearth Foods makes frozen meals."


def test_leading_labels_are_facts_and_a_time_is_not_a_label() -> None:
    posting = parse_posting(
        "Senior Policy Analyst\nCompetition number: LSWD-17\nSalary range: $84,312 per annum\n"
        "Date: 2024-05-14T09:12:00Z\nLocation: Bristol · Salary: £36,000 · Full-time\n\n"
        "About the Role\nYou will lead policy files.\n\nSchedule\n"
        "Monday to Thursday, 6:00 AM to 4:30 PM.\n"
    )
    assert posting.facts["competition number"] == "LSWD-17"
    assert posting.facts["salary"] == "£36,000"
    assert posting.location == "Bristol"
    assert posting.responsibilities == ["You will lead policy files."]
    assert "Monday to Thursday, 6:00 AM to 4:30 PM." in [line.text for line in posting.lines]
    assert not any("2024" in line.text for line in posting.lines)


@pytest.mark.parametrize(
    ("first", "title", "company"),
    [
        ("Product Manager at Just", "Product Manager", "Just"),
        (
            "Part-time receptionist needed at Lakeside Physiotherapy.",
            "Part-time receptionist",
            "Lakeside Physiotherapy",
        ),
        ("CNC MACHINIST – 5-AXIS", "CNC Machinist", None),
        ("HVAC SERVICE TECHNICIAN", "HVAC Service Technician", None),
        (
            "Store Manager – Cedar & Twine Home (Charlotte, NC)",
            "Store Manager",
            "Cedar & Twine Home",
        ),
    ],
)
def test_title_and_company_from_the_first_line(first: str, title: str, company: str) -> None:
    posting = parse_posting(
        f"{first}\n\nCedar & Twine Home sells homeware.\n\nDuties\n- Run shifts\n"
    )
    assert posting.title == title
    if company:
        assert posting.company == company


def test_html_h1_wins_over_a_breadcrumb() -> None:
    text = read_job_description(
        b"<nav><a href='/c'>Careers</a> &gt; <a href='/p'>Pharmacy</a></nav>"
        b"<h1>Certified Pharmacy Technician</h1><p>CareWay Pharmacy fills prescriptions.</p>"
        b"<h2>Your responsibilities</h2><ul><li>Count and label medications</li></ul>",
        filename="job.html",
    )
    posting = parse_posting(text)
    assert posting.title == "Certified Pharmacy Technician"
    assert "Careers > Pharmacy" not in [line.text for line in posting.lines]


def test_heading_vocabulary() -> None:
    posting = parse_posting(
        "Warehouse Associate\n\nThe job\n\nEssential functions\n- Pick and pack orders\n\n"
        "What we need from you\n- Forklift licence\n\nAbout you\n- You care about safety\n"
        "- You'll own the returns bay\n\nWhat you'll bring\n- A calm head\n"
        "- Experience with SAP is an asset\n\nHow we hire\n1. A call with our recruiter\n"
    )
    found = kinds(posting)
    assert found["Pick and pack orders"] == "responsibility"
    assert found["Forklift licence"] == "requirement"
    assert found["You care about safety"] == "requirement"
    assert found["You'll own the returns bay"] == "responsibility"
    assert found["A calm head"] == "requirement"
    assert found["A call with our recruiter"] == "boilerplate"
    asset = next(line for line in posting.lines if line.text.startswith("Experience with SAP"))
    assert asset.preferred


def test_a_salary_label_does_not_open_benefits() -> None:
    posting = parse_posting(
        "Senior Policy Analyst\nMinistry of Labour, Skills and Workforce Development\n"
        "Salary range: $84,312 – $101,948 per annum\n\nAbout the Ministry\n\n"
        "The Ministry runs training programs.\n\nAbout the Role\n\n"
        "You will lead complex policy files.\n"
    )
    assert posting.company == "Ministry of Labour, Skills and Workforce Development"
    assert kinds(posting)["You will lead complex policy files."] == "responsibility"
    assert posting.of_kind("boilerplate") == []


def test_prose_only_posting_is_split_into_duties_and_requirements() -> None:
    posting = parse_posting(
        "Litigation Paralegal\n\nAshcombe Reyes LLP is a 60-lawyer firm in Sacramento. "
        "In this role you will manage case files from intake through trial. You will draft "
        "pleadings and discovery requests. The role involves calendaring court deadlines. "
        "The right person has at least five years of experience as a litigation paralegal. "
        "A paralegal certificate is required. Familiarity with Relativity helps. "
        "We offer a 401(k) match and paid time off.\n"
    )
    assert len(posting.responsibilities) == 3
    assert len(posting.requirements) == 3
    assert "401(k)" not in " ".join(posting.responsibilities + posting.requirements)
    assert "Ashcombe" not in " ".join(posting.responsibilities + posting.requirements)


def test_classification_mistakes_from_the_findings() -> None:
    posting = parse_posting(
        "Grants Manager\n4400 S. 108th St. is our office. We fund schools.\n\nResponsibilities\n"
        "- Write and submit applications to trusts and foundations\n\nRequirements\n"
        "- Current Maine dental hygiene license in good standing\n\n"
        "**Company:** Vantora Health Technologies (Amsterdam, Netherlands – hybrid)\n"
    )
    found = kinds(posting)
    assert found["Write and submit applications to trusts and foundations"] == "responsibility"
    assert found["Current Maine dental hygiene license in good standing"] == "requirement"
    assert "4400 S. 108th St. is our office." in found
    assert posting.company == "Vantora Health Technologies"


def test_a_careers_page_yields_no_duties_or_requirements() -> None:
    posting = parse_posting(read_job_description(EVAL / "b_33_careers_page_not_a_job.md"))
    assert posting.of_kind("responsibility", "requirement") == []


@pytest.mark.parametrize(
    "path", sorted(EVAL.glob("[ab]_*")), ids=lambda path: path.name.split("_")[1]
)
def test_benchmark_postings_read_cleanly(path: Path) -> None:
    posting = parse_posting(read_job_description(path))
    assert_verbatim(posting)
    assert posting.responsibilities or path.name.startswith("b_33")


def test_a_wrapped_line_is_joined_and_stays_verbatim() -> None:
    posting = parse_posting(
        "Analyst\n\nResponsibilities\n- Reconcile the ledgers every month and\n"
        "report the variances to the CFO\nLocation: Leeds\nremote on Fridays\n"
    )
    assert posting.responsibilities[0] == (
        "Reconcile the ledgers every month and report the variances to the CFO"
    )
    assert_verbatim(posting)


def test_more_headings_from_the_findings() -> None:
    posting = parse_posting(
        "Veterinary Technician\n\nPosition summary\nWe run a busy small animal hospital.\n\n"
        "What a typical day looks like:\n- Induce and monitor anesthesia for routine surgeries\n\n"
        "About the Branch\nThe Branch leads policy work.\n\nWhat You Bring\n"
        "- A current veterinary technician credential\n"
    )
    found = kinds(posting)
    assert "Position summary" not in found and "About the Branch" not in found
    assert found["Induce and monitor anesthesia for routine surgeries"] == "responsibility"
    assert found["The Branch leads policy work."] == "company"
    assert found["A current veterinary technician credential"] == "requirement"
    assert posting.summary == "We run a busy small animal hospital."
