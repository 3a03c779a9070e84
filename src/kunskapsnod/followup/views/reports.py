"""The annual report: the page to write its texts and generate it, and each generated
report as HTML and PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.followup import services
from kunskapsnod.followup.access import check_year, get_association_or_404, get_report_for_user
from kunskapsnod.followup.forms import ReportTextForm
from kunskapsnod.followup.models import GeneratedReport, ReportText
from kunskapsnod.regions.permissions import can_change, require_change


def report_home(request, slug, year):
    association = get_association_or_404(slug)
    year = check_year(year)
    may_change = can_change(request.user, association)
    texts = ReportText.objects.filter(association=association, year=year).first() or ReportText()
    form = ReportTextForm(request.POST or None, instance=texts) if may_change else None
    if request.method == "POST":
        if form is None:
            require_change(request.user, association, what="årsrapporten")
        elif form.is_valid():
            services.save_report_texts(actor=request.user, association=association, year=year, **form.cleaned_data)
            messages.success(request, _("Förord och slutsatser är sparade."))
            return redirect("followup:report_home", association.slug, year)
    context = {
        "association": association,
        "year": year,
        "form": form,
        "texts": texts,
        "can_change": may_change,
        "reports": GeneratedReport.objects.filter(association=association, year=year).defer("html", "pdf", "inputs"),
    }
    return render(request, "followup/report_home.html", context, status=400 if form and form.errors else 200)


@require_POST
def generate(request, slug, year):
    association = get_association_or_404(slug)
    report = services.generate_report(actor=request.user, association=association, year=check_year(year))
    messages.success(request, _("Årsrapporten är skapad."))
    return redirect(report)


def report(request, pk):
    """The report as generated: a page of its own (the same document the PDF is made from)."""
    found = get_report_for_user(request.user, pk)
    return HttpResponse(found.html, content_type="text/html; charset=utf-8")


def report_pdf(request, pk):
    found = get_report_for_user(request.user, pk)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"arsrapport-{found.association.slug}-{found.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
