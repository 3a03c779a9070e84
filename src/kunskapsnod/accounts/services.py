"""Writes of accounts and reads of the audit trail."""

import secrets
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet

from kunskapsnod.accounts.models import Role, User
from kunskapsnod.regions.models import Organisation

# Audit rows about user accounts are for administrators only.
_PRIVATE_AUDIT_MODELS = [("accounts", "user")]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    organisation_slug: str | None
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.ADMINISTRATOR, None, "administratör"),
    DemoAccount("nod.sjuharad", Role.NODE_STAFF, "sjuharad", "nodpersonal, Boråsregionen Sjuhärad"),
    DemoAccount("redaktor.boras", Role.EDITOR, "boras", "redaktör, Borås"),
    DemoAccount("lasare.boras", Role.READER, "boras", "läsare, Borås"),
    DemoAccount("redaktor.mark", Role.EDITOR, "mark", "redaktör, Mark"),
]


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_user(
    *, username: str, password: str, role: Role, organisation: Organisation | None, email: str = ""
) -> User:
    user = User(username=username, email=email, role=role, organisation=organisation)
    user.is_staff = role == Role.ADMINISTRATOR
    user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def ensure_demo_accounts() -> list[tuple[DemoAccount, str | None]]:
    """Create the demo accounts that are missing. Returns each account with its new
    password, or None where the account existed already (its password is kept)."""
    password = generate_password()
    result: list[tuple[DemoAccount, str | None]] = []
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            result.append((account, None))
            continue
        organisation = Organisation.objects.get(slug=account.organisation_slug) if account.organisation_slug else None
        create_user(username=account.username, password=password, role=account.role, organisation=organisation)
        result.append((account, password))
    return result


def audit_entries(
    *,
    actor_id: int | None = None,
    model: str | None = None,
    action: int | None = None,
    date_from=None,
    date_to=None,
) -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    if model:
        app_label, _, model_name = model.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    if action is not None:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to:
        entries = entries.filter(timestamp__date__lte=date_to)
    return entries


def audited_model_choices() -> list[tuple[str, str]]:
    types = ContentType.objects.filter(pk__in=LogEntry.objects.values("content_type")).order_by("app_label")
    return [
        (f"{ct.app_label}.{ct.model}", str(model._meta.verbose_name_plural))
        for ct in types
        if (model := ct.model_class()) is not None
    ]


def recent_activity(user: User, *, limit: int) -> list[LogEntry]:
    # What people did: bulk loads by commands (no actor) would drown it.
    entries = (
        LogEntry.objects.filter(actor__isnull=False).select_related("actor", "content_type").order_by("-timestamp")
    )
    if not user.is_administrator:
        for app_label, model in _PRIVATE_AUDIT_MODELS:
            entries = entries.exclude(content_type__app_label=app_label, content_type__model=model)
    return list(entries[:limit])
