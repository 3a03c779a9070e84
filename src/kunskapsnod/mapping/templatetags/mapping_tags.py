from django import template

register = template.Library()


@register.filter
def current_in(item, model):
    """The item's current classification in one model version (from prefetched rows)."""
    if model is None:
        return None
    for classification in item.classifications.all():
        if classification.is_current and classification.model_id == model.pk:
            return classification
    return None
