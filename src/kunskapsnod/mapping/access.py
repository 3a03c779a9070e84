"""Scoped access helpers: the only way mapping views read an object by key. Each answers
404 for "missing" and "not yours" alike."""

from django.http import Http404

from kunskapsnod.accounts.models import User
from kunskapsnod.accounts.permissions import writable_organisations
from kunskapsnod.mapping.models import AnalysisModel, Item, Priority
from kunskapsnod.regions.models import Organisation


def get_item_for_user(user: User, pk: int, *, write: bool = False) -> Item:
    queryset = Item.objects.select_related("municipality", "source", "parent")
    if write:
        queryset = queryset.filter(municipality__in=writable_organisations(user))
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404("Posten finns inte")
    return item


def get_model_by_version(version: int) -> AnalysisModel:
    model = AnalysisModel.objects.filter(version=version).first()
    if model is None:
        raise Http404("Versionen av analysmodellen finns inte")
    return model


def get_municipality(slug: str) -> Organisation:
    municipality = Organisation.objects.municipalities().filter(slug=slug).first()
    if municipality is None:
        raise Http404("Kommunen finns inte")
    return municipality


def latest_model() -> AnalysisModel | None:
    return AnalysisModel.objects.order_by("-version").first()


def writable_municipalities(user: User):
    return writable_organisations(user).municipalities().order_by("name")


def get_priority_for_user(user: User, pk: int, *, write: bool = False) -> Priority:
    queryset = Priority.objects.select_related("municipality", "source", "need")
    if write:
        queryset = queryset.filter(municipality__in=writable_organisations(user))
    priority = queryset.filter(pk=pk).first()
    if priority is None:
        raise Http404("Prioriteringen finns inte")
    return priority
