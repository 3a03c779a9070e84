"""Landing page, municipality page, the analysis matrix, the gap view and bulk classification."""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kunskapsnod.mapping import services
from kunskapsnod.mapping.access import get_municipality, writable_municipalities
from kunskapsnod.mapping.forms import (
    BulkClassifyForm,
    ScopeForm,
)
from kunskapsnod.mapping.models import Item, Priority, Source
from kunskapsnod.mapping.services.analysis import build_matrix, current_list_sources, gap_ranking
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import can_change, require_write_access

PAGE_SIZE = 100


class NoAnalysisModel(Exception):
    """No version of the analysis model exists yet (a fresh database)."""


def scoped(request):
    form = ScopeForm(request.GET)
    model = form.model()
    if model is None:
        raise NoAnalysisModel
    return form, model


def needs_model(view):
    """The analysis pages need a model version. On a fresh database the menu still links
    here, so they explain how to load one instead of answering 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoAnalysisModel:
            return render(request, "mapping/no_model.html", {"can_admin": request.user.is_administrator})

    return wrapper


def may_classify(user, municipalities) -> bool:
    """Offer classification only to whom may change at least one municipality in scope
    (``None``: all of them); everyone else is offered the list to read."""
    writable = writable_municipalities(user)
    if municipalities is not None:
        writable = writable.filter(pk__in=municipalities.values("pk"))
    return writable.exists()


def in_scope(queryset, form):
    municipalities = form.municipalities()
    return queryset if municipalities is None else queryset.filter(municipality__in=municipalities)


@needs_model
def index(request):
    form, model = scoped(request)
    mapped = Q(mapping_items__isnull=False) | Q(mapping_priorities__isnull=False)
    municipalities = Organisation.objects.filter(mapped).distinct().order_by("name")
    context = {
        "form": form,
        "model": model,
        "summary": _summary(municipalities),
        "scope": form.query(),
        "can_import": writable_municipalities(request.user).exists(),
    }
    return render(request, "mapping/index.html", context)


def _summary(municipalities) -> list[dict]:
    top = Q(mapping_items__parent__isnull=True)
    rows = municipalities.annotate(
        interventions=Count("mapping_items", filter=top & Q(mapping_items__kind="insats"), distinct=True),
        needs=Count("mapping_items", filter=top & Q(mapping_items__kind="behov"), distinct=True),
    )
    # Only each municipality's current list counts, as in the combined priorities.
    current = current_list_sources(municipalities)
    priorities = dict(
        Priority.objects.filter(parent__isnull=True, source_id__in=current.values())
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {"municipality": m, "interventions": m.interventions, "needs": m.needs, "priorities": priorities.get(m.pk, 0)}
        for m in rows
    ]


def municipality_page(request, slug):
    municipality = get_municipality(slug)
    form = ScopeForm({"municipality": slug, **request.GET.dict()})
    model = form.model()
    context = {
        "municipality": municipality,
        "model": model,
        "matrix": build_matrix(model=model, municipalities=[municipality]) if model else None,
        "summary": _summary(Organisation.objects.filter(pk=municipality.pk))[0],
        "sources": Source.objects.filter(municipality=municipality),
        "current_list": current_list_sources([municipality]).get(municipality.pk),
        "can_edit": can_change(request.user, municipality),
        "may_classify": can_change(request.user, municipality),
        "priorities": Priority.objects.filter(municipality=municipality, parent__isnull=True)
        .select_related("source", "need")
        .prefetch_related("parts")
        .order_by("source__date", "source_id", "rank"),
        "scope": form.query(),
    }
    return render(request, "mapping/municipality.html", context)


@needs_model
def matrix(request):
    form, model = scoped(request)
    context = {
        "form": form,
        "model": model,
        "scope": form.query(),
        "scope_label": form.scope_label(),
        "matrix": build_matrix(model=model, municipalities=form.municipalities()),
        "may_classify": may_classify(request.user, form.municipalities()),
    }
    return render(request, "mapping/matrix.html", context)


@needs_model
def gap(request):
    form, model = scoped(request)
    table = build_matrix(model=model, municipalities=form.municipalities())
    context = {
        "form": form,
        "model": model,
        "scope": form.query(),
        "scope_label": form.scope_label(),
        "matrix": table,
        "ranking": gap_ranking(table),
        "may_classify": may_classify(request.user, form.municipalities()),
    }
    return render(request, "mapping/gap.html", context)


@needs_model
def unclassified(request):
    form, model = scoped(request)
    if request.method == "POST":
        require_write_access(request.user, kind=OrganisationKind.MUNICIPALITY, what="ändra kartläggningen")
    shown = in_scope(Item.objects.all(), form).unclassified_in(model)
    writable = shown.filter(municipality__in=writable_municipalities(request.user))
    bulk = BulkClassifyForm(request.POST or None, model=model, items=writable.select_related("municipality"))
    if request.method == "POST" and bulk.is_valid():
        data = bulk.cleaned_data
        count = services.classify_items(
            actor=request.user, items=list(data["items"]), model=model, themes=list(data["themes"]), level=data["level"]
        )
        messages.success(request, _("%(n)s poster klassificerades.") % {"n": count})
        return redirect(f"{request.path}?{form.query()}")
    context = {
        "form": form,
        "model": model,
        "bulk": bulk,
        "scope": form.query(),
        **_page(request, shown.select_related("municipality", "source", "parent"), writable),
    }
    return render(request, "mapping/unclassified.html", context)


def _page(request, shown, writable) -> dict:
    """One page of rows, and which of them the user may select."""
    page = Paginator(shown.order_by("municipality__name", "kind", "pk"), PAGE_SIZE).get_page(request.GET.get("sida"))
    ids = [row.pk for row in page]
    return {"page": page, "writable_ids": set(writable.filter(pk__in=ids).values_list("pk", flat=True))}
