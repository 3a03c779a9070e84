"""The search page (/sok/) and the synonym list staff edit (/sok/synonymer/).

The search page is open without login: a visitor finds published knowledge-bank entries,
a signed-in user everything they may read (query.search applies the rule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.regions.permissions import is_node_staff, require_node_staff
from kunskapsnod.search import facets, query, services
from kunskapsnod.search.forms import SearchForm, SynonymForm
from kunskapsnod.search.models import Synonym
from kunskapsnod.text import parse_id

PAGE_SIZE = 20
# Deeper pages are never read; the bound keeps OFFSET small.
MAX_PAGE = 50


class _Counted(list):
    """A page's hits standing in for the whole result list, so Django's Paginator pages
    over a count the database gave without fetching every hit."""

    def __init__(self, hits, total, offset):
        super().__init__(hits)
        self.total, self.offset = total, offset

    def count(self):
        return self.total

    def __getitem__(self, key):
        if isinstance(key, slice):
            return list.__getitem__(self, slice(key.start - self.offset, key.stop - self.offset))
        return list.__getitem__(self, key)


def _page_number(request) -> int:
    return min(max(parse_id(request.GET.get("sida", "")) or 1, 1), MAX_PAGE)


@login_not_required
def search_page(request):
    form = SearchForm(request.GET)
    chosen = form.filters()
    number = _page_number(request)
    results = query.search(request.user, form.query(), filters=chosen, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = Paginator(_Counted(results.hits, results.total, (number - 1) * PAGE_SIZE), PAGE_SIZE)
    page: Page = pages.get_page(min(number, pages.num_pages))
    context = {
        "form": form,
        "results": results,
        "page": page,
        "facets": facets.build(results.facets, chosen, request.GET),
        "query": _without_page(request.GET),
        "max_chars": query.MAX_QUERY_CHARS,
        "can_edit_synonyms": is_node_staff(request.user),
    }
    template = "search/search.html#results" if request.htmx else "search/search.html"
    return render(request, template, context)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("sida", None)
    return params.urlencode()


def synonym_list(request, pk=None):
    """The list of abbreviations and synonyms; node staff add and change them here."""
    synonym = get_object_or_404(Synonym, pk=pk) if pk is not None else Synonym()
    may_edit = is_node_staff(request.user)
    form = SynonymForm(request.POST or None, instance=synonym)
    if request.method == "POST":
        require_node_staff(request.user, what="synonymlistan")
        if form.is_valid():
            try:
                services.save_synonym(actor=request.user, synonym=form.instance)
            except services.SearchError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Synonymlistan är sparad. Den gäller från nästa sökning."))
                return redirect("search:synonyms")
    context = {"synonyms": Synonym.objects.all(), "form": form if may_edit else None, "editing": synonym}
    return render(request, "search/synonyms.html", context)


@require_POST
def synonym_delete(request, pk):
    synonym = get_object_or_404(Synonym, pk=pk)
    services.delete_synonym(actor=request.user, synonym=synonym)
    messages.success(request, _("%(term)s är borttagen ur synonymlistan.") % {"term": synonym.term})
    return redirect("search:synonyms")
