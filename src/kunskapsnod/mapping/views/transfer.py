"""Export and import of the whole mapping in the pre-study's format."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kunskapsnod.mapping import services
from kunskapsnod.mapping.forms import ImportForm, ScopeForm
from kunskapsnod.regions.models import OrganisationKind
from kunskapsnod.regions.permissions import require_write_access

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export(request, fmt):
    if fmt not in services.WRITERS:
        raise Http404(_("Okänt format"))
    form = ScopeForm(request.GET)
    content = services.WRITERS[fmt](services.export_document(form.municipalities()))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="kartlaggning.{fmt}"'
    return response


def import_file(request):
    require_write_access(request.user, kind=OrganisationKind.MUNICIPALITY, what="ändra kartläggningen")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = services.read_document(upload.name, upload.read())
            summary = services.import_prestudy(actor=request.user, data=data)
        except (services.MappingError, services.PermissionDenied) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Inläst: %(summary)s.") % {"summary": summary})
            return redirect("mapping:index")
    return render(request, "mapping/import_form.html", {"form": form})
