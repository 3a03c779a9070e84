from django import template

register = template.Library()


@register.filter
def subject_type(entry) -> str:
    """The human name of what an audit entry is about ("möte", "organisation")."""
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model
