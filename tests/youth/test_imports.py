"""Imports of the KAA list and of absence: CSV and Excel, and bad files refused with line
numbers and nothing written."""

import io

import pytest
from openpyxl import Workbook

from kunskapsnod.youth import generated, identity
from kunskapsnod.youth.models import AbsenceRecord, KaaRecord, Person
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.imports import import_absence, import_kaa_list

HEADER = "personnummer;namn;födelsedatum;senaste skola;status\n"


def test_it_imports_a_kaa_list_and_finds_people_again_on_the_next(gbg_coordinator, org):
    goteborg = org("goteborg")
    data = generated.kaa_csv(20).encode()
    assert import_kaa_list(actor=gbg_coordinator, municipality=goteborg, data=data).created == 20
    again = import_kaa_list(actor=gbg_coordinator, municipality=goteborg, data=data)
    assert (again.created, again.updated, again.unchanged, again.conflicts) == (0, 0, 20, 0)
    assert Person.objects.filter(municipality=goteborg).count() == 20 == KaaRecord.objects.count()
    person = Person.objects.first()
    assert "genererad" in person.name.lower()
    assert identity.decrypt(person.identity_encrypted)[:4] == str(person.birth_year)


def test_it_reads_an_excel_list(gbg_coordinator, org):
    book = Workbook()
    sheet = book.active
    for line in generated.kaa_csv(3).splitlines():
        sheet.append(line.split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_kaa_list(actor=gbg_coordinator, municipality=org("goteborg"), data=buffer.getvalue()).created == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + "20080512-1373;Alva Genererad;2008-05-12;Skola;ny\n20080512-1374;Elias Genererad;;;ny\n", "Rad 3"),
        (HEADER + "20080512-1373;Alva Genererad;;;ny\n20080512-1373;Alva Genererad;;;studier\n", "på rad 2"),
        (HEADER + "20080512-1373;Alva Genererad;2008-05-13;;ny\n", "Födelsedatumet stämmer inte"),
        (HEADER + "20080512-1373;Alva Genererad;;;okänd\n", "okänd status"),
        ("namn;status\nAlva Genererad;ny\n", "kolumner saknas: personnummer"),
    ],
)
def test_it_refuses_a_bad_kaa_list_and_writes_nothing(gbg_coordinator, org, content, message):
    with pytest.raises(YouthError, match=message) as refused:
        import_kaa_list(actor=gbg_coordinator, municipality=org("goteborg"), data=content.encode())
    assert "Inget importerades" in str(refused.value) or "kolumner" in str(refused.value)
    assert not Person.objects.exists()


def test_it_refuses_a_windows_1252_file_with_its_line(gbg_coordinator, org):
    content = "personnummer;namn\n20080512-1373;Alva Genererad\n20100304-5828;Åsa Genererad\n".encode("cp1252")
    with pytest.raises(YouthError, match="Rad 3: filen är inte sparad som UTF-8"):
        import_kaa_list(actor=gbg_coordinator, municipality=org("goteborg"), data=content)
    assert not Person.objects.exists()


def test_it_needs_the_grant_of_the_municipality(boras_coordinator, org):
    from kunskapsnod.regions.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_kaa_list(actor=boras_coordinator, municipality=org("goteborg"), data=generated.kaa_csv(2).encode())


ABSENCE = "elev-id;skola;period;schemalagda lektioner;giltig frånvaro;ogiltig frånvaro;betyg\n"


def test_it_imports_absence_with_grades_and_replaces_a_period_on_reimport(gbg_coordinator, org):
    goteborg = org("goteborg")
    first = ABSENCE + "E1;Skola A;HT2025;100;2;1;C,F,-\nE1;Skola A;VT2026;100;20;10;E\n"
    assert import_absence(actor=gbg_coordinator, municipality=goteborg, data=first.encode()).created == 2
    assert AbsenceRecord.objects.get(period="HT2025").failing_courses == 2
    second = ABSENCE + "E1;Skola A;VT2026;100;1;0;E\n"
    result = import_absence(actor=gbg_coordinator, municipality=goteborg, data=second.encode())
    assert (result.created, result.updated) == (0, 1)
    assert AbsenceRecord.objects.get(period="VT2026").valid_absence == 1
    assert "E1" not in AbsenceRecord.objects.first().pupil_encrypted + AbsenceRecord.objects.first().pupil_key


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("E1;Skola A;HT2025;100;20;10;\nE1;Skola A;HT2025;100;21;10;\n", "Rad 4: samma elev och period som på rad 3"),
        ("E1;Skola A;HT2025;100;90;20;\n", "Rad 3: mer frånvaro än schemalagd tid"),
        ("E1;Skola A;hösten;100;1;1;\n", "Rad 3: perioden ska skrivas"),
        ("E1;Skola A;HT2025;sex;1;1;\n", "Rad 3: schemalagda lektioner ska vara ett heltal"),
    ],
)
def test_it_refuses_bad_absence_rows_and_writes_nothing(gbg_coordinator, org, rows, message):
    with pytest.raises(YouthError, match=message):
        import_absence(
            actor=gbg_coordinator,
            municipality=org("goteborg"),
            data=(ABSENCE + "E0;Skola A;HT2025;9;1;1;\n" + rows).encode(),
        )
    assert not AbsenceRecord.objects.exists()


def test_it_refuses_a_file_beyond_the_row_bound(gbg_coordinator, org, settings):
    settings.IMPORT_MAX_ROWS = 5
    with pytest.raises(YouthError, match="fler än 5 rader"):
        import_absence(actor=gbg_coordinator, municipality=org("goteborg"), data=generated.absence_csv(3).encode())


def test_the_import_page_shows_the_errors(client, gbg_coordinator, verified):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    verified(client, gbg_coordinator)
    upload = SimpleUploadedFile("kaa.csv", (HEADER + "20080512-1374;Alva;;;ny\n").encode())
    response = client.post(
        reverse("youth:kaa_import"), {"file": upload, "municipality": gbg_coordinator.organisation_id}
    )
    assert response.status_code == 400
    assert "Rad 2" in response.content.decode()
