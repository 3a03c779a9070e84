"""The nightly regeneration of stored annual reports (`kunskapsnod regenerate_reports`,
which the operations app runs as the scheduled job `reports`).

A stored report (followup.GeneratedReport) keeps the inputs it was built from and their
hash. Every night each association's newest report of each year is compared with what its
inputs are now (Kolada revised a value, a plan was decided, a meeting registered); when
they differ a new report is generated and stored beside the old one, which stays as it was
published. Unchanged reports are left alone, so a quiet night stores nothing."""

from django.db import transaction

from kunskapsnod.followup.models import GeneratedReport
from kunskapsnod.followup.services.report import build_inputs, inputs_hash


def regenerate_reports() -> list[str]:
    """One line per stored (association, year): regenerated or unchanged."""
    lines = []
    newest: dict[tuple[int, int], GeneratedReport] = {}
    for report in (
        GeneratedReport.objects.select_related("association").defer("html", "pdf").order_by("-generated_at", "-pk")
    ):
        newest.setdefault((report.association_id, report.year), report)
    for report in sorted(newest.values(), key=lambda r: (r.association.name, r.year)):
        label = f"{report.association.name} {report.year}"
        inputs = build_inputs(report.association, report.year)
        if inputs_hash(inputs) == report.inputs_hash:
            lines.append(f"{label}: unchanged since {report.generated_at:%Y-%m-%d %H:%M}")
            continue
        fresh = _store(report, inputs)
        lines.append(f"{label}: inputs changed; regenerated (report {fresh.pk}, previous {report.pk} kept)")
    return lines


@transaction.atomic
def _store(previous: GeneratedReport, inputs: dict) -> GeneratedReport:
    from kunskapsnod.followup.services.rendering import render_report  # as generate_report does

    html, pdf = render_report(inputs)
    # generated_by stays empty: the scheduler, not a person, regenerated it.
    return GeneratedReport.objects.create(
        association=previous.association,
        year=previous.year,
        inputs=inputs,
        inputs_hash=inputs_hash(inputs),
        html=html,
        pdf=pdf,
    )
