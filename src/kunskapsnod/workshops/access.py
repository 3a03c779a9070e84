"""Scoped access to workshops: by pk for signed-in users (404 for missing and not yours
alike), by join code for anonymous participants (the code is the key)."""

from django.http import Http404

from kunskapsnod.regions.permissions import get_for_user_or_404
from kunskapsnod.workshops.models import Participant, Workshop
from kunskapsnod.workshops.services import normalise_join_code

SESSION_KEY = "workshop_tokens"


class UnknownJoinCode(Http404):
    def __init__(self, code: str):
        super().__init__(f"Det finns ingen workshop med koden {code}")
        self.code = code


def get_workshop_for_user(user, pk: int, *, write: bool = False) -> Workshop:
    queryset = Workshop.objects.select_related("organisation", "facilitator")
    return get_for_user_or_404(user, queryset, write=write, pk=pk)


def get_workshop_by_code(code: str) -> Workshop:
    code = normalise_join_code(code)
    workshop = Workshop.objects.select_related("organisation").filter(join_code=code).first()
    if workshop is None:
        raise UnknownJoinCode(code)
    return workshop


def current_participant(request, workshop: Workshop) -> Participant | None:
    token = request.session.get(SESSION_KEY, {}).get(workshop.join_code)
    if not token:
        return None
    return Participant.objects.filter(workshop=workshop, token=token).first()


def remember_participant(request, participant: Participant) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[participant.workshop.join_code] = participant.token
    request.session[SESSION_KEY] = tokens
