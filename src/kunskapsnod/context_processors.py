from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kunskapsnod.indicators.public import statistics_are_public

# (label, url name). Modules whose pages are not there yet are left out of the menu.
MODULES = [
    (_("Start"), "home"),
    (_("Organisering"), "regions:overview"),
    (_("Statistik"), "indicators:index"),
    (_("Kartläggning"), "mapping:index"),
    (_("Kunskapsbank"), "knowledge:index"),
    (_("Workshoppar"), "workshops:index"),
    (_("Möten"), "regions:meetings"),
    (_("Uppföljning"), "followup:index"),
    (_("Enkäter"), "surveys:index"),
    (_("Individuppföljning"), "youth:index"),
]


def navigation(request):
    items = []
    for label, name in MODULES:
        shown = settings.KUNSKAPSNOD_YOUTH and getattr(request, "session", {}).get("youth_menu")
        if name == "youth:index" and not shown:
            continue  # switched off, or not for this user (kunskapsnod/youth/menu.py)
        try:
            items.append({"label": label, "url": reverse(name), "namespace": name.partition(":")[0]})
        except NoReverseMatch:
            continue
    current = _current_item(request, items)
    for item in items:
        item["current"] = item is current
    return {"nav_items": items, "public_statistics": statistics_are_public()}


def _current_item(request, items):
    """The menu item a page belongs to: the one whose address starts the path, else the
    first of the page's app (so /kommun/borås/ is under Organisering)."""
    by_prefix = [
        i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if by_prefix:
        return max(by_prefix, key=lambda i: len(i["url"]))
    namespace = getattr(request.resolver_match, "namespace", None)
    return next((i for i in items if namespace and i["namespace"] == namespace), None)
