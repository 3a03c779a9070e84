from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, url name). Modules whose pages are not there yet are left out of the menu.
MODULES = [
    (_("Start"), "home"),
    (_("Organisering"), "regions:overview"),
    (_("Statistik"), "indicators:index"),
    (_("Kartläggning"), "mapping:index"),
    (_("Workshoppar"), "workshops:index"),
    (_("Möten"), "regions:meetings"),
]


def navigation(request):
    items = []
    for label, name in MODULES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items}
