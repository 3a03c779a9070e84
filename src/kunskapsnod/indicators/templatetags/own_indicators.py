"""Whether to show the staff actions of an own indicator (the services check again)."""

from django import template

from kunskapsnod.regions.permissions import can_change, is_node_staff

register = template.Library()


@register.simple_tag(takes_context=True)
def may_change_own(context, indicator) -> bool:
    user = context["request"].user
    return bool(indicator.is_own and is_node_staff(user) and can_change(user, indicator.owner_id))
