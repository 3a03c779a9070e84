"""Scoped access helpers of the mapping views, built on the one seam
(:func:`kunskapsnod.regions.permissions.get_for_user_or_404`)."""

from django.http import Http404

from kunskapsnod.mapping.models import AnalysisModel, Item, Priority
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import get_for_user_or_404, get_organisation_or_404, writable_organisations


def get_item_for_user(user, pk: int, *, write: bool = False) -> Item:
    queryset = Item.objects.select_related("municipality", "source", "parent")
    return get_for_user_or_404(user, queryset, write=write, owner="municipality", pk=pk)


def get_priority_for_user(user, pk: int, *, write: bool = False) -> Priority:
    queryset = Priority.objects.select_related("municipality", "source", "need")
    return get_for_user_or_404(user, queryset, write=write, owner="municipality", pk=pk)


def get_model_by_version(version: int) -> AnalysisModel:
    model = AnalysisModel.objects.filter(version=version).first()
    if model is None:
        raise Http404("Versionen av analysmodellen finns inte")
    return model


def get_municipality(key: str) -> Organisation:
    return get_organisation_or_404(key, kind=OrganisationKind.MUNICIPALITY)


def latest_model() -> AnalysisModel | None:
    return AnalysisModel.objects.order_by("-version").first()


def writable_municipalities(user):
    return writable_organisations(user).municipalities().order_by("name")
