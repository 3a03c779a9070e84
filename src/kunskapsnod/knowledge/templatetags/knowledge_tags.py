from django import template
from django.utils.safestring import mark_safe

from kunskapsnod.knowledge.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(source: str) -> str:
    """Markdown rendered and sanitised by :func:`render_markdown` (safe by construction)."""
    return mark_safe(render_markdown(source))  # noqa: S308  (nh3 has cleaned it)


@register.inclusion_tag("knowledge/includes/connections.html", takes_context=True)
def connections(context, item):
    """The "what others already do" block of an intervention's or need's page (the mapping
    item page loads it from here, so the mapping app needs no import of this one): for a
    need its confirmed connections and the suggestions with confirm and reject buttons for
    whoever may change its municipality; for an intervention the needs it was confirmed to
    address. Reads only (knowledge/connections.py)."""
    from kunskapsnod.knowledge.connections import confirmed_for_need, confirmed_for_target, suggest_connections
    from kunskapsnod.mapping.models import Kind
    from kunskapsnod.regions.permissions import can_change

    user = context["request"].user
    is_need = item.kind == Kind.NEED
    return {
        "item": item,
        "is_need": is_need,
        "confirmed": list(confirmed_for_need(item) if is_need else confirmed_for_target(item)),
        "suggestions": suggest_connections(item) if is_need else [],
        "may_decide": is_need and can_change(user, item.municipality),
        "csrf_token": context.get("csrf_token"),
    }
