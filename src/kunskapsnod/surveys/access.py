"""Who may read and change surveys, over the one seam (:mod:`kunskapsnod.regions.permissions`).

* Reading a survey, its questions and its results (aggregated, small groups suppressed):
  every signed-in user, as everything else in the platform.
* Building, opening, closing and sending: node staff of the owning association (or an
  administrator), checked again inside every service.
* Answering: whoever holds a link (respondent pages, no login).
"""

from kunskapsnod.regions.permissions import can_change, get_for_user_or_404, is_node_staff, writable_organisations
from kunskapsnod.surveys.models import Question, Survey


def get_survey_for_user(user, pk: int, *, write: bool = False) -> Survey:
    queryset = Survey.objects.select_related("organisation")
    return get_for_user_or_404(user, queryset, write=write, pk=pk)


def get_question_for_user(user, pk: int, *, write: bool = False) -> Question:
    queryset = Question.objects.select_related("survey__organisation")
    return get_for_user_or_404(user, queryset, write=write, owner="survey__organisation", pk=pk)


def association_choices(user):
    """The associations ``user`` may make surveys for."""
    if not is_node_staff(user):
        return writable_organisations(user).none()
    return writable_organisations(user).associations().order_by("name")


def can_create(user) -> bool:
    return association_choices(user).exists()


def can_manage(user, survey: Survey) -> bool:
    return is_node_staff(user) and can_change(user, survey.organisation_id)
