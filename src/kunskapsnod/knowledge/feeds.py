"""An Atom feed of newly published entries (Django's syndication framework), public."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from kunskapsnod.knowledge.models import Entry

FEED_SIZE = 50


class PublishedEntriesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Kunskapsbanken – nya poster")
    subtitle = _("Goda exempel, metoder, forskning och projekt som kunskapsnoden har publicerat.")

    def link(self):
        return reverse("knowledge:index")

    def items(self):
        return (
            Entry.objects.published()
            .select_related("owner")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        # Atom's summary is typed "html" here: a reader renders it as HTML, so the plain
        # text a person wrote is escaped first (and shows as the text it is).
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.owner.name

    def item_categories(self, item):
        return [item.get_kind_display(), *(theme.name for theme in item.themes.all())]


feed = login_not_required(PublishedEntriesFeed())
