"""Survey results: per question, per background group and year over year, with the
small-group rule applied here, once, so that the pages, the API, the Excel export and the
annual report (``followup``) can only show what this module lets through.

The rule (``KUNSKAPSNOD_SURVEY_MIN_GROUP``, default 5): a result is shown for a group of
respondents only if at least that many answered; a group below it is suppressed, and when
the suppressed groups of a breakdown together hold fewer than that many answers, the
smallest shown groups are suppressed too, so that no hidden group can be worked out by
subtracting the shown ones from the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.regions.models import Organisation
from kunskapsnod.surveys.models import LIKERT_SCALE, Question, QuestionKind, Survey

NOT_GIVEN = gettext_noop("Ej angivet")
OTHER_MUNICIPALITY = gettext_noop("Annan kommun")
OTHER_MUNICIPALITY_ID = 0

Answers = dict[str, object]


def min_group_size() -> int:
    return max(1, int(getattr(settings, "KUNSKAPSNOD_SURVEY_MIN_GROUP", 5)))


@dataclass(frozen=True)
class OptionCount:
    """One answer option: its label, how many chose it and their share (per cent of those
    who answered the question; for multiple choice the shares may add up to more)."""

    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Aggregate:
    """What a group of respondents answered to one question. ``suppressed``: fewer than
    the minimum group size answered (or the group was hidden to protect another); then
    ``answered`` is None and the distribution, mean and texts are empty."""

    answered: int | None
    suppressed: bool
    mean: float | None = None
    distribution: list[OptionCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def top(self) -> str:
        """The most chosen option (the first of equals), or "" when nothing is shown."""
        chosen = [o for o in self.distribution if o.count]
        return max(chosen, key=lambda o: o.count).label if chosen else ""


@dataclass(frozen=True)
class Group:
    label: str
    result: Aggregate


@dataclass(frozen=True)
class Breakdown:
    """A question's result per answer to a background question (municipality, sector…)."""

    by_key: str
    by_text: str
    groups: list[Group]


@dataclass(frozen=True)
class YearPoint:
    """The same question (same key) in the association's survey of an earlier year."""

    year: int
    survey_id: int
    text: str
    result: Aggregate


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    kind: str
    background: bool
    result: Aggregate
    breakdowns: list[Breakdown]
    history: list[YearPoint]  # earlier years, oldest first

    @property
    def is_likert(self) -> bool:
        return self.kind == QuestionKind.LIKERT


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    title: str
    year: int
    organisation: str
    status: str
    responses: int
    min_group_size: int
    questions: list[QuestionResult]
    compared_years: list[int]  # the earlier years that the history columns come from


def results_for_report(*, organisation: Organisation, year: int) -> SurveyResults | None:
    """The results of ``organisation``'s survey of ``year`` for the annual report: every
    question aggregated (distribution, Likert mean, free texts), broken down by the
    background questions and compared with the same questions (by key) in the surveys of
    earlier years, the small-group rule applied throughout. None when the association has
    no survey sent out that year (the newest one counts when there are several).

    Read-only and without a permission check: the report's own page checks who reads it.
    """
    survey = Survey.objects.of(organisation).reported().filter(year=year).order_by("-pk").first()
    return None if survey is None else survey_results(survey)


def survey_results(survey: Survey) -> SurveyResults:
    """Everything the results page shows for ``survey``."""
    minimum = min_group_size()
    questions = list(survey.questions.all())
    sheets = list(survey.responses.values_list("answers", flat=True))
    labels = _LabelBook(questions)
    background = [q for q in questions if q.background]
    earlier = _earlier_surveys(survey)
    results = [
        QuestionResult(
            key=q.key,
            text=q.text,
            kind=q.kind,
            background=q.background,
            result=aggregate(q, sheets, labels, minimum),
            breakdowns=[] if q.background else _breakdowns(q, background, sheets, labels, minimum),
            history=_history(q, earlier, minimum),
        )
        for q in questions
    ]
    return SurveyResults(
        survey_id=survey.pk,
        title=survey.title,
        year=survey.year,
        organisation=survey.organisation.name,
        status=survey.status,
        responses=len(sheets),
        min_group_size=minimum,
        questions=results,
        compared_years=[s.year for s, _sheets in earlier],
    )


def aggregate(question: Question, sheets: Sequence[Answers], labels: _LabelBook, minimum: int) -> Aggregate:
    """``question`` over the answer sheets of one group of respondents."""
    given = [sheet[question.key] for sheet in sheets if question.key in sheet]
    if len(given) < minimum:
        return Aggregate(answered=None, suppressed=True)
    if question.kind == QuestionKind.TEXT:
        return Aggregate(answered=len(given), suppressed=False, texts=sorted(str(t) for t in given))
    counts: Counter[int] = Counter()
    for value in given:
        counts.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, int))
    options = labels.options(question, counts)
    distribution = [
        OptionCount(label=label, count=counts[value], share=round(100 * counts[value] / len(given), 1))
        for value, label in options
    ]
    mean = None
    if question.kind == QuestionKind.LIKERT:
        mean = round(sum(v * n for v, n in counts.items()) / len(given), 2)
    return Aggregate(answered=len(given), suppressed=False, mean=mean, distribution=distribution)


