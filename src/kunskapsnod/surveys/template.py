"""The ready-made survey: the three standard questions every node asks its target group
each year, a free-text question and the respondent's background. The keys are stable, so
that next year's survey made from the template compares with this year's question by
question. The texts are Swedish data (what respondents read), not interface strings."""

AGREE_LOW = "Instämmer inte alls"
AGREE_HIGH = "Instämmer helt"

STANDARD_QUESTIONS: list[dict] = [
    {
        "key": "kanner-till-stodet",
        "kind": "likert",
        "text": "Jag vet vilket stöd kunskapsnoden kan erbjuda mig och min verksamhet.",
        "required": True,
        "low_label": AGREE_LOW,
        "high_label": AGREE_HIGH,
    },
    {
        "key": "tillfort-ordinarie-arbete",
        "kind": "likert",
        "text": "Kunskapsnodens arbete har tillfört något till kommunens ordinarie arbete för fullföljda studier.",
        "required": True,
        "low_label": AGREE_LOW,
        "high_label": AGREE_HIGH,
    },
    {
        "key": "starkt-samverkan",
        "kind": "likert",
        "text": "Samverkan mellan aktörer (skola, socialtjänst, elevhälsa, region, civilsamhälle) "
        "har stärkts genom kunskapsnoden.",
        "required": True,
        "low_label": AGREE_LOW,
        "high_label": AGREE_HIGH,
    },
    {
        "key": "tillfort-fritext",
        "kind": "fritext",
        "text": "Vad har kunskapsnoden tillfört, och vad kan den göra bättre?",
        "required": False,
    },
    {
        "key": "kommun",
        "kind": "kommun",
        "text": "I vilken kommun arbetar du?",
        "required": False,
        "background": True,
    },
    {
        "key": "sektor",
        "kind": "ett_val",
        "text": "Inom vilken sektor arbetar du?",
        "required": False,
        "background": True,
        "choices": [
            "Skola",
            "Elevhälsa",
            "Socialtjänst",
            "Arbetsmarknad och kommunalt aktivitetsansvar",
            "Region (hälso- och sjukvård)",
            "Statlig myndighet",
            "Samordningsförbund",
            "Akademi",
            "Civilsamhälle",
            "Annan",
        ],
    },
    {
        "key": "roll",
        "kind": "ett_val",
        "text": "Vilken är din roll?",
        "required": False,
        "background": True,
        "choices": [
            "Chef eller ledning",
            "Strateg, utvecklare eller samordnare",
            "Lärare eller annan pedagogisk personal",
            "Elevhälsans personal",
            "Handläggare",
            "Förtroendevald",
            "Annan",
        ],
    },
]
