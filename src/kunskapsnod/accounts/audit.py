"""The audit trail: django-auditlog records every create/update/delete of the models
registered here, with the acting user taken from the request (AuditlogMiddleware) or
from ``auditlog.context.set_actor`` in commands and services."""

from auditlog.registry import auditlog
from django.apps import apps

AUDITED_MODELS = [
    "accounts.User",
    "regions.Organisation",
    "regions.Membership",
    "regions.Person",
    "regions.Group",
    "regions.Meeting",
]

# Passwords never, and no reverse relations (a user's workshops are audited as workshops).
_INCLUDED_FIELDS = {
    "accounts.User": [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "is_active",
        "is_staff",
        "is_superuser",
    ]
}


def register_models(extra: list[str] | None = None) -> None:
    for label in [*AUDITED_MODELS, *(extra or [])]:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(
                model,
                include_fields=_INCLUDED_FIELDS.get(label, []),
                m2m_fields=_m2m_fields(model),
            )


def _m2m_fields(model) -> set[str]:
    return {f.name for f in model._meta.many_to_many}