def _breakdowns(
    question: Question, background: list[Question], sheets: list[Answers], labels: _LabelBook, minimum: int
) -> list[Breakdown]:
    if not question.is_counted:
        return []
    return [
        Breakdown(by_key=by.key, by_text=by.text, groups=_groups(question, by, sheets, labels, minimum))
        for by in background
    ]


def _groups(question: Question, by: Question, sheets: list[Answers], labels: _LabelBook, minimum: int) -> list[Group]:
    """One group per option of ``by`` that anyone chose, plus those who did not say, with
    the primary and the complementary suppression."""
    members: dict[int | None, list[Answers]] = {}
    for sheet in sheets:
        value = sheet.get(by.key)
        members.setdefault(value if isinstance(value, int) else None, []).append(sheet)
    counted = {value: sum(question.key in s for s in group) for value, group in members.items()}
    hidden = _suppressed_groups(counted, minimum)
    named = dict(labels.options(by, Counter(k for k in members if k is not None)))
    groups = []
    for value in sorted(members, key=lambda v: (v is None, named.get(v, "") if v is not None else "")):
        label = named.get(value, "") if value is not None else _(NOT_GIVEN)
        result = (
            Aggregate(answered=None, suppressed=True)
            if value in hidden
            else aggregate(question, members[value], labels, minimum)
        )
        groups.append(Group(label=label, result=result))
    return groups


def _suppressed_groups(counted: dict[int | None, int], minimum: int) -> set[int | None]:
    """Groups below ``minimum``; then, while what is hidden adds up to fewer than
    ``minimum`` answers, also the smallest shown group (else total − shown = hidden)."""
    hidden = {value for value, n in counted.items() if 0 < n < minimum}
    shown = sorted((n, str(value)) for value, n in counted.items() if value not in hidden and n > 0)
    by_name = {str(value): value for value in counted}
    while hidden and sum(counted[v] for v in hidden) < minimum and shown:
        hidden.add(by_name[shown.pop(0)[1]])
    return hidden


def _earlier_surveys(survey: Survey) -> list[tuple[Survey, list[Answers]]]:
    """The association's newest sent-out survey of each earlier year, oldest first."""
    newest: dict[int, Survey] = {}
    earlier = Survey.objects.of(survey.organisation_id).reported().filter(year__lt=survey.year)
    for older in earlier.order_by("year", "pk").prefetch_related("questions"):
        newest[older.year] = older
    return [(s, list(s.responses.values_list("answers", flat=True))) for s in newest.values()]


def _history(question: Question, earlier: list[tuple[Survey, list[Answers]]], minimum: int) -> list[YearPoint]:
    if not question.is_counted or question.background:
        return []
    points = []
    for older, sheets in earlier:
        same = next((q for q in older.questions.all() if q.key == question.key and q.kind == question.kind), None)
        if same is not None:
            result = aggregate(same, sheets, _LabelBook([same]), minimum)
            points.append(YearPoint(year=older.year, survey_id=older.pk, text=same.text, result=result))
    return points


class _LabelBook:
    """The labels of the stored answer values: Likert points, choice options by index,
    municipalities by organisation id (looked up once)."""

    def __init__(self, questions: Iterable[Question]):
        self._municipalities: dict[int, str] | None = None
        self._needs_municipalities = any(q.kind == QuestionKind.MUNICIPALITY for q in questions)

    def options(self, question: Question, counts: Counter[int]) -> list[tuple[int, str]]:
        """(value, label) of every option to show, in the question's order."""
        if question.kind == QuestionKind.LIKERT:
            return [(v, str(v)) for v in LIKERT_SCALE]
        if question.kind == QuestionKind.MUNICIPALITY:
            names = self._municipality_names()
            chosen = [v for v in counts if v != OTHER_MUNICIPALITY_ID]
            pairs = sorted(((v, names.get(v, str(v))) for v in chosen), key=lambda pair: pair[1])
            other = [(OTHER_MUNICIPALITY_ID, _(OTHER_MUNICIPALITY))] if OTHER_MUNICIPALITY_ID in counts else []
            return pairs + other
        return list(enumerate(question.choices))

    def _municipality_names(self) -> dict[int, str]:
        if self._municipalities is None:
            self._municipalities = dict(Organisation.objects.municipalities().values_list("pk", "name"))
        return self._municipalities
