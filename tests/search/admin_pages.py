"""What the admin tests of search share: posting to Django's admin, reading the search
page as a user sees it, and comparing the index with a rebuild from the rows."""

import re

from django.urls import reverse

from kunskapsnod.search.models import Document, Posting, Statistic, TermStatistic
from kunskapsnod.search.services import reindex_all

DOCUMENT_FIELDS = ("source", "object_id", "url", "municipalities", "associations", "themes", "level_id")


def shown(searcher, query, **filters) -> str:
    """The search page's text (the hits' words are marked up)."""
    page = searcher.get(reverse("search:index"), {"q": query, **filters}).content.decode()
    return re.sub(r"<[^>]+>", "", page)


def index_state():
    return (
        sorted(Document.objects.values_list(*DOCUMENT_FIELDS)),
        sorted(Posting.objects.values_list("term", "document__object_id", "frequency")),
        sorted(Statistic.objects.filter(documents__gt=0).values_list("visibility", "owner_id", "documents", "length")),
        sorted(
            TermStatistic.objects.filter(documents__gt=0).values_list("term", "visibility", "owner_id", "documents")
        ),
    )


def assert_index_as_rebuilt():
    before = index_state()
    reindex_all()
    assert index_state() == before


def delete_one(client, model: str, pk: int) -> None:
    answer = client.post(reverse(f"admin:{model.replace('.', '_')}_delete", args=[pk]), {"post": "yes"})
    assert answer.status_code == 302, answer.content.decode()[:2000]


def delete_selected(client, model: str, pks: list[int]) -> None:
    url = reverse(f"admin:{model.replace('.', '_')}_changelist")
    answer = client.post(url, {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert answer.status_code == 302, answer.content.decode()[:2000]


def change(client, model: str, pk: int, **changes) -> None:
    """Save an object's admin change page as a person would: every field (inlines included)
    as the page shows it, with ``changes`` typed over it."""
    url = reverse(f"admin:{model.replace('.', '_')}_change", args=[pk])
    page = client.get(url)
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is not None and value is not False:
                data[field.html_name] = "on" if value is True else value
    answer = client.post(url, {**data, **changes})
    assert answer.status_code == 302, answer.content.decode()[:3000]
