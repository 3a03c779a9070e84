from ninja import Router, Schema

from kunskapsnod.regions.models import Organisation

router = Router(tags=["organisering"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    kolada_id: str | None
    associations: list[str]


@router.get("/municipalities", response=list[OrganisationOut])
def municipalities(request):
    """The municipalities with their Kolada ids and the associations they are members of."""
    return [_out(m) for m in Organisation.objects.municipalities().prefetch_related("association_links__association")]


@router.get("/associations", response=list[OrganisationOut])
def associations(request):
    return [_out(a) for a in Organisation.objects.associations()]


def _out(org: Organisation) -> dict:
    return {
        "slug": org.slug,
        "name": org.name,
        "kind": org.kind,
        "kolada_id": org.kolada_id,
        "associations": [link.association.slug for link in org.association_links.all()],
    }
