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

_EXCLUDED_FIELDS = {"accounts.User": ["password", "last_login"]}


def register_models(extra: list[str] | None = None) -> None:
    for label in [*AUDITED_MODELS, *(extra or [])]:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(
                model,
                exclude_fields=_EXCLUDED_FIELDS.get(label, []),
                m2m_fields=_m2m_fields(model),
            )


def _m2m_fields(model) -> set[str]:
    return {f.name for f in model._meta.many_to_many}
