"""The demo's youth data: generated people only, loaded once."""

import io

from kunskapsnod.youth import demo
from kunskapsnod.youth.models import AbsenceRecord, Flag, Person


class _Out(io.StringIO):
    def write(self, text):
        return super().write(text + "\n")


def test_the_demo_loads_generated_people_once(administrator, regions):
    out = _Out()
    demo.load(out)
    people = Person.objects.count()
    assert people == 40 and AbsenceRecord.objects.count() == 120 and Flag.objects.exists()
    assert all("Genererad" in name for name in Person.objects.values_list("name", flat=True))
    demo.load(out)
    assert Person.objects.count() == people
    assert "exists already" in out.getvalue()


def test_the_demo_loads_nothing_when_the_module_is_off(settings, regions):
    settings.KUNSKAPSNOD_YOUTH = False
    out = _Out()
    demo.load(out)
    assert not Person.objects.exists() and "off" in out.getvalue()
