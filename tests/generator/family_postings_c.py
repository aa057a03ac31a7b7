"""Original postings for the education, healthcare, marketing, social_care families (and neighbours that must keep their own),
used by tests/generator/test_library_families.py."""

from __future__ import annotations

POSTINGS = [
    (
        "social_care",
        """Social Worker - Fostering and Looked After Children

Eastmere County Council is looking for a registered social worker for its children in care team.

Your role
- Hold a caseload of looked after children in foster and kinship placements
- Visit children in their placements and do direct work to hear their wishes and feelings
- Write care plans and pathway plans and prepare for statutory reviews with the IRO
- Work with foster carers, schools, CAMHS and health colleagues to keep placements stable
- Write reports for care proceedings and keep case records up to date on LiquidLogic

About you
- Social work degree and registration with Social Work England
- Experience of statutory casework with children and families, including child protection
""",
    ),
    (
        "social_care",
        """Adult Social Care Practitioner - Community Team

Brackley Council's adult social care service supports older people and disabled adults to live independently.

You will
- Carry out Care Act assessments of need and carers' assessments, including in people's homes
- Agree support plans with people and their families, including direct payments and reablement
- Lead section 42 safeguarding enquiries and multi-agency meetings with health and the police
- Assess mental capacity and work within DoLS and best-interests processes
- Review support plans on time and record decisions clearly on Mosaic

What you bring
- A social work qualification with HCPC or Social Work England registration, or an ASYE in progress
""",
    ),
]


# Postings of neighbouring families that mention our words and must stay with their own family.
NEIGHBOURS = [
    (
        "healthcare",
        """Senior Carer - Nursing Home

Our nursing home cares for residents living with dementia and physical frailty.

You will
- Lead the care team on shift and support residents with personal care and meals
- Administer medication from the MAR chart and update care plans with the nurse
- Report safeguarding concerns and changes in residents' health to the nurse in charge

You have
- Experience as a carer and an NVQ Level 3 in health and social care
""",
    ),
    (
        "education",
        """Year 4 Class Teacher

Our primary school is looking for a teacher who loves helping children learn.

You will
- Plan and teach engaging lessons across the curriculum, including phonics and maths
- Assess pupils' progress and work with parents at termly meetings
- Follow the school's safeguarding and child protection procedures and report concerns to the DSL

You have
- QTS and experience of teaching in Key Stage 2
""",
    ),
    (
        "marketing",
        """Social Media Manager

We need a social media manager to grow our brand across Instagram, TikTok and LinkedIn.

You will
- Plan the content calendar and write posts, captions and short videos
- Run paid social campaigns and report on reach, engagement and conversion in GA4
- Grow our audience and work with influencers on launches

You have
- Three years of social media marketing for a consumer brand
""",
    ),
]
