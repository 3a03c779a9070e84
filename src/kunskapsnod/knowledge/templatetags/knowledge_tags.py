from django import template
from django.utils.safestring import mark_safe

from kunskapsnod.knowledge.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(source: str) -> str:
    """Markdown rendered and sanitised by :func:`render_markdown` (safe by construction)."""
    return mark_safe(render_markdown(source))  # noqa: S308  (nh3 has cleaned it)
