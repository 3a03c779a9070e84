from django import template

from kunskapsnod.followup.services.plans import display_value

register = template.Library()


@register.filter
def activity_status(value: str) -> str:
    return display_value("status", value)


@register.filter
def strategy_label(value: str) -> str:
    return display_value("strategy", value)
