"""Helpers shared by the mapping services: the permission check and text normalising."""

from kunskapsnod.accounts.models import Role, User
from kunskapsnod.accounts.permissions import can_change, writable_organisations
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import PermissionDenied


class MappingError(ValueError):
    """Input the mapping services refuse; the message says what and where."""


def require_change(actor: User, municipality: Organisation) -> None:
    if not can_change(actor, municipality):
        raise PermissionDenied(f"{actor} får inte ändra kartläggningen för {municipality}")


def can_manage_models(user: User) -> bool:
    """Versions of the analysis model are the node's: node staff (who may change an
    association) and administrators manage them."""
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return user.role == Role.NODE_STAFF and writable_organisations(user).associations().exists()


def require_model_manager(actor: User) -> None:
    if not can_manage_models(actor):
        raise PermissionDenied(f"{actor} får inte ändra analysmodellen")


def normalise(text: str) -> str:
    """Text as compared across lists: case and surrounding/inner whitespace ignored."""
    return " ".join(text.split()).casefold()
