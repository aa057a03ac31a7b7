"""Original postings for the driving, executive, it, manufacturing, nonprofit, public_sector families (and neighbours that must keep their own),
used by tests/generator/test_library_families.py."""

from __future__ import annotations

POSTINGS: list[tuple[str, str]] = [
    (
        "driving",
        """Class A CDL Tanker Driver - Regional
Harlow Bulk Haulage is hiring a tanker driver for regional fuel runs out of our Dayton terminal.

Responsibilities
- Complete pre-trip and post-trip inspections of the tractor-trailer and report defects on the DVIR.
- Load and discharge petroleum products safely, following hazmat placarding and spill procedures.
- Keep accurate hours of service records on the ELD and plan breaks around delivery windows.
- Follow routes from dispatch and call the dispatcher early about delays.
- Obtain proof of delivery and treat customer sites with care.

Requirements
- Valid Class A CDL with hazmat and tanker endorsements.
- Two years of tractor-trailer driving experience with a clean driving record.
- Knowledge of FMCSA and DOT rules.
""",
    ),
    (
        "driving",
        """HGV Class 1 Driver (Nights)
Northway Logistics runs a fleet of 60 lorries delivering chilled food to stores across the Midlands.

What you will do
- Carry out walk-round checks and report vehicle defects before every shift.
- Drive multi-drop routes to supermarket stores, meeting booked delivery slots.
- Use the digital tachograph correctly and keep within drivers' hours rules.
- Unload cages with the tail lift and get a signature for every drop.
- Work with the transport planner when traffic or road closures affect the route.

What you need
- C+E licence and a valid Driver CPC card.
- Experience of multi-drop haulage work.
""",
    ),
    (
        "it",
        """IT Support Analyst (2nd Line)
Brightwater Housing needs an IT support analyst for its service desk supporting 400 staff.

Responsibilities
- Triage and resolve incidents and requests from the helpdesk queue within SLA.
- Manage user accounts in Active Directory and Microsoft 365, including joiners and leavers.
- Enrol and secure laptops and mobiles with Intune, and keep desktops patched.
- Troubleshoot LAN, Wi-Fi, DNS and VPN problems with the network team.
- Keep the asset register up to date and raise change requests for planned work.

Requirements
- Experience on a service desk using ITIL practices and ServiceNow or a similar ticketing tool.
- Good knowledge of Windows 11, Active Directory and Group Policy.
- CompTIA A+ or equivalent.
""",
    ),
    (
        "it",
        """Security Operations (SOC) Analyst
Kestrel Insurance is growing its security operations centre.

Responsibilities
- Monitor and triage alerts in Microsoft Sentinel and Defender, escalating true positives.
- Investigate phishing, malware and suspicious sign-ins, and contain incidents by following playbooks.
- Tune SIEM detection rules to reduce noise.
- Run vulnerability scans and track remediation of findings with infrastructure teams.
- Keep firewall and VPN logs flowing into the SIEM.

Requirements
- Experience in a SOC or incident response role.
- Understanding of MITRE ATT&CK, EDR tools and log analysis.
""",
    ),
    (
        "nonprofit",
        """Major Gifts Officer
Riverside Children's Charity funds play therapy for children in hospital.

Responsibilities
- Manage a portfolio of 80 major donors, with cultivation and stewardship plans for each.
- Research prospects and prepare asks with the chief executive and trustees.
- Write tailored proposals and impact reports for donors.
- Record every contact and gift accurately in Raiser's Edge.
- Help plan our annual fundraising gala and year-end appeal.

Requirements
- Proven success securing five-figure gifts from individual donors.
- Experience of fundraising in a charity or nonprofit.
- Understanding of GDPR and the Fundraising Regulator's code.
""",
    ),
    (
        "nonprofit",
        """Grants and Trusts Manager
Open Doors is a nonprofit helping refugees into work.

Responsibilities
- Research trusts, foundations and statutory funders and build the grant pipeline.
- Write grant applications with programme staff, including budgets and outcome measures.
- Deliver accurate grant reports to funders on time.
- Work with the data team to track restricted funds and donor income in the CRM.
- Gather beneficiary stories with consent for applications and appeals.

Requirements
- A track record of successful grant writing for charities.
- Excellent writing and attention to detail.
""",
    ),
    (
        "public_sector",
        """Policy Adviser
Department for Regional Growth, Whitehall

Responsibilities
- Analyse evidence and write policy options and ministerial submissions on local growth funding.
- Brief ministers for parliamentary debates and draft answers to parliamentary questions.
- Run consultations with councils, businesses and citizens' groups.
- Work with commercial colleagues on the procurement of an evaluation partner.
- Design the evaluation of the programme and report on its outcomes.

Requirements
- Experience of policy work in government or a similar public sector setting.
- Ability to stay impartial and to write clearly under tight deadlines.
""",
    ),
    (
        "public_sector",
        """Senior Service Designer, City Council
Our council is redesigning how residents apply for housing support.

Responsibilities
- Lead user research with residents, including people who rely on assisted digital support.
- Make sure online services meet WCAG 2.2 and the public sector accessibility regulations.
- Brief elected officials and councillors on progress and trade-offs.
- Support the procurement of a new case management supplier, with a focus on value for money.
- Set performance indicators so that the service can be evaluated after launch.

Requirements
- Experience designing public services to the government service standard.
- Knowledge of statutory equality duties.
""",
    ),
    (
        "executive",
        """Chief Executive Officer
Alder Foods is a private equity backed producer of chilled meals with revenue of £240m.

Responsibilities
- Set the group strategy and agree a five-year plan with the board and investors.
- Own the P&L, improving EBITDA margin and cash conversion.
- Build and lead the executive team, including hiring a new CFO and COO.
- Lead the integration of two recent acquisitions and a company-wide transformation programme.
- Report to the board and shareholders each quarter.

Requirements
- Proven experience as a CEO or divisional president with full P&L accountability.
- Track record of delivering shareholder value in a private equity portfolio company.
""",
    ),
    (
        "executive",
        """Chief Operating Officer (COO)
Finch Health is a venture-backed provider of home testing kits.

Responsibilities
- Partner with the CEO on enterprise-wide strategy and capital allocation.
- Redesign the operating model and organisation structure as we scale.
- Lead the turnaround of underperforming business units.
- Present to the board and support investor fundraising rounds.

Requirements
- C-suite experience in a fast-growing company.
- Strong command of P&L, budgets and unit economics.
""",
    ),
    (
        "manufacturing",
        """CNC Machinist / Programmer
Teller Precision machines aerospace components in aluminium and titanium.

Responsibilities
- Program, set up and run 5-axis CNC milling machines with Fanuc and Haas controls.
- Write and edit programs in Mastercam, and prove out new jobs.
- Inspect first-off parts against drawings using micrometers and the CMM.
- Carry out daily machine checks and preventive maintenance.
- Follow lockout tagout and machine guarding rules at all times.

Requirements
- Experience as a machinist reading GD&T drawings to tight tolerances.
- Familiarity with AS9100 quality systems.
""",
    ),
    (
        "manufacturing",
        """Quality Inspector
Marlow Plastics is a manufacturer of injection moulded parts for the automotive industry.

Responsibilities
- Carry out first article inspection and in-process inspection using CMM and hand gauges.
- Raise non-conformance reports and support root cause analysis and 8D corrective actions.
- Run SPC and report scrap and rework figures to the production manager.
- Take part in kaizen and 5S events on the factory floor.
- Follow health and safety rules, including isolation before working near presses.

Requirements
- Experience in quality control in a manufacturing environment.
- Knowledge of ISO 9001 or IATF 16949.
""",
    ),
]

NEIGHBOURS: list[tuple[str, str]] = []
