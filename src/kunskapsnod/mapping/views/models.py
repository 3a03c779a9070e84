from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.mapping import services
from kunskapsnod.mapping.access import get_model_by_version
from kunskapsnod.mapping.forms import ModelVersionForm, VersionMappingForm
from kunskapsnod.mapping.models import AnalysisModel, Classification
from kunskapsnod.regions.permissions import is_node_staff, require_node_staff


def model_list(request):
    models = AnalysisModel.objects.select_related("created_from").prefetch_related("themes", "levels")
    context = {"models": models, "can_manage": is_node_staff(request.user)}
    return render(request, "mapping/model_list.html", context)


def model_detail(request, version):
    model = get_model_by_version(version)
    context = {
        "model": model,
        "themes": model.themes.prefetch_related("mapped_from__old__model", "mapped_to__new__model"),
        "levels": model.levels.prefetch_related("mapped_from__old__model", "mapped_to__new__model"),
        "classified": Classification.objects.current().filter(model=model).count(),
        "can_manage": is_node_staff(request.user),
    }
    return render(request, "mapping/model_detail.html", context)


def model_create(request, version):
    base = get_model_by_version(version)
    require_node_staff(request.user, what="analysmodellen")
    form = ModelVersionForm(request.POST or None, base=base)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.create_model_version(
                actor=request.user,
                base=base,
                name=form.cleaned_data["name"],
                notes=form.cleaned_data["notes"],
                theme_names=form.names("theme_"),
                new_themes=form.added("new_themes"),
                level_names=form.names("level_"),
                new_levels=form.added("new_levels"),
            )
        except services.MappingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Version %(v)s är skapad.") % {"v": model.version})
            return redirect(model)
    return render(request, "mapping/model_form.html", {"form": form, "base": base})


@require_POST
def model_carry_over(request, version):
    target = get_model_by_version(version)
    if target.created_from is None:
        return redirect(target)
    summary = services.carry_over_classifications(actor=request.user, source=target.created_from, target=target)
    messages.success(
        request,
        _(
            "%(carried)s klassificeringar fördes över, %(already)s fanns redan, %(unmapped)s saknar motsvarighet "
            "och står kvar som oklassificerade i den nya versionen."
        )
        % summary.__dict__,
    )
    return redirect(target)


def model_mappings(request, version):
    target = get_model_by_version(version)
    require_node_staff(request.user, what="analysmodellen")
    if target.created_from is None:
        raise Http404("Versionen bygger inte på en tidigare version")
    form = VersionMappingForm(request.POST or None, target=target)
    if request.method == "POST" and form.is_valid():
        services.set_version_mappings(
            actor=request.user, target=target, themes=form.theme_map(), levels=form.level_map()
        )
        messages.success(request, _("Mappningen är sparad."))
        return redirect(target)
    return render(request, "mapping/model_mappings.html", {"form": form, "model": target})
