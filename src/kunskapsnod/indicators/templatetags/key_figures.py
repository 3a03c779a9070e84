"""``{% key_figures_of organisation %}``: the pre-study's key figures on an organisation's
page (a municipality: its own; an association: its members'), so the regions app shows
them without importing the indicators app (one line in its template, as every module)."""

from django import template

from kunskapsnod.indicators.analysis.keyfigures import key_figures
from kunskapsnod.regions.models import Organisation

register = template.Library()


@register.inclusion_tag("indicators/includes/key_figures.html", takes_context=True)
def key_figures_of(context, organisation: Organisation):
    if organisation.is_municipality:
        areas = [organisation]
    elif organisation.is_association:
        areas = list(Organisation.objects.members_of(organisation))
    else:
        areas = []
    return {"key_figures": key_figures(areas), "request": context.get("request")}
