"""Staff pages of own indicators: list, define, change, upload values. Node staff and
administrators only; an indicator of another association answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.own_forms import OwnIndicatorForm, OwnValuesForm
from kunskapsnod.indicators.services import ImportDataError
from kunskapsnod.indicators.services.own import (
    create_own_indicator,
    import_own_values,
    owner_choices,
    update_own_indicator,
)
from kunskapsnod.indicators.services.parsing import parse_values_bytes
from kunskapsnod.regions.permissions import can_change, get_for_user_or_404, require_node_staff

WHAT = "egna indikatorer"


def _own_indicator(user, code: str) -> Indicator:
    """Forbidden to all but staff (as the list is); another association's indicator is
    "not found" for its staff."""
    require_node_staff(user, what=WHAT)
    return get_for_user_or_404(
        user, Indicator.objects.own().select_related("owner"), write=True, owner="owner", code=code.upper()
    )


def own_list(request):
    require_node_staff(request.user, what=WHAT)
    indicators = [
        (indicator, can_change(request.user, indicator.owner))
        for indicator in Indicator.objects.own().select_related("owner").order_by("sort_order", "code")
    ]
    return render(request, "indicators/own_list.html", {"indicators": indicators})


def own_create(request):
    require_node_staff(request.user, what=WHAT)
    form = OwnIndicatorForm(request.POST or None, owners=owner_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = create_own_indicator(actor=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{indicator.code} är skapad. Ladda upp dess värden här.")
            return redirect("indicators:own_upload", code=indicator.code)
    return render(request, "indicators/own_form.html", {"form": form, "indicator": None})


def own_edit(request, code):
    indicator = _own_indicator(request.user, code)
    form = OwnIndicatorForm(request.POST or None, owners=[indicator.owner], indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            update_own_indicator(actor=request.user, indicator=indicator, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{indicator.code} är sparad.")
            return redirect("indicators:own_list")
    return render(request, "indicators/own_form.html", {"form": form, "indicator": indicator})


def own_upload(request, code):
    indicator = _own_indicator(request.user, code)
    form = OwnValuesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = parse_values_bytes(upload.read(), file=upload.name)
            summary = import_own_values(actor=request.user, indicator=indicator, rows=rows, file=upload.name)
        except ImportDataError as exc:
            form.add_error("file", f"Ingenting sparades. {exc}")
        else:
            messages.success(
                request,
                f"{upload.name}: {summary.created} nya, {summary.updated} ändrade och "
                f"{summary.unchanged} oförändrade värden för {indicator.code}.",
            )
            return redirect("indicators:own_upload", code=indicator.code)
    values = indicator.values.count()
    return render(request, "indicators/own_upload.html", {"form": form, "indicator": indicator, "values": values})
