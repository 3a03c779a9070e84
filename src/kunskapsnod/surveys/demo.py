"""Demo: Sjuhärad's annual survey of 2025 (closed) and 2026 (open), made from the template
and answered through the open link by GENERATED respondents — no real survey answers ship
with the platform, so the titles say the answers are generated. Deterministic (a seeded
generator); running it twice changes nothing."""

import random

from kunskapsnod.accounts.models import Role, User
from kunskapsnod.regions.models import Organisation
from kunskapsnod.surveys import services
from kunskapsnod.surveys.models import QuestionKind, Survey

TITLE = "Årlig enkät till målgruppen {year} (demo: genererade svar)"
RESPONSES = {2025: 38, 2026: 27}
TEXTS = [
    "Nätverksträffarna har gett oss kontakter i grannkommunerna.",
    "Mer stöd i att följa upp frånvaron vore bra.",
    "Statistiken per kommun används i vår verksamhetsplan.",
    "Svårt att hinna delta på grund av tidsbrist.",
    "Bra att region och kommun sitter vid samma bord.",
]


def load(out) -> None:
    actor = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
    sjuharad = Organisation.objects.filter(slug="sjuharad").first()
    if actor is None or sjuharad is None:
        out.write("surveys: no administrator or no Sjuhärad; no demo survey")
        return
    made = [_survey(actor, sjuharad, year, count) for year, count in RESPONSES.items()]
    if any(made):
        out.write("surveys: Sjuhärad's surveys 2025 (closed) and 2026 (open) with generated answers")


def _survey(actor, sjuharad, year: int, count: int) -> bool:
    title = TITLE.format(year=year)
    if Survey.objects.filter(organisation=sjuharad, title=title).exists():
        return False
    survey = services.create_survey(actor=actor, organisation=sjuharad, title=title, year=year, open_link=True)
    survey = services.open_survey(actor=actor, survey=survey)
    link = services.link_for_open_code(survey.open_code)
    generator = random.Random(year)
    municipalities = [pk for pk, _name in services.municipality_choices(survey)]
    questions = list(survey.questions.all())
    for _ in range(count):
        services.submit_response(link=link, answers=_answers(generator, questions, municipalities, year))
    if year < max(RESPONSES):
        services.close_survey(actor=actor, survey=survey)
    return True


def _answers(generator: random.Random, questions, municipalities: list[int], year: int) -> dict:
    lift = year - 2025  # the later year answers a little more positively
    answers: dict[str, object] = {}
    for question in questions:
        if question.kind == QuestionKind.LIKERT:
            answers[question.key] = min(5, max(1, round(generator.gauss(3.2 + 0.4 * lift, 1.0))))
        elif question.kind == QuestionKind.MUNICIPALITY:
            answers[question.key] = generator.choice(municipalities[:4] * 3 + municipalities)
        elif question.kind == QuestionKind.SINGLE:
            answers[question.key] = generator.randrange(min(4, len(question.choices)))
        elif question.kind == QuestionKind.TEXT and generator.random() < 0.3:
            answers[question.key] = generator.choice(TEXTS)
    return answers
