"""The search page's GET parameters (the JSON twin reads the same form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsnod.mapping.models import AgeGroup
from kunskapsnod.search.models import DocumentKind, Synonym
from kunskapsnod.text import parse_id

# Facet → how its values are read from the URL. Each may repeat (?kind=insats&kind=behov).
ID_FACETS = ("theme", "level", "municipality", "association")


def _year(value: str) -> int | None:
    number = parse_id(value)
    return number if number is not None and 1900 <= number <= 2200 else None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, strip=True)

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def filters(self) -> dict[str, list]:
        """The chosen facet values that make sense; anything else in the URL is ignored
        (a stale or hand-edited link shows the results without that filter)."""
        kinds = set(DocumentKind.values)
        targets = set(AgeGroup.values)
        chosen: dict[str, list] = {
            "kind": [v for v in self.data.getlist("kind") if v in kinds],
            "target": [v for v in self.data.getlist("target") if v in targets],
            "year": [y for y in map(_year, self.data.getlist("year")) if y is not None],
        }
        for name in ID_FACETS:
            chosen[name] = [n for n in map(parse_id, self.data.getlist(name)) if n is not None]
        return {name: sorted(set(values))[:20] for name, values in chosen.items() if values}


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["term", "meaning"]
