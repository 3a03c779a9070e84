"""The scheduled job `reports` (kunskapsnod regenerate_reports): a stored annual report whose
inputs changed is generated again and stored beside the old one; an unchanged one is left.
The follow-up owns the regeneration; the operations app only runs its command."""

import ast
from pathlib import Path

import kunskapsnod.operations
from kunskapsnod.followup import services
from kunskapsnod.followup.models import GeneratedReport
from kunskapsnod.operations.models import RunStatus
from kunskapsnod.operations.services import run_job


def test_a_report_whose_inputs_changed_is_regenerated_and_the_old_one_kept(sjuharad, sjuharad_staff):
    first = services.generate_report(actor=sjuharad_staff, association=sjuharad, year=2026)
    quiet = run_job(name="reports")
    assert quiet.status == RunStatus.SUCCEEDED and "Sjuhärad" in quiet.summary and "unchanged" in quiet.summary
    assert GeneratedReport.objects.count() == 1

    services.save_report_texts(
        actor=sjuharad_staff, association=sjuharad, year=2026, foreword="Ett nytt förord.", conclusions=""
    )
    changed = run_job(name="reports")
    assert "regenerated" in changed.summary
    fresh = GeneratedReport.objects.exclude(pk=first.pk).get()
    assert "Ett nytt förord." in fresh.html and fresh.generated_by is None
    first.refresh_from_db()
    assert "Ett nytt förord." not in first.html  # the published one stays as it was


def test_the_follow_up_regenerates_its_reports_and_operations_only_runs_the_command(sjuharad, sjuharad_staff):
    services.generate_report(actor=sjuharad_staff, association=sjuharad, year=2026)
    (line,) = services.regenerate_reports()
    assert "Sjuhärad 2026: unchanged" in line
    operations = Path(kunskapsnod.operations.__file__).parent
    imported = {
        node.module
        for path in operations.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(module.startswith("kunskapsnod.followup") for module in imported)
