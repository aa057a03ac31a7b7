"""Original postings for the construction, hospitality, legal, product, retail, science, software, trades, warehouse families (and neighbours that must keep their own),
used by tests/generator/test_library_families.py."""

from __future__ import annotations

POSTINGS = [
    (
        "product",
        """Senior Product Manager - Payments

Brightwell is hiring a Senior Product Manager to own our checkout and payments experience.

What you'll do
- Run continuous discovery with merchants through customer interviews and prototype tests
- Own the payments roadmap and prioritise the backlog with engineering and design
- Define success metrics and run A/B experiments on the checkout funnel using Amplitude
- Plan go-to-market for new releases with marketing, sales and support

What you'll bring
- 5+ years of product management in B2B software
- Comfortable writing PRDs and making trade-offs against OKRs
""",
    ),
    (
        "product",
        """Product Manager, Snacks (FMCG)

Hollin Foods is looking for a Product Manager to lead new product development in our snacks range.

Responsibilities
- Own the P&L for a range of 40 SKUs, including pricing, margin and cost of goods
- Build business cases for new product launches and manage the range roadmap
- Lead consumer research and concept testing to find unmet needs
- Coordinate launches with supply chain, packaging, sales and our retail partners

Requirements
- Experience in NPD or brand product management in FMCG or CPG
- Strong commercial judgement and confidence with forecasts
""",
    ),
    (
        "retail",
        """Assistant Store Manager

Marlow & Finch is recruiting an Assistant Store Manager for our flagship high-street store.

Key responsibilities
- Open and close the store as keyholder, including cash handling and till reconciliation
- Deliver visual merchandising to planogram and set promotions and markdowns on time
- Reduce shrink through stock counts, loss prevention checks and accurate deliveries
- Build weekly rotas to the labour budget and coach the team on the shop floor

About you
- Retail supervisory experience in a busy store
- Passion for customer experience and driving conversion and footfall
""",
    ),
    (
        "retail",
        """Retail Sales Supervisor - Footwear

Our shops need a Sales Supervisor who loves helping customers find the right fit.

You will
- Lead the sales floor, greet customers and help the team raise average transaction value
- Handle returns, exchanges and complaints at the tills fairly and calmly
- Keep the stockroom organised, replenish the shop floor and support stock takes
- Brief the team at each shift and deploy people across the floor and checkouts

You have
- At least one year in a retail store, ideally as a supervisor or keyholder
""",
    ),
    (
        "hospitality",
        """Sous Chef

The Larder is a 90-cover restaurant with a seasonal menu and a busy private dining room.

The role
- Run the kitchen in the head chef's absence and lead the brigade through service
- Develop new dishes and recipe cards for the seasonal menu
- Keep HACCP records, temperature logs and the allergen matrix up to date
- Control food cost, waste and ordering to hit our gross profit target

You'll need
- Experience as a sous chef or senior chef de partie in a quality kitchen
- Level 3 Food Hygiene certificate
""",
    ),
    (
        "hospitality",
        """Front of House and Housekeeping Supervisor

Seaview House is a 40-room boutique hotel looking for a supervisor to lead our guest experience.

What you'll do
- Welcome guests at reception, manage check-in and check-out and bookings in our PMS
- Supervise room attendants and inspect rooms against housekeeping standards
- Resolve guest complaints and respond to online reviews
- Support the restaurant team during breakfast and dinner service

What we're looking for
- Hotel or hospitality experience, ideally in front office or housekeeping
""",
    ),
    (
        "legal",
        """Litigation Paralegal

Ashdown Legal LLP is seeking a Litigation Paralegal to join its commercial disputes team.

Responsibilities
- Manage case files, court deadlines and limitation dates for a caseload of disputes
- Prepare trial bundles, court filings and witness statements
- Run document review and disclosure in Relativity, coding for relevance and privilege
- Carry out legal research on Westlaw and draft research notes for solicitors

Requirements
- Law degree or paralegal qualification and two years in litigation
- Absolute discretion with confidential and privileged material
""",
    ),
    (
        "legal",
        """In-house Legal Counsel (Commercial and Privacy)

Corvane is hiring a Legal Counsel to support our commercial and product teams.

What you'll do
- Draft, review and negotiate commercial contracts, NDAs and supplier agreements
- Redline counterparty terms against our playbook and explain risk to the business
- Advise on GDPR and data protection, including DPIAs and subject access requests
- Keep our compliance policies current and train staff on them

About you
- Qualified solicitor or attorney with three years' post-qualification experience
""",
    ),
    (
        "science",
        """Research Scientist - Molecular Biology

Fenwick Bio is hiring a Research Scientist for our assay development laboratory.

Responsibilities
- Develop and optimise qPCR and ELISA assays for our diagnostics programme
- Design experiments with proper controls and analyse data in GraphPad Prism
- Record all work in the electronic lab notebook to GLP standards
- Present results at lab meetings and write technical reports

Requirements
- PhD or MSc in molecular biology, biochemistry or a related science
- Hands-on lab experience with cell culture and pipetting
""",
    ),
    (
        "science",
        """Laboratory Technician - Quality Control

Our GMP quality control laboratory needs a technician to support batch testing.

Duties
- Run HPLC and chromatography tests on raw materials and finished products
- Log, label and track samples in LIMS and manage reagent and consumable stock
- Follow SOPs, complete batch records and report deviations
- Work safely with hazardous chemicals following COSHH and lab safety rules

Requirements
- A degree in chemistry or another laboratory science
""",
    ),
    (
        "construction",
        """Site Manager - Residential

Thornbury Homes is looking for a Site Manager to run a 60-unit residential construction site.

Responsibilities
- Lead site safety under CDM 2015, including inductions, RAMS and toolbox talks
- Coordinate subcontractors and trades against the programme and three-week look-aheads
- Check work against drawings and specifications and manage RFIs and revisions
- Carry out quality inspections and run snagging through to handover

Requirements
- SMSTS, CSCS black card and first aid
- Experience as a site manager or assistant site manager on new-build housing
""",
    ),
    (
        "construction",
        """Construction Superintendent

Granite Ridge Builders needs a Superintendent for commercial construction projects.

Responsibilities
- Enforce OSHA site safety and run daily safety briefings
- Manage subcontractors, the project schedule and submittals
- Schedule concrete, steelwork and drywall crews and order materials and plant
- Walk punch lists and coordinate inspections with the building inspector

Requirements
- OSHA 30 and five years of construction field supervision
""",
    ),
]


# Postings of neighbouring families that mention our words and must stay with their own family.
NEIGHBOURS = [
    (
        "software",
        """Backend Software Engineer, Product Platform

Join the engineering team that builds the product platform behind our mobile app.

What you'll do
- Write and review Python and Go code for our backend APIs
- Work with product managers on the roadmap and estimate backlog items
- Build feature flags so that A/B experiments can launch safely
- Keep our cloud services on AWS reliable and well tested

What you'll bring
- Four years as a software developer with SQL and API design experience
""",
    ),
    (
        "warehouse",
        """Warehouse Operative - Retail Distribution Centre

Our distribution centre supplies 200 stores across the region.

Responsibilities
- Pick and pack store orders with an RF scanner and load outbound trailers
- Receive inbound pallets and put stock away in the right aisles
- Operate a reach truck or forklift safely and keep the dock clear

Requirements
- Valid forklift licence and warehouse experience
""",
    ),
    (
        "trades",
        """Commercial Electrician

We need a qualified electrician for fit-out work on commercial sites.

You will
- Install wiring, conduit, panels and circuits to NEC code
- Read blueprints and work alongside other contractors on site
- Find and repair electrical faults and test installations

You have
- Journeyman licence and your own hand tools
""",
    ),
]
