from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.mapping import services
from kunskapsnod.mapping.access import get_item_for_user, get_model_by_version, latest_model, writable_municipalities
from kunskapsnod.mapping.forms import ClassifyForm, ItemFilterForm, ItemForm
from kunskapsnod.mapping.models import Classification, Item
from kunskapsnod.regions.models import OrganisationKind
from kunskapsnod.regions.permissions import can_change, require_write_access
from kunskapsnod.text import parse_id

PAGE_SIZE = 50


def listed_items():
    return Item.objects.select_related("municipality", "source", "parent").prefetch_related(
        "actor_links", "parts", "classifications__themes", "classifications__level", "classifications__model"
    )


def item_list(request):
    form = ItemFilterForm(request.GET)
    page = Paginator(form.filter(listed_items()), PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "form": form,
        "page": page,
        "model": form.model(),
        "can_create": writable_municipalities(request.user).exists(),
        "query": _without_page(request.GET),
    }
    template = "mapping/item_list.html#results" if request.htmx else "mapping/item_list.html"
    return render(request, template, context)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("sida", None)
    return params.urlencode()


def item_detail(request, pk):
    item = get_item_for_user(request.user, pk)
    history = Classification.objects.filter(item=item).select_related("model", "level", "created_by")
    context = {
        "item": item,
        "parts": item.parts.all(),
        "history": history.prefetch_related("themes").order_by("-model__version", "-is_current", "-created_at"),
        "priorities": item.priorities.select_related("source"),
        "can_edit": can_change(request.user, item.municipality),
    }
    return render(request, "mapping/item_detail.html", context)


def item_form(request, pk=None):
    if pk is None:
        require_write_access(request.user, kind=OrganisationKind.MUNICIPALITY, what="registrera insatser eller behov")
    item = get_item_for_user(request.user, pk, write=True) if pk else Item()
    form = ItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.save_item(
                actor=request.user,
                item=form.save(commit=False),
                actors=form.cleaned_data["actors"],
                meeting=form.cleaned_data["meeting"],
            )
        except services.MappingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Posten är sparad."))
            return redirect(item)
    return render(request, "mapping/item_form.html", {"form": form, "item": item})


@require_POST
def item_delete(request, pk):
    item = get_item_for_user(request.user, pk, write=True)
    services.delete_item(actor=request.user, item=item)
    messages.success(request, _("Posten är borttagen."))
    return redirect("mapping:items")


def item_classify(request, pk):
    item = get_item_for_user(request.user, pk, write=True)
    version = parse_id(request.GET.get("version"))
    model = get_model_by_version(version) if version is not None else latest_model()
    form = ClassifyForm(request.POST or None, model=model)
    if request.method == "POST" and form.is_valid():
        services.classify_items(actor=request.user, items=[item], model=model, **form.cleaned_data)
        messages.success(request, _("Klassificeringen är sparad."))
        return redirect(item)
    return render(request, "mapping/classify_form.html", {"form": form, "item": item, "model": model})
