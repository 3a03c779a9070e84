"""Absence follow-up: each school's thresholds, flags with their reasons (the rules of
earlywarning.py), the investigation and the home municipality tracked, and pseudonymous
aggregates for the node."""

from django.urls import reverse

from kunskapsnod.youth import aggregates
from kunskapsnod.youth.models import Flag, SchoolThreshold
from kunskapsnod.youth.services.flags import follow_up_flag, save_threshold
from kunskapsnod.youth.services.imports import import_absence

ROWS = (
    "elev-id;skola;period;schemalagda lektioner;giltig frånvaro;ogiltig frånvaro;underkända kurser\n"
    "E1;Strikt skola;HT2025;100;2;0;0\n"
    "E1;Strikt skola;VT2026;100;8;0;0\n"
    "E2;Lugn skola;VT2026;100;8;0;0\n"
    "E3;Lugn skola;VT2026;100;4;2;1\n"
)


def test_each_school_sets_its_own_thresholds_and_every_flag_says_why(gbg_coordinator, org):
    goteborg = org("goteborg")
    save_threshold(actor=gbg_coordinator, threshold=SchoolThreshold(municipality=goteborg, school="Strikt skola",
                                                                    total_percent=5, rise_points=5))  # fmt: skip
    import_absence(actor=gbg_coordinator, municipality=goteborg, data=ROWS.encode())
    flags = {(f.record.school, f.record.period, f.rule): f.reason for f in Flag.objects.select_related("record")}
    assert ("Strikt skola", "VT2026", "total_absence") in flags  # 8 % ≥ the school's 5 %
    assert ("Strikt skola", "VT2026", "rising_absence") in flags  # from 2 % to 8 %
    assert ("Lugn skola", "VT2026", "total_absence") not in flags  # 8 % < the default 10 %
    assert ("Lugn skola", "VT2026", "absence_and_results") in flags  # 6 % with a failing course
    assert "8 %" in flags[("Strikt skola", "VT2026", "total_absence")]
    assert "E1" not in " ".join(flags.values())


def test_changing_a_threshold_evaluates_the_school_again(gbg_coordinator, org):
    goteborg = org("goteborg")
    import_absence(actor=gbg_coordinator, municipality=goteborg, data=ROWS.encode())
    assert not Flag.objects.filter(record__school="Lugn skola", rule="total_absence").exists()
    save_threshold(
        actor=gbg_coordinator, threshold=SchoolThreshold(municipality=goteborg, school="Lugn skola", total_percent=7)
    )
    assert Flag.objects.filter(record__school="Lugn skola", rule="total_absence").count() == 1


def test_the_follow_up_is_tracked_and_aggregated_pseudonymously(client, gbg_coordinator, org, verified):
    goteborg = org("goteborg")
    import_absence(actor=gbg_coordinator, municipality=goteborg, data=ROWS.encode())
    flag = Flag.objects.filter(record__school="Lugn skola").first()
    verified(client, gbg_coordinator)
    response = client.post(reverse("youth:flag", kwargs={"pk": flag.pk}),
                           {"investigation_opened_on": "2026-03-02", "home_informed_on": "2026-03-03"})  # fmt: skip
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (str(flag.investigation_opened_on), str(flag.home_informed_on)) == ("2026-03-02", "2026-03-03")
    summary = aggregates.absence_summary(organisations=[goteborg], minimum=1)
    row = next(r for r in summary["rows"] if r["school"] == "Lugn skola")
    assert (row["pupils"], row["flagged_pupils"], row["flags_investigated"]) == (2, 1, 1)
    strict = next(r for r in summary["rows"] if r["school"] == "Strikt skola" and r["period"] == "VT2026")
    assert strict["pupils"] == 1 and strict["flagged_pupils"] == 1  # one pupil, two flags
    assert aggregates.absence_summary(organisations=[goteborg])["rows"][0]["pupils"] is None  # below 5: suppressed
    page = client.get(reverse("youth:absence")).content.decode()
    assert "aldrig en diagnos" in page


def test_a_followed_up_flag_survives_a_looser_threshold(gbg_coordinator, org):
    goteborg = org("goteborg")
    import_absence(actor=gbg_coordinator, municipality=goteborg, data=ROWS.encode())
    flag = Flag.objects.get(record__school="Lugn skola", rule="absence_and_results")
    follow_up_flag(
        actor=gbg_coordinator, flag=flag, investigation_opened_on=flag.raised_at.date(), home_informed_on=None
    )
    save_threshold(actor=gbg_coordinator, threshold=SchoolThreshold(municipality=goteborg, school="Lugn skola",
                                                                    combined_percent=None))  # fmt: skip
    assert Flag.objects.filter(pk=flag.pk).exists()


def test_a_corrected_import_rewrites_the_reason(gbg_coordinator, org):
    goteborg = org("goteborg")
    import_absence(actor=gbg_coordinator, municipality=goteborg, data=ROWS.encode())
    corrected = ROWS.splitlines()[0] + "\nE3;Lugn skola;VT2026;100;5;2;1\n"
    import_absence(actor=gbg_coordinator, municipality=goteborg, data=corrected.encode())
    assert "7 %" in Flag.objects.get(record__school="Lugn skola", rule="absence_and_results").reason
