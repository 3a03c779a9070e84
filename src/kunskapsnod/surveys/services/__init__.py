"""The surveys app's writes and reads (docs/surveys.md), one module per sub-concept:
building and the life of a survey (``building``), sending it out (``distribution``),
answering it (``responding``) and its results (``results``). Other apps import from here:
``results_for_report`` is what the annual report (``followup``) calls."""

from kunskapsnod.surveys.services.building import (
    close_survey,
    create_survey,
    delete_question,
    move_question,
    open_survey,
    require_survey_staff,
    save_question,
    update_survey,
)
from kunskapsnod.surveys.services.distribution import AddressList, Sent, read_addresses, send_invitations
from kunskapsnod.surveys.services.errors import SurveyError
from kunskapsnod.surveys.services.responding import (
    AlreadyAnswered,
    AnswerErrors,
    InvalidLink,
    Link,
    SurveyNotOpen,
    check_answers,
    link_for_open_code,
    link_for_token,
    municipality_choices,
    submit_response,
)
from kunskapsnod.surveys.services.results import (
    Aggregate,
    Breakdown,
    Group,
    OptionCount,
    QuestionResult,
    SurveyResults,
    YearPoint,
    min_group_size,
    results_for_report,
    survey_results,
)

__all__ = [
    "AddressList",
    "Aggregate",
    "AlreadyAnswered",
    "AnswerErrors",
    "Breakdown",
    "Group",
    "InvalidLink",
    "Link",
    "OptionCount",
    "QuestionResult",
    "Sent",
    "SurveyError",
    "SurveyNotOpen",
    "SurveyResults",
    "YearPoint",
    "check_answers",
    "close_survey",
    "create_survey",
    "delete_question",
    "link_for_open_code",
    "link_for_token",
    "min_group_size",
    "move_question",
    "municipality_choices",
    "open_survey",
    "read_addresses",
    "require_survey_staff",
    "results_for_report",
    "save_question",
    "send_invitations",
    "submit_response",
    "survey_results",
    "update_survey",
]
