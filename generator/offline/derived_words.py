"""Word lists for naming competencies built from a posting's own duties."""

from __future__ import annotations

from generator import posting_rules as rules

# The noun a duty verb names its work with: "develop recipes" → "Recipe Development".
# An empty string names the work by its object alone: "conduct cell culture" → "Cell Culture".
NOMINAL = {
    "administer": "Administration",
    "analyse": "Analysis",
    "apply": "Application",
    "check": "Checks",
    "complete": "",
    "recover": "Recovery",
    "analyze": "Analysis",
    "assess": "Assessment",
    "audit": "Auditing",
    "bake": "Baking",
    "build": "Building",
    "calibrate": "Calibration",
    "evacuate": "",
    "care": "Care",
    "carry": "",
    "clean": "Cleaning",
    "conduct": "",
    "cook": "Cooking",
    "coordinate": "Coordination",
    "create": "Creation",
    "cultivate": "Cultivation",
    "deliver": "Delivery",
    "design": "Design",
    "develop": "Development",
    "document": "Documentation",
    "draft": "Drafting",
    "drive": "Driving",
    "evaluate": "Evaluation",
    "execute": "",
    "file": "Filing",
    "handle": "Handling",
    "inspect": "Inspection",
    "install": "Installation",
    "investigate": "Investigation",
    "keep": "",
    "liaise": "Liaison",
    "load": "Loading",
    "maintain": "Maintenance",
    "manage": "Management",
    "monitor": "Monitoring",
    "negotiate": "Negotiation",
    "operate": "Operation",
    "order": "Ordering",
    "organise": "Organisation",
    "organize": "Organization",
    "perform": "",
    "plan": "Planning",
    "prepare": "Preparation",
    "present": "Presentation",
    "process": "Processing",
    "produce": "Production",
    "raise": "Raising",
    "record": "Records",
    "repair": "Repair",
    "report": "Reporting",
    "research": "Research",
    "replace": "Replacement",
    "restore": "Restoration",
    "review": "Review",
    "run": "",
    "schedule": "Scheduling",
    "secure": "",
    "solicit": "Solicitation",
    "source": "Sourcing",
    "steward": "Stewardship",
    "supervise": "Supervision",
    "support": "Support",
    "test": "Testing",
    "track": "Tracking",
    "train": "Training",
    "transport": "Transport",
    "tune": "Tuning",
    "voice": "Voicing",
    "regulate": "Regulation",
    "screen": "Screening",
    "resolve": "Resolution",
    "program": "Programming",
    "provide": "",
    "take": "",
    "flag": "",
    "prove": "",
    "charge": "",
    "unload": "Unloading",
    "write": "Writing",
}
# Words that open an object phrase without naming it: "develop new recipes" → "recipes".
SKIP_BEFORE_OBJECT = frozenset(
    [
        "new",
        "existing",
        "daily",
        "weekly",
        "monthly",
        "all",
        "our",
        "your",
        "their",
        "key",
        "accurate",
        "timely",
        "high-quality",
        "effective",
        "regular",
        "routine",
        "complex",
        "multiple",
        "various",
        "other",
        "appropriate",
        "relevant",
        "detailed",
        "up-to-date",
        "professional",
    ]
)
# Words that end an object phrase.
LEADING = frozenset(
    [
        "and",
        "or",
        "for",
        "to",
        "with",
        "from",
        "in",
        "on",
        "at",
        "by",
        "of",
        "across",
        "within",
        "using",
        "including",
        "such",
        "as",
        "that",
        "which",
        "while",
        "when",
        "where",
        "so",
    ]
)
# Stemmed words too common in postings to say what a duty is about.
GENERIC = frozenset(
    [
        "work",
        "team",
        "ensur",
        "support",
        "provid",
        "maintain",
        "includ",
        "need",
        "requir",
        "experienc",
        "abil",
        "able",
        "skill",
        "strong",
        "excellent",
        "good",
        "high",
        "level",
        "role",
        "job",
        "us",
        "our",
        "you",
        "your",
        "will",
        "must",
        "well",
        "other",
        "relat",
        "use",
        "make",
        "help",
        "assist",
        "manag",
        "duty",
        "dutie",
        "responsibl",
        "responsibility",
        "task",
        "effective",
        "effectiv",
        "keep",
        "know",
        "knowledg",
        "understand",
        "understanding",
        "year",
        "minimum",
        "prefer",
        "plus",
        "prior",
        "proven",
        "demonstrat",
        "day",
        "week",
        "month",
        "area",
        "all",
        "within",
        "across",
        "new",
        "key",
        "various",
        "multipl",
        "regular",
        "appropriat",
    ]
)


# Words that make a poor competency name on their own or at its start.
WEAK_NAME_WORDS = frozenset(
    [
        "first",
        "part",
        "because",
        "also",
        "other",
        "new",
        "all",
        "some",
        "any",
        "each",
        "one",
        "two",
        "three",
        "current",
        "related",
        "various",
        "general",
        "etc",
        "photo",
        "photos",
    ]
)
# Verbs that state what someone has or is rather than a duty: "have", "hold", "bring".
NOT_DUTIES = frozenset(
    [
        "have",
        "hold",
        "possess",
        "bring",
        "be",
        "are",
        "enjoy",
        "thrive",
        "love",
        "look",
        "like",
        "know",
        "understand",
        "speak",
        "demonstrate",
        "show",
        "take",
        "get",
        "want",
        "need",
        "join",
    ]
)


def base_verb(word: str) -> str | None:
    """The base form of a duty verb in any form postings use: drafts, drafting → draft."""
    w = word.lower().strip(",.;:")
    if not w.isalpha():
        return None
    known = rules.DUTY_VERBS | set(NOMINAL)
    candidates = [w]
    if w.endswith("ies"):
        candidates.append(w[:-3] + "y")
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s"):
        candidates.append(w[:-1])
    if w.endswith("ing"):
        candidates += [w[:-3], w[:-3] + "e", w[:-4]]
    for candidate in candidates:
        if candidate in NOT_DUTIES:
            return None
        if candidate in known:
            return candidate
    return None
